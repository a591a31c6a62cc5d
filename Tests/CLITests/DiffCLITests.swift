import Foundation
import Testing

/// `xsconvert diff` with diff(1)'s exit statuses: 0 same, 1 different, 2 trouble.
@Suite struct DiffCLITests {
    let minimal = CLI.fixture("cxenstored/minimal.state_dump")
    let basic = CLI.fixture("cxenstored/basic.state_dump")

    @Test func sameSnapshotInAnotherByteOrderIsIdentical() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("basic.be.gz").path
        #expect(try CLI.run(["convert", basic, "--to", "binary", "--byte-order", "big", "-o", big]).status == 0)
        let result = try CLI.run(["diff", basic, big])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("identical:"))
    }

    @Test func differentSnapshotsExitOne() throws {
        let result = try CLI.run(["diff", minimal, basic])
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("+ node /local/domain/0/name: \"Domain-0\" (n0)"))
        #expect(lines.contains("~ connection socket fd 7 pending output: 19 bytes -> 0 bytes"))
        #expect(lines.last?.hasSuffix("between \(minimal) (A) and \(basic) (B)") == true)
    }

    @Test func jsonOutputIsValidAndComplete() throws {
        let result = try CLI.run(["diff", minimal, basic, "--json"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(object?["identical"] as? Bool == false)
        let differences = try #require(object?["differences"] as? [[String: Any]])
        #expect(differences.contains { $0["kind"] as? String == "node" && $0["key"] as? String == "/vm" && $0["a"] == nil })
    }

    @Test(arguments: [["diff", "/nonexistent", "x"], ["diff", "only-one"], ["diff", "--bogus", "a", "b"]])
    func troubleExitsTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}

@Suite struct CrossFormatDiffCLITests {
    /// oxenstored's dump and its conversion to C's stream hold the same store.
    @Test func textDumpAndItsBinaryConversionAreTheSameStore() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = CLI.fixture("oxenstored/basic.dump")
        let binary = directory.appendingPathComponent("state_dump").path
        #expect(try CLI.run(["convert", dump, "--to", "binary", "-o", binary]).status == 0)
        let result = try CLI.run(["diff", dump, binary])
        #expect(result.status == 0, "\(result.stdoutText)")
    }

    /// The legacy dump holds only nodes: every node matches, and what differs is what it
    /// cannot hold (global data, connections, watches).
    @Test func legacyDumpDiffersOnlyInWhatItCannotHold() throws {
        let result = try CLI.run(["diff", CLI.fixture("oxenstored/basic.dump"), CLI.fixture("oxenstored/basic.dump.legacy"), "--json"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        let kinds = Set((object?["differences"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
        #expect(kinds == ["global", "connection", "watch"])
    }
}
