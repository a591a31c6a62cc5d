import Foundation
import Testing

/// The output never replaces the input, and appears only once complete (see also
/// `ErrorReportingCLITests.failedConversionLeavesNoFileBehind`).
@Suite struct OutputSafetyCLITests {
    static let fixture = CLI.fixture("cxenstored/minimal.state_dump")

    /// A directory holding `input` (a copy of the fixture), a hard link `hard` and a symbolic
    /// link `symbolic` to it.
    func directoryWithInput() throws -> URL {
        let directory = try CLI.temporaryDirectory()
        let input = directory.appendingPathComponent("input")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: input.path)
        try FileManager.default.linkItem(at: input, to: directory.appendingPathComponent("hard"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("symbolic").path, withDestinationPath: "input")
        return directory
    }

    /// The output named as the input, through the same name or another path, a hard link or a
    /// symbolic link: a usage error, and the input is untouched.
    @Test(arguments: ["input", "./input", "hard", "symbolic", "../DIR/input"])
    func writingOverTheInputIsRefused(_ output: String) throws {
        let directory = try directoryWithInput()
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = output.replacingOccurrences(of: "DIR", with: directory.lastPathComponent)
        let result = try CLI.run(["convert", "input", "--to", "json", "-o", name], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("xsconvert: error: \(name): is the input file"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: directory.appendingPathComponent("input")) == Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["hard", "input", "symbolic"])
    }

    /// The input named through a link, the output as the file itself: refused too.
    @Test func readingThroughALinkAndWritingTheFileIsRefused() throws {
        let directory = try directoryWithInput()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["convert", "symbolic", "--to", "binary", "--gzip", "-o", "hard"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr == "xsconvert: error: hard: is the input file (symbolic, under another name); write the output to another file, then move it\n")
    }

    /// Another file in the same folder is fine, and appears complete with no temporary left.
    @Test func anotherOutputIsWrittenAndNothingElseIsLeft() throws {
        let directory = try directoryWithInput()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["convert", "input", "--to", "binary", "-o", "output"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("output")) == Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["hard", "input", "output", "symbolic"])
    }

    /// A failure while compressing an archive leaves neither the archive nor a temporary file,
    /// and an existing archive as it was.
    @Test func failedArchiveLeavesNothingBehind() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/pending-io.state_dump")))
        try whole.prefix(whole.count - 4).write(to: directory.appendingPathComponent("cut"))
        let fresh = try CLI.run(["convert", "cut", "--to", "binary", "-o", "out.gz"], in: directory)
        #expect(fresh.status == 65)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["cut"])
        try Data("earlier archive".utf8).write(to: directory.appendingPathComponent("out.gz"))
        let over = try CLI.run(["convert", "cut", "--to", "binary", "-o", "out.gz"], in: directory)
        #expect(over.status == 65)
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.gz")) == Data("earlier archive".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["cut", "out.gz"])
    }

    /// An output folder that cannot be written: exit 73, nothing created.
    @Test func unwritableFolderExits73() throws {
        let result = try CLI.run(["convert", Self.fixture, "--to", "binary", "-o", "/proc/xsconvert-out"])
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("xsconvert: error: /proc/xsconvert-out: cannot create a temporary file beside it"))
    }

    /// A directory as input: exit 66.
    @Test func directoryInputExits66() throws {
        let result = try CLI.run(["convert", "/tmp", "--to", "binary", "-o", "/dev/null"])
        #expect(result.status == 66)
        #expect(result.stderr == "xsconvert: error: /tmp: is a directory, expected a file\n")
    }

    /// A read that fails at the system level: exit 74, nothing created.
    @Test func readErrorExits74() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["convert", "/proc/self/mem", "--from", "binary", "--to", "json", "-o", "out"], in: directory)
        #expect(result.status == 74)
        #expect(result.stderr == "xsconvert: error: /proc/self/mem: read failed: Input/output error\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// A full device as the output: exit 73.
    @Test func fullDeviceExits73() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump"), "--to", "json", "-o", "/dev/full"])
        #expect(result.status == 73)
        #expect(result.stderr == "xsconvert: error: /dev/full: write failed: No space left on device\n")
    }

    /// Stopped by a signal halfway (its input still coming), the process removes its
    /// temporary file: nothing is left in the output's directory, and the signal still ends it.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ])
    func aSignalLeavesNoTemporaryFile(_ signal: Int32) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["convert", "-", "--to", "json", "-o", directory.appendingPathComponent("out.json").path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dump = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/basic.state_dump")))
        input.fileHandleForWriting.write(dump.prefix(4096))  // the rest never comes
        // Wait until the output's temporary file exists: the conversion is under way.
        for _ in 0..<500 where try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty { usleep(10_000) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1, "the temporary file")
        kill(process.processIdentifier, signal)
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        if process.isRunning {
            Issue.record("still running 5 s after the signal")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        try? input.fileHandleForWriting.close()
    }

    /// An output that replaces a file keeps that file's permissions (a new one gets 0644
    /// less the umask).
    @Test func aReplacedFileKeepsItsPermissions() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("state_dump").path
        FileManager.default.createFile(atPath: output, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
        #expect(try CLI.run(["convert", Self.fixture, "--to", "binary", "-o", output]).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
    }
}
