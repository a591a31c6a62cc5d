import Foundation
import Testing

@Suite struct InspectCLITests {
    /// The figures match the record listing in the corpus (`basic.state_dump.txt`:
    /// GLOBAL=1, CONN=7, WATCH=9, NODE=133; 12000 bytes).
    @Test func describesARealDump() throws {
        let result = try CLI.run(["inspect", CLI.fixture("cxenstored/basic.state_dump")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("format:      binary (standard), version 1, little-endian"))
        #expect(lines.contains("size:        12000 bytes"))
        #expect(lines.contains("records:     150"))
        #expect(lines.contains { $0.hasPrefix("  CONNECTION_DATA") && $0.hasSuffix(" 7") })
        #expect(lines.contains { $0.hasPrefix("  WATCH_DATA") && $0.hasSuffix(" 9") })
        #expect(lines.contains { $0.hasPrefix("  NODE_DATA") && $0.hasSuffix(" 133") })
        #expect(lines.contains("connections: 7 (4 ring, 3 socket)"))
        // The corpus listing's GLOBAL record: socket_fd=3 evtchn_fd=6 (issue #24).
        #expect(lines.contains("daemon:      listening socket fd 3, event channel fd 6"))
        #expect(lines.contains("  conn 4: ring domid 3 target 2 evtchn 5, 0 watches"))
        #expect(lines.contains("  conn 7: socket fd 9, 0 watches, 19 bytes pending out"))
        #expect(lines.contains { $0.hasPrefix("nodes:       133 committed (2 special), 0 pending") })
    }

    @Test func readsStandardInput() throws {
        let dump = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/pending-io.state_dump")))
        let result = try CLI.run(["inspect"], stdin: dump)
        #expect(result.status == 0)
        #expect(result.stdoutText.hasPrefix("file:        <stdin>\n"))
        #expect(result.stdoutText.contains("  conn 1: ring domid 0 evtchn 2, 1 watch, 52916 bytes pending out (23 of a partial response)"))
    }

    /// The size is the whole (uncompressed) input's, also for a JSON document read in chunks
    /// past the first 64 KiB, plain or in an archive.
    @Test func sizeOfALargeJSONDocument() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("state.json").path
        let written = try CLI.run(["convert", CLI.fixture("oxenstored/guests200.dump"), "--to", "json", "-o", json])
        #expect(written.status == 0, "\(written.stderr)")
        let size = try #require(FileManager.default.attributesOfItem(atPath: json)[.size] as? Int)
        #expect(size > 1 << 19)
        let archived = try CLI.run(["convert", json, "--to", "json", "-o", json + ".gz"])
        #expect(archived.status == 0, "\(archived.stderr)")
        for input in [json, json + ".gz"] {
            let result = try CLI.run(["inspect", input])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdoutText.contains("\nsize:        \(size) bytes\n"), "\(input): \(result.stdoutText)")
        }
    }

    /// Each format with what xsconvert does with it, in aligned columns (the longest name,
    /// oxenstored-legacy, included).
    @Test func formatsListsEveryFormatInColumns() throws {
        let result = try CLI.run(["formats"])
        #expect(result.status == 0)
        let blocks = result.stdoutText.components(separatedBy: "\n\n")
        let lines = blocks[0].split(separator: "\n").map(String.init)
        #expect(lines.map { String($0.prefix { $0 != " " }) } == ["binary", "oxenstored", "oxenstored-legacy", "json", "xenstore-ls"])
        // then the targets, one a line
        let targets = blocks.dropFirst().joined().split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
        #expect(targets == ["xenstored-4.17", "xenstored-4.21", "xenstored-4.22", "oxenstored", "oxenstored-xapi"])
        let modes = lines.map { $0.dropFirst(19).prefix(10).trimmingCharacters(in: .whitespaces) }
        #expect(modes == ["read/write", "read/write", "read only", "read/write", "write only"], "\(result.stdoutText)")
        #expect(Set(lines.map { $0.dropFirst(31).first == " " }) == [false], "the summaries start in one column")
    }
}

@Suite struct InspectTreeCLITests {
    @Test func treeShowsTheStoreAndOwners() throws {
        let result = try CLI.run(["inspect", "--tree", CLI.fixture("cxenstored/basic.state_dump")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("tree:"))
        #expect(lines.contains("          name = \"Domain-0\"  (n0)"))
        #expect(lines.contains("  @releaseDomain  (n0,r1)  [special]"))
        // Owners of the 133 committed nodes, by the first permission of each.
        let owners = lines.drop { $0 != "nodes by owner:" }.dropFirst()
        #expect(owners.map { Int($0.split(separator: " ").last!)! }.reduce(0, +) == 133)
    }

    /// What the restored daemon inherits, which an operator needs for --socket-fd: oxenstored's
    /// `global,3` and `evtchn-dev,5,1` lines; a legacy db and a seed dump record none (issue #24).
    @Test(arguments: [
        ("oxenstored/basic.dump", "daemon:      listening socket fd 3, event channel fd 5, DOM_EXC port 1"),
        ("oxenstored/basic.dump.legacy", "daemon:      no GLOBAL_DATA (no listening socket or event-channel fd recorded)"),
    ])
    func showsWhatTheDaemonInherits(_ fixture: String, _ line: String) throws {
        let result = try CLI.run(["inspect", CLI.fixture(fixture)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.split(separator: "\n").contains { $0 == line }, "\(result.stdoutText)")
    }
}
