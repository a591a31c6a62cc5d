import Foundation
import Testing

/// What `convert --target` and `validate --target` tell the user about what the daemon will do
/// (issue 16 item 10).
@Suite struct TargetMessagesCLITests {
    /// oxenstored's legacy db has no global line: the restored daemon would listen on nothing.
    /// convert says so, and validate counts that warning as it counts those of the C profiles.
    @Test func aDumpWhoseDaemonListensOnNothingIsNotWrittenWithoutAWord() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("dump").path
        let converted = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump.legacy"), "--target", "oxenstored", "-o", output])
        #expect(converted.status == 0)
        #expect(converted.stderr.contains("warning: no listening socket (fd -1): oxenstored would restore this and listen on nothing, reachable only through the rings (--socket-fd names the fd at which it inherits one)"))
        let validated = try CLI.run(["validate", output, "--target", "oxenstored"])
        #expect(validated.status == 0)
        #expect(validated.stderr.contains("the global line names no listening socket (rw-socket-fd -1): oxenstored would restore this dump but listen on nothing"), "\(validated.stderr)")
        #expect(validated.stdoutText.hasSuffix("\(output): valid for oxenstored (1 warning)\n"), "\(validated.stdoutText)")
    }

    /// The seed's stream records a ring's remote port (the guest's end) but not its mfn. dom0's
    /// mfn is made up (oxenstored ignores it); a guest's never is (0 could map the wrong page of
    /// an HVM guest as its ring, issue 14): without a store/ring-ref in its store, the guest's
    /// connection is a loss, named with what is missing, and left out with loss allowed.
    @Test func seedToOxenstoredMakesUpOnlyDom0sMfn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("dump")
        let converted = try CLI.run(["convert", CLI.fixture("seed/host.bin"), "--target", "oxenstored", "--allow-loss", "-o", output.path])
        #expect(converted.status == 0)
        #expect(converted.stderr.contains("synthesized: dom0's mfn, not in the input: written as 0"))
        #expect(converted.stderr.contains("2 × guest ring connection whose mfn (store/ring-ref) is in neither the input nor the guest's /local/domain/N/store"))
        #expect(!converted.stderr.contains("a guest's mfn, not in the input"))
        #expect(!converted.stderr.contains("remote port, not in the input"))
        let dump = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        #expect(dump.contains("\ndom,0,0,") && !dump.contains("\ndom,1,"))
    }

    /// What makes the seed's dump lossy for C is what the daemon does on restore (it ignores
    /// transactions and applies pending nodes as committed), not the stream version.
    @Test func aTargetsRefusalNamesTheDaemon() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try CLI.run(["convert", CLI.fixture("seed/host.bin"), "--target", "xenstored-4.17", "-o", directory.appendingPathComponent("out").path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("error: \(directory.appendingPathComponent("out").path): xenstored-4.17 would not restore everything in the input; nothing was written. It would lose:\n  - TRANSACTION_DATA (xenstored-4.17 ignores transactions on restore)"))
        #expect(!refused.stderr.contains("binary stream version 1"))
    }
}
