import Foundation
import Testing

/// No temporary file is left behind however a conversion ends (issue 18, item 7): the abort of
/// running out of memory and a file-size limit remove it on the way out; one a killed process
/// could not remove is removed by the next conversion to the same output (unless a live
/// process still holds it); a long output name gets a temporary name that fits; an output
/// named through a symbolic link writes the file the link points to.
@Suite(.serialized) struct TemporaryFileCLITests {
    /// The entries of `directory`, sorted.
    func contents(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// `xsconvert convert - --from json --to binary -o DIRECTORY/out`, its input a pipe the
    /// test writes; returns once the output's temporary file exists.
    func startConversion(into directory: URL) throws -> (Process, Pipe) {
        let before = try contents(directory).count
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["convert", "-", "--from", "json", "--to", "binary", "-o", directory.appendingPathComponent("out").path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(#"{"format":"xsconvert-snapshot","version":1,"records":["#.utf8))
        for _ in 0..<500 where try contents(directory).count == before { usleep(10_000) }
        return (process, input)
    }

    func waitForExit(_ process: Process) {
        for _ in 0..<2000 where process.isRunning { usleep(10_000) }
        if process.isRunning {
            Issue.record("still running after 20 s")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Out of memory halfway (its address space capped just above what it uses, then fed
    /// 20 MB of records to hold): the runtime aborts, and the temporary file goes with it.
    @Test func runningOutOfMemoryLeavesNoTemporaryFile() throws {
        signal(SIGPIPE, SIG_IGN)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (process, input) = try startConversion(into: directory)
        #expect(try contents(directory).count == 1, "the temporary file")
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        let size = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmSize:") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") })
        let cap = Process()
        cap.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")  // util-linux
        cap.arguments = ["--pid", String(process.processIdentifier), "--as=\((size + 8 * 1024) * 1024)"]
        try cap.run()
        cap.waitUntilExit()
        #expect(cap.terminationStatus == 0)
        let record = #"{"kind":"node","path":"/n","value":"0123456789012345678901234567890123456789","permissions":["n0"]},"#
        let chunk = Data(String(repeating: record, count: 10_000).utf8)
        for _ in 0..<200 where process.isRunning { try? input.fileHandleForWriting.write(contentsOf: chunk) }
        try? input.fileHandleForWriting.close()
        waitForExit(process)
        #expect(process.terminationReason == .uncaughtSignal, "status \(process.terminationStatus)")
        // The runtime's abort on a failed allocation, or the kernel's SIGSEGV when the stack
        // cannot grow within the cap.
        #expect([SIGABRT, SIGSEGV].contains(process.terminationStatus), "signal \(process.terminationStatus)")
        #expect(try contents(directory).isEmpty)
    }

    /// Past the file-size limit (`ulimit -f`), SIGXFSZ ends the process: no file is left.
    @Test func aFileSizeLimitLeavesNoTemporaryFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -f 8; exec \"$0\" convert \"$1\" --to json -o out.json", CLI.executable.path,
                             CLI.fixture("cxenstored/pending-io.state_dump")]
        process.currentDirectoryURL = directory
        process.standardError = FileHandle.nullDevice
        try process.run()
        waitForExit(process)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGXFSZ)
        #expect(try contents(directory).isEmpty)
    }

    /// A process killed outright (SIGKILL) leaves its temporary file; the next conversion to
    /// the same output removes it, but not one a live process still holds.
    @Test func theNextRunRemovesWhatAKilledRunLeft() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (killed, killedInput) = try startConversion(into: directory)
        kill(killed.processIdentifier, SIGKILL)
        waitForExit(killed)
        try? killedInput.fileHandleForWriting.close()
        let abandoned = try contents(directory)
        #expect(abandoned.count == 1 && abandoned[0].hasPrefix(".out.xsconvert-"), "\(abandoned)")
        // A live writer's temporary file, as old as the abandoned one.
        let (live, liveInput) = try startConversion(into: directory)
        let held = try contents(directory).filter { !abandoned.contains($0) }
        #expect(held.count == 1)
        for name in try contents(directory) {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)],
                                                  ofItemAtPath: directory.appendingPathComponent(name).path)
        }
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/minimal.state_dump"), "--to", "binary", "-o", "out"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try contents(directory) == (held + ["out"]).sorted(), "the abandoned file removed, the held one kept")
        kill(live.processIdentifier, SIGTERM)
        waitForExit(live)
        try? liveInput.fileHandleForWriting.close()
        #expect(try contents(directory) == ["out"])
    }

    /// An output name of 250 bytes, the longest a file name may be less a little: its
    /// temporary name is cut to fit.
    @Test func aLongOutputNameWorks() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = String(repeating: "é", count: 100) + String(repeating: "n", count: 50)  // 250 bytes
        #expect(name.utf8.count == 250)
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/minimal.state_dump"), "--to", "json", "-o", name], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try contents(directory) == [name])
    }

    /// `-o` naming a symbolic link writes the file it points to (atomically, beside that
    /// file) and leaves the link a link; a link to a file not there yet creates that file.
    @Test(arguments: [true, false])
    func anOutputThroughASymbolicLinkWritesItsTarget(_ targetExists: Bool) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let targets = directory.appendingPathComponent("targets")
        try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: true)
        if targetExists { try Data("old".utf8).write(to: targets.appendingPathComponent("state")) }
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link").path, withDestinationPath: "targets/state")
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/minimal.state_dump"), "--to", "binary", "-o", "link"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("link").path) == "targets/state")
        #expect(try Data(contentsOf: targets.appendingPathComponent("state")) == Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/minimal.state_dump"))))
        #expect(try contents(directory) == ["link", "targets"])
        #expect(try contents(targets) == ["state"])
    }
}
