import Foundation
import PropertyBased
import Testing
@testable import XSConvertKit

/// The listing against what the real `xenstore-ls -f -p` printed from the daemon that wrote
/// each corpus dump (the listing section of the corpus's `.txt` beside each dump).
@Suite struct XenstoreListingTests {
    /// The lines after "## store before the update (xenstore-ls -f -p /)".
    static func realListing(_ name: String) throws -> [String] {
        let text = String(decoding: try Fixtures.bytes(name + ".txt"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("## store before the update (xenstore-ls -f -p /)") })
        return Array(lines[(start + 1)...]).filter { !$0.isEmpty }
    }

    @Test(arguments: Fixtures.cxenstoredDumps)
    func matchesRealXenstoreLsOfCXenstored(_ name: String) throws {
        let (snapshot, _) = try BinaryStreamAdapter().read(try Fixtures.bytes(name))
        #expect(XenstoreListing.lines(of: snapshot.nodes, as: .c) == (try Self.realListing(name)))
    }

    /// Escaping as libxenstore's sanitise_value: quotes stay, control bytes are octal, bytes
    /// from 0x7f are hex.
    @Test func escapesLikeLibxenstore() {
        #expect(XenstoreListing.sanitise([0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F]) == "\\000\\001\\t\\n\\r\\037")
        #expect(XenstoreListing.sanitise(Bytes(utf8: "say \"hi\" \\ ok")) == "say \"hi\" \\\\ ok")
        #expect(XenstoreListing.sanitise([0x7F, 0x80, 0xC3, 0xA9, 0xFF]) == "\\x7f\\x80\\xc3\\xa9\\xff")
    }

    /// C lists children in insertion order and leaves out the special nodes; oxenstored sorts
    /// children by name and lists its special nodes under `/`.
    @Test func orderAndSpecialNodesFollowTheDaemon() {
        let owner = [Permission(access: Permission.none, domid: 0)]
        let nodes = [
            Node(path: Bytes(utf8: "@releaseDomain"), permissions: owner),
            Node(path: Bytes(utf8: "/"), permissions: owner),
            Node(path: Bytes(utf8: "/vm"), permissions: owner),
            Node(path: Bytes(utf8: "/local"), permissions: owner),
            Node(path: Bytes(utf8: "/local/b"), value: Bytes(utf8: "2"), permissions: owner + [Permission(access: Permission.read, domid: 3, flags: 1)]),
            Node(path: Bytes(utf8: "/local/a"), value: Bytes(utf8: "1"), permissions: owner),
            Node(path: Bytes(utf8: "/orphan/child"), permissions: owner),
        ]
        #expect(XenstoreListing.lines(of: nodes, as: .c) == [
            "/vm = \"\"   (n0)", "/local = \"\"   (n0)", "/local/b = \"2\"   (n0,r3)", "/local/a = \"1\"   (n0)",
        ])
        #expect(XenstoreListing.lines(of: nodes, as: .oxenstored) == [
            "/@releaseDomain = \"\"   (n0)", "/local = \"\"   (n0)", "/local/a = \"1\"   (n0)", "/local/b = \"2\"   (n0,r3)",
            "/vm = \"\"   (n0)",
        ])
    }
}

/// oxenstored's view: its dumps listed as the real `xenstore-ls -f -p` listed the live
/// daemon before the live update (`*.dump.ls` in the corpus; guests200's made by the peer's
/// wire client, byte-identical to xenstore-ls where that works).
@Suite struct OxenstoredListingTests {
    @Test(arguments: ["oxenstored/basic.dump", "oxenstored/guests200.dump", "oxenstored/basic.dump.legacy"])
    func matchesRealXenstoreLsOfOxenstored(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let adapter = try FormatRegistry.standard.detect(ByteInput(bytes: bytes))
        let (snapshot, _) = try adapter.read(bytes)
        let listing = name.hasSuffix(".legacy") ? String(name.dropLast(".legacy".count)) + ".ls" : name + ".ls"
        let expected = String(decoding: try Fixtures.bytes(listing), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(XenstoreListing.lines(of: snapshot.nodes, as: .oxenstored) == expected)
    }
}

/// The listing learnt node by node (`ListingOrder`, lines kept apart) lists exactly what the
/// whole tree (`StoreTree`) lists, for stores in any order: children before parents, nodes
/// given twice, special nodes, pending nodes, nodes without parents, with or without `/`.
@Suite struct ListingOrderTests {
    static let path: SnapshotGen.Gen_<Bytes> = SnapshotGen.letter(from: "abc").array(of: 1...2).array(of: 0...3)
        .map { (components: [Bytes]) -> Bytes in
            components.isEmpty ? Bytes(utf8: "/") : components.flatMap { [UInt8(ascii: "/")] + $0 }
        }.eraseToAny()
    static let node: SnapshotGen.Gen_<Node> = zip(Gen.oneOf(path, Gen.always(Bytes(utf8: "@introduceDomain")).eraseToAny()),
                                                 SnapshotGen.bytes, SnapshotGen.permission.array(of: 1...2), Gen<Int>.int(in: 0...9))
        .map { (t: (Bytes, Bytes, [Permission], Int)) in
            Node(path: t.0, value: t.1, permissions: t.2, pending: t.3 == 0 ? .init(connectionID: 1, transactionID: 1, access: 1) : nil)
        }.eraseToAny()

    @Test(arguments: Daemon.allCases)
    func listsWhatTheWholeTreeLists(_ daemon: Daemon) async {
        await propertyCheck(count: 300, input: Self.node.array(of: 0...40)) { nodes in
            var expected: [String] = []
            StoreTree(nodes, as: daemon).walk(sorted: daemon == .oxenstored) { node, _ in expected.append(XenstoreListing.line(for: node)) }
            #expect(XenstoreListing.lines(of: nodes, as: daemon) == expected)
            // And through the writer, its lines on a temporary file.
            let sink = MemorySink()
            let output = ByteOutput(sink: sink, name: "out")
            try ListingAdapter().writeSnapshot(Snapshot(records: nodes.map(Record.node)), to: output,
                                               options: WriteOptions(listingDaemon: daemon), diagnostics: Diagnostics())
            #expect(String(decoding: sink.bytes, as: UTF8.self) == expected.map { $0 + "\n" }.joined())
        }
    }

    /// Lines long and short, some replaced (where the writer keeps them on its temporary file
    /// is then found by other means: a line of more than 2 KiB, a line written after later
    /// nodes).
    @Test(arguments: Daemon.allCases)
    func longAndReplacedLinesComeBackFromTheTemporaryFile(_ daemon: Daemon) throws {
        var nodes = [Node(path: Bytes(utf8: "/"), value: [], permissions: [Permission(access: Permission.none, domid: 0)])]
        for index in 0..<300 {
            let path = Bytes(utf8: "/d\(index % 7)") + (index < 7 ? [] : Bytes(utf8: "/n\(index % 40)"))
            let value = Bytes(repeating: UInt8(ascii: "a") + UInt8(index % 26), count: (index * 37) % 5000)
            nodes.append(Node(path: path, value: value, permissions: [Permission(access: Permission.read, domid: UInt16(index))]))
        }
        let sink = MemorySink()
        let output = ByteOutput(sink: sink, name: "out")
        try ListingAdapter().writeSnapshot(Snapshot(records: nodes.map(Record.node)), to: output,
                                           options: WriteOptions(listingDaemon: daemon), diagnostics: Diagnostics())
        #expect(String(decoding: sink.bytes, as: UTF8.self) == XenstoreListing.lines(of: nodes, as: daemon).map { $0 + "\n" }.joined())
    }

    /// Where no temporary file can be created, the lines are kept in memory, and come back the
    /// same; so do lines that went to a file past the memory limit, or stayed below it.
    @Test func linesComeBackFromMemoryOrTheTemporaryFile() throws {
        let spills = [ListingSpill(memoryLimit: 0), ListingSpill(directory: "/nonexistent/directory", memoryLimit: 0),
                      ListingSpill(memoryLimit: 100_000), ListingSpill()]
        for (index, spill) in spills.enumerated() {
            let lines = (0..<100).map { String(repeating: "x", count: $0 * 61) }
            for (slot, line) in lines.enumerated() { try spill.keep(line, path: Bytes(utf8: "/p\(slot)"), for: slot) }
            try spill.keep("again", path: Bytes(utf8: "/p3"), for: 3)
            try spill.flush()
            #expect((spill.fileDescriptor != nil) == [true, false, true, false][index])
            for slot in [99, 0, 3, 50, 51, 2] {
                #expect(try spill.path(of: slot) == Bytes(utf8: "/p\(slot)"))
                #expect(try spill.withLine(of: slot) { String(decoding: $0, as: UTF8.self) } == (slot == 3 ? "again" : lines[slot]))
            }
        }
    }

    /// The temporary file has no name in its directory (nothing to leave behind) and is closed
    /// on exec (no program xsconvert runs inherits it).
    @Test func theTemporaryFileHasNoNameAndIsClosedOnExec() throws {
        let directory = "/tmp/xsconvert-spill-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkdir(directory, 0o700) == 0)
        defer { rmdir(directory) }
        let spill = ListingSpill(directory: directory, memoryLimit: 10)
        try spill.keep(String(repeating: "y", count: 5000), path: Bytes(utf8: "/a"), for: 0)
        try spill.flush()
        let fd = try #require(spill.fileDescriptor)
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        var info = stat()
        #expect(fstat(fd, &info) == 0 && info.st_size >= 5000 && info.st_mode & 0o777 == 0o600)
        #expect(try spill.withLine(of: 0) { $0.count } == 5000)
    }
}
