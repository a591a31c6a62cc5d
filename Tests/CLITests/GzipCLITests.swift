import Foundation
import Testing

/// Archives against the real gzip(1): what xsconvert writes, gunzip reads back to exactly the
/// uncompressed output; what gzip writes, xsconvert reads.
@Suite struct GzipCLITests {
    static let dumps = ["minimal.state_dump", "basic.state_dump", "pending-io.state_dump"]

    /// Runs a system tool; returns its standard output.
    func tool(_ path: String, _ arguments: [String], stdin: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(path) \(arguments)")
        return data
    }

    @Test(arguments: dumps)
    func gunzipReadsWhatXsconvertWrote(_ name: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("out.bin").path
        let archive = directory.appendingPathComponent("out.bin.gz").path
        #expect(try CLI.run(["convert", CLI.fixture("cxenstored/" + name), "--to", "binary", "--byte-order", "big", "-o", plain]).status == 0)
        let made = try CLI.run(["convert", CLI.fixture("cxenstored/" + name), "--to", "binary", "--byte-order", "big", "-o", archive, "--level", "9"])
        #expect(made.status == 0, "\(made.stderr)")
        _ = try tool("/usr/bin/gzip", ["-t", archive])
        #expect(try tool("/usr/bin/gzip", ["-dc", archive]) == (try Data(contentsOf: URL(fileURLWithPath: plain))))
        // gzip -N restores the recorded name.
        let listing = String(decoding: try tool("/usr/bin/gzip", ["-lN", archive]), as: UTF8.self)
        #expect(listing.contains("out.bin"))
    }

    @Test(arguments: dumps)
    func xsconvertReadsWhatGzipWrote(_ name: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/" + name)))
        let archive = try tool("/usr/bin/gzip", ["-c", "-n"], stdin: original)
        let result = try CLI.run(["convert", "-", "--to", "binary"], stdin: archive)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == original)
    }

    /// The text formats too: gunzip gives back exactly the text xsconvert writes, and
    /// xsconvert reads gzip's archives of oxenstored's dumps.
    @Test(arguments: ["oxenstored/basic.dump", "oxenstored/guests200.dump"])
    func textDumpArchivesInteroperate(_ name: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(name)))
        let archive = directory.appendingPathComponent("db.gz").path
        let made = try CLI.run(["convert", CLI.fixture(name), "--to", "oxenstored", "-o", archive])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try tool("/usr/bin/gzip", ["-dc", archive]) == original)
        let inspected = try CLI.run(["inspect", archive])
        #expect(inspected.stdoutText.contains("comment:   xsconvert=0.1.0 format=oxenstored"))
        let back = try CLI.run(["convert", "-", "--to", "oxenstored"], stdin: try tool("/usr/bin/gzip", ["-c"], stdin: original))
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == original)
    }

    @Test func legacyDumpArchiveIsRead() throws {
        let legacy = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("oxenstored/basic.dump.legacy")))
        let result = try CLI.run(["convert", "-", "--to", "xenstore-ls"], stdin: try tool("/usr/bin/gzip", ["-c"], stdin: legacy))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("oxenstored/basic.dump.ls")))))
    }

    /// Two archives concatenated (gzip's multi-member form) read as the whole stream.
    @Test func readsMultiMemberArchives() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/basic.state_dump")))
        let first = try tool("/usr/bin/gzip", ["-c"], stdin: original.prefix(5000))
        let second = try tool("/usr/bin/gzip", ["-c"], stdin: original.dropFirst(5000))
        let result = try CLI.run(["inspect", "-"], stdin: first + second)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("2 members"))
        #expect(result.stdoutText.contains("records:     150"))
    }

    @Test func inspectShowsArchiveMetadata() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("snap.state_dump.gz").path
        #expect(try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump"), "--to", "binary", "-o", archive]).status == 0)
        let result = try CLI.run(["inspect", archive])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "file:        \(archive)")
        #expect(lines.contains("  name:      snap.state_dump"))
        #expect(lines.contains("  comment:   xsconvert=0.1.0 format=binary dialect=standard version=1 byte-order=little nodes=133"))
    }

    @Test func corruptArchiveIsAnErrorAndWritesNothing() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/pending-io.state_dump")))
        var archive = try tool("/usr/bin/gzip", ["-c"], stdin: original)
        archive[archive.count - 6] ^= 0x40  // the trailer's CRC32
        let input = directory.appendingPathComponent("bad.gz")
        try archive.write(to: input)
        let output = directory.appendingPathComponent("out")
        let result = try CLI.run(["convert", input.path, "--to", "binary", "-o", output.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(input.path): at byte"))
        #expect(result.stderr.contains("CRC32 mismatch"))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let truncated = directory.appendingPathComponent("cut.gz")
        try archive.prefix(archive.count / 2).write(to: truncated)
        let cut = try CLI.run(["convert", truncated.path, "--to", "binary", "-o", output.path])
        #expect(cut.status == 65)
        #expect(cut.stderr.contains("truncated"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// Compression runs on a second thread: a write that fails there still fails the
    /// conversion, with the device's error.
    @Test func aFailedCompressedWriteIsReported() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/pending-io.state_dump"), "--to", "binary", "--gzip", "-o", "/dev/full"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("/dev/full: write failed: No space left on device"), "\(result.stderr)")
    }
}
