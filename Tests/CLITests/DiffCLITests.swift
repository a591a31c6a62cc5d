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

    /// A stream whose record lengths leave out their padding holds the same snapshot for
    /// xsconvert, but C xenstored reads it out of step and loses the store: diff says so.
    @Test func anUnpaddedStreamIsNotCalledIdenticalWithoutSayingSo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start: [UInt8] = Array("xenstore".utf8) + [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0]
        // NODE_DATA "/a", owner n0: 23 bytes of body, 1 of padding
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0x6e, 0, 0, 0, 0x2f, 0x61, 0]
        let padded = directory.appendingPathComponent("padded"), unpadded = directory.appendingPathComponent("unpadded")
        try Data(start + [5, 0, 0, 0, 24, 0, 0, 0] + body + [0] + [UInt8](repeating: 0, count: 8)).write(to: padded)
        try Data(start + [5, 0, 0, 0, 23, 0, 0, 0] + body + [0] + [UInt8](repeating: 0, count: 8)).write(to: unpadded)
        let result = try CLI.run(["diff", padded.path, unpadded.path])
        #expect(result.status == 0)
        #expect(result.stdoutText == "identical: \(padded.path) and \(unpadded.path) hold the same snapshot, as xsconvert reads them; 1 warning above says how a daemon may read them otherwise\n")
        #expect(result.stderr.contains("NODE_DATA has len 23, which leaves out the padding to 8 bytes"))
        let quiet = try CLI.run(["diff", "-q", padded.path, unpadded.path])
        #expect(quiet.stdoutText.hasSuffix("1 warning (not shown: -q) says how a daemon may read them otherwise\n"))
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
