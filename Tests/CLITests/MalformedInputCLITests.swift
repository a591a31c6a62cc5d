import Foundation
import TestSupport
import Testing

/// The malformed-input suite (Tests/TestSupport/MalformedInputs.swift) through the real
/// process: `xsconvert convert FILE --to json -o OUT -q` exits with the case's status, says
/// exactly one line, `xsconvert: error: FILE…: …fragment…`, of at most 400 characters
/// besides the file's name (a bounded excerpt of the input, however long the fault), and
/// leaves no OUT and no temporary file. (`MalformedInputTests` runs the same table in process.)
@Suite struct MalformedInputCLITests {
    @Test(arguments: MalformedInput.all)
    func exitsWithOneLine(_ bad: MalformedInput) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input")
        try Data(try bad.bytes()).write(to: input)
        let result = try CLI.run(["convert", input.path, "--to", "json", "-o", directory.appendingPathComponent("out").path, "-q"] + bad.options)
        #expect(result.status == bad.status, "\(bad.name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(bad.name): not one line: \(result.stderr)")
        #expect(result.stderr.hasPrefix("xsconvert: error: \(input.path)"), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains(bad.message), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.count - input.path.count <= 400, "\(bad.name): \(result.stderr.count) characters")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["input"], "\(bad.name): output left behind")
    }
}

/// Errors about the records as a whole name the input too.
@Suite struct WholeInputErrorCLITests {
    @Test(arguments: [["--to", "binary"], ["--target", "oxenstored"]])
    func missingParentsNameTheFile(_ options: [String]) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("orphan.json")
        try Data(#"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"node","path":"/a/b","value":"","permissions":["n0"]}]}"#.utf8)
            .write(to: input)
        let result = try CLI.run(["convert", input.path, "-o", directory.appendingPathComponent("out").path] + options)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("xsconvert: error: \(input.path): 1 node cannot be restored: its parent is missing"), "\(result.stderr)")
        #expect(result.stderr.contains("\n  - /a\n"))
    }
}

/// A fault over a limit says which option raises it (the library names the limit; the CLI,
/// its option).
@Suite struct LimitHintCLITests {
    @Test(arguments: [
        ("--max-path-length", "binary: a node path of 4000 bytes"), ("--max-value-size", "binary: a value of 5000 bytes"),
        ("--max-record-size", "binary: len 0xfffffff0 in an archive of 5 MiB"), ("--max-expansion", "gzip: expands more than allowed"),
    ])
    func namesTheOption(_ option: String, _ name: String) throws {
        let bad = try #require(MalformedInput.all.first { $0.name == name })
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input")
        try Data(try bad.bytes()).write(to: input)
        let result = try CLI.run(["convert", input.path, "--to", "json", "-o", "-"] + bad.options)
        #expect(result.status == 65)
        #expect(result.stderr.hasSuffix(" (\(option) raises it)\n"), "\(result.stderr)")
    }
}
