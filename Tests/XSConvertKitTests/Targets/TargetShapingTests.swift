import Testing
import XSConvertKit

/// `convert --target`: what each daemon restores, checked by `validate` for the same daemon.
@Suite struct TargetShapingTests {
    static let inputs = Fixtures.cxenstoredDumps + Fixtures.oxenstoredDumps + Fixtures.cxenstored421Dumps + Fixtures.cxenstored422Dumps
    static let owner = [Permission(access: Permission.none, domid: 0)]

    /// Converts a fixture for `target` (allowing loss), returns the output and what was said.
    func convert(_ name: String, for target: TargetProfile, options: WriteOptions = WriteOptions(allowLoss: true)) throws -> (Bytes, Diagnostics) {
        let diagnostics = Diagnostics()
        let sink = MemorySink()
        _ = try Converter().convert(ByteInput(bytes: try Fixtures.bytes(name), name: name), to: ByteOutput(sink: sink, name: "out"),
                                    target: target, writeOptions: options, diagnostics: diagnostics)
        return (sink.bytes, diagnostics)
    }

    func validate(_ bytes: Bytes, for target: TargetProfile) throws -> [ValidationReport.Finding] {
        let input = ByteInput(bytes: bytes, name: "out")
        let adapter = try FormatRegistry.standard.detect(input)
        return try Validator.validate(input, adapter: adapter, target: target, diagnostics: Diagnostics()).errors
    }

    @Test(arguments: inputs, TargetProfile.all)
    func outputPassesTheTargetsOwnValidation(_ name: String, _ target: TargetProfile) throws {
        let (output, _) = try convert(name, for: target)
        #expect(try validate(output, for: target) == [])
    }

    /// A dump the real C xenstored 4.17 wrote is already what it restores.
    @Test(arguments: Fixtures.cxenstoredDumps)
    func realCDumpPassesThroughItsOwnTargetUnchanged(_ name: String) throws {
        let (output, diagnostics) = try convert(name, for: .xenstored417, options: WriteOptions())
        #expect(output == (try Fixtures.bytes(name)))
        #expect(diagnostics.entries.isEmpty)
    }

    /// oxenstored's dump for C: GLOBAL first, dom0's ring first, each connection followed by
    /// its watches, the special nodes before the tree, no extension records; the same store.
    @Test func oxenstoredDumpForC() throws {
        let (output, diagnostics) = try convert("oxenstored/basic.dump", for: .xenstored417, options: WriteOptions())
        let (snapshot, info) = try BinaryStreamAdapter().read(output)
        #expect(info.byteOrder == .little && info.version == 1)
        #expect(snapshot.records.first?.kind == .global)
        guard case .connection(let first) = snapshot.records[1], case .ring(let ring) = first.endpoint else {
            Issue.record("second record is not a ring connection")
            return
        }
        #expect(ring.domid == 0)
        #expect(snapshot.unknownRecords.isEmpty)
        let firstNode = try #require(snapshot.records.firstIndex { $0.kind == .node })
        #expect(snapshot.nodes.prefix(2).map(\.path) == [Bytes(utf8: "@releaseDomain"), Bytes(utf8: "@introduceDomain")])
        #expect(snapshot.records[..<firstNode].allSatisfy { [.global, .connection, .watch].contains($0.kind) })
        let original = try OxenstoredAdapter().read(try Fixtures.bytes("oxenstored/basic.dump")).0
        #expect(SnapshotDiff(original, snapshot).isEmpty)
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains("mfn and remote port of 4 domains") })
    }

    @Test func pendingTransactionsAreLossesForC() throws {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: 6)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .transaction(Transaction(connectionID: 1, id: 4)),
            .node(Node(path: Bytes(utf8: "/a"), permissions: Self.owner, pending: .init(connectionID: 1, transactionID: 4, access: 2))),
        ])
        let shaping = TargetShaping(.xenstored421)
        let diagnostics = Diagnostics()
        let shaped = try shaping.shape(snapshot, diagnostics: diagnostics)
        #expect(shaped.transactions.isEmpty && shaped.nodes.allSatisfy { $0.pending == nil })
        #expect(diagnostics.losses.map(\.category).contains { $0.contains("would apply it as committed") })
        #expect(diagnostics.losses.map(\.category).contains { $0.contains("ignores transactions") })
        // The special nodes C needs are made up, with C's defaults.
        #expect(shaped.nodes.prefix(2).map(\.permissions) == [Self.owner, Self.owner])
        #expect(diagnostics.entries.filter { $0.severity == .synthesized }.count == 2)
    }

    @Test func nodeOfADomainWithoutConnectionIsReownedAsALoss() throws {
        let snapshot = Snapshot(records: [
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .node(Node(path: Bytes(utf8: "/a"), permissions: [Permission(access: Permission.none, domid: 9), Permission(access: Permission.read, domid: 1)])),
        ])
        let diagnostics = Diagnostics()
        let shaped = try TargetShaping(.xenstored417).shape(snapshot, diagnostics: diagnostics)
        #expect(shaped.nodes.last?.permissions.map(\.domid) == [0, 1])
        #expect(diagnostics.losses.first { $0.category.contains("re-owned by dom0") }?.example == "/a, owner 9")
    }

    /// Each entry repaired on its own: a letter the daemons read as none written `n`, entries
    /// naming no domain dropped wherever they stand, the rest kept in order; a node with nothing
    /// to repair keeps its permissions as they were.
    @Test func permissionsAreRepairedEntryByEntry() throws {
        let given = [Permission(access: Permission.read, domid: 0), Permission(access: UInt8(ascii: "x"), domid: 1),
                     Permission(access: Permission.read, domid: DomainID.any), Permission(access: Permission.read, domid: 40_000),
                     Permission(access: Permission.read, domid: 2)]
        let snapshot = Snapshot(records: [
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .node(Node(path: Bytes(utf8: "/a"), permissions: given)),
            .node(Node(path: Bytes(utf8: "/a/b"), permissions: [given[0], given[4]])),
        ])
        let shaped = try TargetShaping(.xenstored417).shape(snapshot, diagnostics: Diagnostics())
        #expect(shaped.nodes.suffix(2).map(\.permissions) == [
            [given[0], Permission(access: Permission.none, domid: 1), given[4]], [given[0], given[4]],
        ])
    }

    /// 4.22 gives `@releaseDomain` to DOMID_ANY ("every domain"); 4.21 and older have no such
    /// domain (4.21 keeps the entry as a stale one), so the guests lose that access: a loss,
    /// and the entry is not written.
    @Test(arguments: [TargetProfile.xenstored417, .xenstored421, .oxenstored])
    func domidAnyIsALossForOlderDaemons(_ target: TargetProfile) throws {
        let (output, diagnostics) = try convert("cxenstored-4.22/permref.state_dump", for: target)
        let loss = try #require(diagnostics.entries.first { $0.severity == .dropped && $0.message.contains("DOMID_ANY") })
        #expect(loss.message.contains("@releaseDomain"))
        let snapshot = try FormatRegistry.standard.adapter(named: target.format).read(output).0
        #expect(!snapshot.nodes.contains { $0.permissions.contains { $0.domid == DomainID.any } })
    }

    @Test func noDom0ConnectionCannotBeMadeLoadableForC() throws {
        let snapshot = Snapshot(records: [.connection(Connection(id: 1, endpoint: .ring(.init(domid: 5, eventChannel: 2))))])
        #expect(throws: ConversionError.self) { try TargetShaping(.xenstored417).shape(snapshot, diagnostics: Diagnostics()) }
    }

    /// A seed dump records no listening socket (nor a ring's local port): the daemon restores it
    /// and no client can reach it, unless told at which fd it inherits its socket. The real
    /// daemons restore and list these outputs (tools/interop/run).
    @Test func socketFDGivesTheSeedsDumpAListeningSocketForC() throws {
        let (plain, said) = try convert("seed/host.bin", for: .xenstored417)
        #expect(try BinaryStreamAdapter().read(plain).0.global == GlobalData(socketFD: -1, eventChannelFD: -1))
        #expect(said.entries.contains { $0.severity == .warning && $0.message.contains("ignores its ring") })
        let (output, diagnostics) = try convert("seed/host.bin", for: .xenstored417, options: WriteOptions(allowLoss: true, socketFD: 3))
        #expect(try BinaryStreamAdapter().read(output).0.global == GlobalData(socketFD: 3, eventChannelFD: -1))
        #expect(diagnostics.entries.contains { $0.severity == .synthesized && $0.message.contains("listening socket at fd 3") })
        #expect(try validate(output, for: .xenstored417) == [])
    }

    @Test func socketFDReplacesTheRecordedOneOrAddsAGlobalLine() throws {
        let (dump, diagnostics) = try convert("oxenstored/basic.dump", for: .oxenstored, options: WriteOptions(socketFD: 9))
        #expect(try OxenstoredAdapter().read(dump).0.global?.socketFD == 9)
        #expect(diagnostics.entries.contains { $0.severity == .note && $0.message.contains("fd 9, as asked, not 3") })
        let (legacy, _) = try convert("oxenstored/basic.dump.legacy", for: .oxenstored, options: WriteOptions(socketFD: 4))
        #expect(String(decoding: legacy.prefix(32), as: UTF8.self).hasPrefix("$xenstored-dump-format\nglobal,4\n"))
    }

    /// Missing parents: an error that lists them, or created with the nearest ancestor's
    /// permissions when asked.
    @Test func missingParentsAreListedOrCreated() throws {
        let guest = [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 3)]
        let snapshot = Snapshot(records: [
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .node(Node(path: Bytes(utf8: "/local"), permissions: guest)),
            .node(Node(path: Bytes(utf8: "/local/domain/3/data/x"), permissions: Self.owner)),
        ])
        do {
            _ = try TargetShaping(.xenstored417).shape(snapshot, diagnostics: Diagnostics())
            Issue.record("expected an error")
        } catch let error as ConversionError {
            #expect(error.details == ["- /local/domain", "- /local/domain/3", "- /local/domain/3/data"])
        }
        let diagnostics = Diagnostics()
        let shaped = try TargetShaping(.xenstored417, createMissingParents: true).shape(snapshot, diagnostics: diagnostics)
        let tree = shaped.nodes.filter { !$0.isSpecial }
        #expect(tree.map { String(decoding: $0.path, as: UTF8.self) } == ["/local", "/local/domain", "/local/domain/3", "/local/domain/3/data", "/local/domain/3/data/x"])
        #expect(tree[1...3].allSatisfy { $0.permissions == guest })
    }
}

@Suite struct ParentOrderTests {
    static let owner = [Permission(access: Permission.none, domid: 0)]
    func nodes(_ paths: [String]) -> [Node] { paths.map { Node(path: Bytes(utf8: $0), permissions: Self.owner) } }
    func paths(_ nodes: [Node]) -> [String] { nodes.map { String(decoding: $0.path, as: UTF8.self) } }

    @Test func keepsAnOrderThatIsAlreadyRight() {
        let given = nodes(["/", "/b", "/b/x", "/a", "/a/y", "/b/z"])
        #expect(paths(ParentOrder.arrange(given).ordered) == paths(given))
    }

    @Test func movesChildrenAfterTheirParentKeepingTheRest() {
        let result = ParentOrder.arrange(nodes(["/a/b/c", "/x", "/a/b", "/a", "/a/q"]))
        #expect(paths(result.ordered) == ["/x", "/a", "/a/b", "/a/b/c", "/a/q"])
        #expect(result.orphans.isEmpty)
    }

    @Test func reportsOrphansAndTheirAbsentAncestors() {
        let result = ParentOrder.arrange(nodes(["/vm/x/name", "/vm/x", "/local"]))
        #expect(paths(result.ordered) == ["/local"])
        #expect(paths(result.orphans) == ["/vm/x/name", "/vm/x"])
        #expect(result.missingParents == [Bytes(utf8: "/vm")])
    }

    /// One orphan 20000 components deep (a 40 KB path) has 19999 absent ancestors: they are
    /// counted, but only the first few are kept, not 19999 copies (400 MB) of ever longer paths.
    @Test func aDeepOrphanKeepsOnlyTheAncestorsAsked() {
        let deep = Node(path: Array(repeating: Bytes(utf8: "/a"), count: 20_000).flatMap { $0 }, permissions: Self.owner)
        let result = ParentOrder.arrange([deep], missingParentLimit: 3)
        #expect(result.missingParentCount == 19_999)
        #expect(result.missingParents == [Bytes(utf8: "/a"), Bytes(utf8: "/a/a"), Bytes(utf8: "/a/a/a")])
    }

    /// Orphans sharing absent ancestors list each once, outermost first, whatever their order.
    @Test func sharedAbsentAncestorsAreListedOnce() {
        let result = ParentOrder.arrange(nodes(["/x/y/z/1", "/x/y/2", "/x/y/z/3", "/x/y"]))
        #expect(result.missingParents == [Bytes(utf8: "/x"), Bytes(utf8: "/x/y/z")])
        #expect(result.missingParentCount == 2)
        let deeper = ParentOrder.arrange(nodes(["/p/q/r/1", "/p/s/2", "/p/q/3"]))
        #expect(deeper.missingParents.map { String(decoding: $0, as: UTF8.self) } == ["/p", "/p/q", "/p/q/r", "/p/s"])
    }
}
