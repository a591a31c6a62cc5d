import Foundation
import Testing

/// Every command-line error in one shape, `xsconvert: error: …` on one line (docs/errors.md),
/// whoever found it: ArgumentParser or xsconvert (issue #16 item 6).
@Suite struct CommandLineErrorCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let input = CLI.fixture("oxenstored/basic.dump")

    static let cases: [Case] = [
        Case(arguments: ["convert", input, "--tojson"], status: 64, message: "unknown option '--tojson' (see 'xsconvert convert --help')"),
        Case(arguments: ["inspect", "--bogus", input], status: 64, message: "unknown option '--bogus' (see 'xsconvert inspect --help')"),
        Case(arguments: ["conver", input], status: 64, message: "unknown command 'conver' (did you mean 'convert'?)"),
        Case(arguments: ["valdate", input], status: 64, message: "unknown command 'valdate' (did you mean 'validate'?)"),
        Case(arguments: ["frobnicate"], status: 64, message: "unknown command 'frobnicate'; the commands are convert, inspect, validate, diff, formats"),
        Case(arguments: ["convert", input, "--to", "binary", "--byte-order", "middle"], status: 64,
             message: "the value 'middle' is invalid for '--byte-order <byte-order>'"),
        Case(arguments: ["diff", input], status: 2, message: "missing expected argument '<b>' (see 'xsconvert diff --help')"),
        Case(arguments: ["convert", input, "--to", "yaml"], status: 64, message: "unknown format 'yaml'"),
        Case(arguments: ["validate", input, "--target", "xenstored-9"], status: 64, message: "the value 'xenstored-9' is invalid for '--target <profile>'"),
    ]

    @Test(arguments: cases) func oneShape(_ testCase: Case) throws {
        let result = try CLI.run(testCase.arguments)
        #expect(result.status == testCase.status, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("xsconvert: error: " + testCase.message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}

/// Options that do not apply to what is written are refused, never silently ignored; the
/// output format defaults to the input's (issue #16, safe defaults).
@Suite struct OptionApplicabilityCLITests {
    static let input = CLI.fixture("oxenstored/basic.dump")

    @Test(arguments: [
        (["--to", "json", "--level", "9"], "--level is for gzip output"),
        (["--to", "binary", "--pretty"], "--pretty is for JSON, but the output is binary"),
        (["--to", "binary", "--daemon", "c"], "--daemon is for a xenstore-ls listing, but the output is binary"),
        (["--to", "json", "--byte-order", "big"], "--byte-order is for a binary stream, but the output is json"),
        (["--stream-version", "2"], "--stream-version is for a binary stream, but the output is oxenstored"),
        (["--to", "json", "--dialect", "seed"], "--dialect is for a binary stream or an oxenstored dump, but the output is json"),
        (["--to", "binary", "--create-parents"], "--create-parents goes with --target"),
        (["--to", "json", "--from-dialect", "seed"], "--from-dialect is for a binary stream, but this input is oxenstored"),
        (["--to", "json", "--socket-fd", "3"], "--socket-fd goes with --target"),
    ])
    func refused(_ options: [String], _ message: String) throws {
        let result = try CLI.run(["convert", Self.input, "-o", "/dev/null"] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("xsconvert: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// `convert db -o db.gz`: the same format, archived, without --to.
    @Test func outputFormatDefaultsToTheInputs() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("db.gz").path
        let archived = try CLI.run(["convert", Self.input, "-o", archive, "--level", "9"])
        #expect(archived.status == 0, "\(archived.stderr)")
        let back = try CLI.run(["convert", archive])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try Data(contentsOf: URL(fileURLWithPath: Self.input))))
        // A format that is only read names what to write.
        let legacy = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump.legacy")])
        #expect(legacy.status == 64)
        #expect(legacy.stderr == "xsconvert: error: oxenstored-legacy can be read but not written; name the output format with --to\n")
    }

    /// Every command that reads input takes the same reading options: --strict refuses a line
    /// oxenstored would skip, in validate and diff as in convert and inspect.
    @Test(arguments: [["convert", "--to", "json"], ["inspect"], ["validate"], ["diff", CLI.fixture("oxenstored/basic.dump")]])
    func strictEverywhere(_ command: [String]) throws {
        var dump = try String(contentsOfFile: Self.input, encoding: .utf8)
        dump = dump.replacingOccurrences(of: "\nglobal,", with: "\nglobl,1\nglobal,")
        let lenient = try CLI.run(command + ["-"], stdin: Data(dump.utf8))
        #expect([0, 1].contains(lenient.status), "\(lenient.stderr)")
        #expect(lenient.stderr.contains("unknown line kind 'globl'"))
        let strict = try CLI.run(command + ["--strict", "-"], stdin: Data(dump.utf8))
        #expect(strict.status == (command[0] == "diff" ? 2 : 65), "\(strict.stderr)")
        #expect(strict.stderr.contains("unknown line kind 'globl' (oxenstored skips this line; strict reading refuses it)"), "\(strict.stderr)")
    }

    /// The input's layout is --from-dialect everywhere; inspect's and validate's old
    /// --dialect still works, deprecated and said so.
    @Test(arguments: ["inspect", "validate"]) func inputDialectHasOneSpelling(_ command: String) throws {
        let seed = CLI.fixture("seed/host.bin")
        let current = try CLI.run([command, "--from-dialect", "standard", seed])
        #expect(current.stderr.contains("xsconvert: error: "), "standard cannot read the seed's records")
        let deprecated = try CLI.run([command, "--dialect", "standard", seed])
        #expect(deprecated.status == current.status)
        #expect(deprecated.stderr.hasPrefix("xsconvert: warning: --dialect here is deprecated: it means the input's layout, which is --from-dialect everywhere\n"))
    }
}

/// As gzip(1): compressed or binary data is not written to a terminal; a command waiting for
/// a terminal's input says so.
@Suite struct TerminalCLITests {
    static let input = CLI.fixture("cxenstored/minimal.state_dump")

    @Test(arguments: [["--to", "binary"], [], ["--to", "json", "--gzip"]])
    func binaryIsNotWrittenToATerminal(_ options: [String]) throws {
        let result = try CLI.runOnTerminal(["convert", Self.input] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("xsconvert: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("output is not written to a terminal; name a file with -o or redirect standard output"))
        #expect(result.terminal.isEmpty)
    }

    @Test func textIsWrittenToATerminal() throws {
        let result = try CLI.runOnTerminal(["convert", Self.input, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.terminal.contains("xsconvert-snapshot"))
    }

    @Test(arguments: [["inspect"], ["convert", "--to", "json"], ["validate"]])
    func waitingForATerminalSaysSo(_ command: [String]) throws {
        let result = try CLI.runOnTerminal(command, stdinOnTerminal: true)
        #expect(result.stderr.hasPrefix("xsconvert: note: reading the snapshot from the terminal (standard input); Ctrl-D ends it, Ctrl-C stops\n"), "\(result.stderr)")
        #expect(result.status == 65, "empty input: \(result.stderr)")
    }
}
