import Foundation
import Testing

/// Progress goes to a terminal only: shown there for a conversion that takes a while, never
/// written into a pipe, and off with --no-progress. A slow producer on standard input makes
/// the conversion last about a second.
@Suite struct ProgressCLITests {
    /// Runs `xsconvert arguments…` reading the fixture from a producer that then waits a
    /// second; under script(1), a pseudo-terminal, when `terminal`. Returns what reached stderr
    /// (and, under script, stdout: the terminal's whole output).
    func slowConversion(_ extraArguments: [String], terminal: Bool) throws -> (status: Int32, text: String) {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.json").path
        let command = "(cat '\(CLI.fixture("cxenstored/basic.state_dump"))'; sleep 1) | '\(CLI.executable.path)' convert - --to json -o '\(output)' "
            + extraArguments.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: terminal ? "/usr/bin/script" : "/bin/sh")
        process.arguments = terminal ? ["-qec", command, "/dev/null"] : ["-c", command]
        let errors = Pipe(), out = Pipe()
        process.standardError = errors
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile() + errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: output))
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }

    @Test func shownOnATerminal() throws {
        let run = try slowConversion([], terminal: true)
        #expect(run.status == 0)
        #expect(run.text.contains("xsconvert: read "), "\(run.text)")
        #expect(run.text.contains("\r\u{1B}[K"), "the line is cleared at the end")
    }

    @Test func neverInAPipe() throws {
        let run = try slowConversion(["--progress"], terminal: false)
        #expect(run.status == 0)
        #expect(run.text.isEmpty, "\(run.text)")
    }

    @Test func offWithNoProgress() throws {
        let run = try slowConversion(["--no-progress"], terminal: true)
        #expect(run.status == 0)
        #expect(!run.text.contains("xsconvert: read"), "\(run.text)")
    }
}
