import Foundation
import Testing

/// A host running the seed-patched oxenstored moves to C xenstored.
@Suite struct SeedCLITests {
    @Test func inspectNamesTheDialect() throws {
        let result = try CLI.run(["inspect", CLI.fixture("seed/host.bin")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("format:      binary (seed), version 1, big-endian"))
    }

    @Test(arguments: ["seed/host.bin"])
    func seedDumpBecomesWhatCXenstoredLoads(_ name: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("state_dump").path
        let converted = try CLI.run(["convert", CLI.fixture(name), "--target", "xenstored-4.17", "--allow-loss", "-o", output])
        #expect(converted.status == 0, "\(converted.stderr)")
        let validated = try CLI.run(["validate", output, "--target", "xenstored-4.17"])
        #expect(validated.status == 0, "\(validated.stdoutText)")
    }

    /// The generated 100k-node seed dump has no ring connection for dom0, without which C
    /// xenstored crashes: refused, saying so.
    @Test func dumpWithoutDom0IsRefusedForC() throws {
        let result = try CLI.run(["convert", CLI.fixture("seed/big-100k.bin.gz"), "--target", "xenstored-4.17", "--allow-loss", "-o", "/dev/null"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no ring connection for dom0"))
    }

    /// seed → standard (stdout) → seed (stdin) gives back the seed's bytes.
    @Test func seedThroughStandardAndBack() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("seed/pending-data.bin")))
        let standard = try CLI.run(["convert", CLI.fixture("seed/pending-data.bin"), "--to", "binary"])
        #expect(standard.status == 0)
        let back = try CLI.run(["convert", "-", "--to", "binary", "--dialect", "seed"], stdin: standard.stdout)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == original)
    }

    @Test func forcingTheWrongDialectIsAnErrorNamingIt() throws {
        let result = try CLI.run(["inspect", "--dialect", "standard", CLI.fixture("seed/host.bin")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("seed's layout") || result.stderr.contains("CONNECTION_DATA"))
    }
}
