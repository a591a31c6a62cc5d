import Foundation
import Testing

/// JSON is lossless for what a stream holds, orphan nodes included: a document xsconvert
/// wrote from a stream converts back as that stream would (issue #16 item 1).
@Suite struct JSONRoundTripCLITests {
    /// The seed's 100k-node dump has 1852 missing parents with 29632 nodes below them.
    @Test func orphansSurviveJSON() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.bin").path
        let unzipped = try CLI.run(["convert", CLI.fixture("seed/big-100k.bin.gz"), "--to", "binary", "--dialect", "seed", "-o", big])
        #expect(unzipped.status == 0, "\(unzipped.stderr)")
        let json = directory.appendingPathComponent("big.json").path
        let toJSON = try CLI.run(["convert", big, "--to", "json", "-o", json])
        #expect(toJSON.status == 0, "\(toJSON.stderr)")
        let direct = try CLI.run(["convert", big, "--to", "binary"])
        let throughJSON = try CLI.run(["convert", json, "--to", "binary"])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(throughJSON.status == 0, "\(throughJSON.stderr)")
        #expect(throughJSON.stdout == direct.stdout)
        #expect(throughJSON.stdout.count > 8_000_000)
    }

    /// Where the parents must exist (a target), the count and the list agree: the missing
    /// parents, first 20 of them then how many more.
    @Test func missingParentsAreCountedAsListed() throws {
        let result = try CLI.run(["convert", CLI.fixture("seed/big-100k.bin.gz"), "--target", "oxenstored", "-o", "/dev/null"])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("29632 nodes cannot be restored: their parents are missing; the 1852 missing parents:") == true, "\(lines.first ?? "")")
        #expect(lines.filter { $0.hasPrefix("  - /") }.count == 20)
        #expect(lines.contains("  - … and 1832 more"))
    }
}

/// A plain `--to binary` writes what was asked, and says in one warning when the daemon that
/// reads that layout would not restore it (issue #16, safe defaults).
@Suite struct SafeBinaryOutputCLITests {
    @Test func oxenstoredDumpWarnsOfTheFirstFault() throws {
        let result = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump"), "--to", "binary", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("xsconvert: warning: ") }
        #expect(warnings == ["xsconvert: warning: /dev/null: xenstored-4.17 would not restore this stream: the first connection is domain 2's, but xenstored-4.17 needs dom0's ring connection first (it crashes otherwise) (input: \(CLI.fixture("oxenstored/basic.dump")), line 4) (convert --target xenstored-4.17 writes what it restores)"],
                "\(result.stderr)")
    }

    @Test func seedStreamWarnsOfTheFirstFault() throws {
        let result = try CLI.run(["convert", CLI.fixture("seed/host.bin"), "--to", "binary", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("xsconvert: warning: /dev/null: xenstored-4.17 would not restore this stream: CONNECTION_DATA comes first, but xenstored-4.17 needs GLOBAL_DATA first (it crashes otherwise)"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("(convert --target xenstored-4.17 writes what it restores)\n"))
    }

    /// A real C dump, in any byte order, is what its daemon restores: no warning.
    @Test(arguments: [["--byte-order", "little"], ["--byte-order", "big"], ["--stream-version", "2"]])
    func cDumpIsQuiet(_ options: [String]) throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump"), "--to", "binary", "-o", "/dev/null"] + options)
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    /// The target's output is what it restores: no warning either.
    @Test func targetOutputIsQuiet() throws {
        let result = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump"), "--target", "xenstored-4.17", "-q", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("would not restore"))
    }
}
