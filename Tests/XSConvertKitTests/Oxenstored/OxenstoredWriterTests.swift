import Testing
@testable import XSConvertKit

/// Writing text dumps from models: the reverse mapping, and the refusal (or report) of what
/// the text cannot hold.
@Suite struct OxenstoredWriterTests {
    let text = OxenstoredAdapter()
    static let n0 = [Permission(access: Permission.none, domid: 0)]
    static let specialNodes: [Record] = [
        .node(Node(path: Bytes(utf8: "@releaseDomain"), permissions: n0)),
        .node(Node(path: Bytes(utf8: "@introduceDomain"), permissions: n0)),
    ]
    static let specialLines = "store,2f4072656c65617365446f6d61696e,6e30,\nstore,2f40696e74726f64756365446f6d61696e,6e30,\n"

    func written(_ records: [Record], allowLoss: Bool = false, diagnostics: Diagnostics = .init()) throws -> String {
        let bytes = try text.write(Snapshot(records: records), options: WriteOptions(allowLoss: allowLoss), diagnostics: diagnostics)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func writesEveryLineKind() throws {
        let output = try written([
            .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 7, eventChannel: 5, mfn: 68_719_476_735, remotePort: 4)))),
            .watch(Watch(connectionID: 1, path: Bytes(utf8: "@releaseDomain"), token: Bytes(utf8: "r"))),
            .connection(Connection(id: 2, endpoint: .socket(fd: 8))),
            .watch(Watch(connectionID: 2, path: Bytes(utf8: "/a"), token: [0x01, 0xFF])),
            .node(Node(path: Bytes(utf8: "/"), permissions: Self.n0)),
            .node(Node(path: Bytes(utf8: "/a"), value: Bytes(utf8: ",\n"),
                       permissions: [Permission(access: Permission.both, domid: 7), Permission(access: Permission.read, domid: 0)])),
        ] + Self.specialNodes)
        #expect(output == """
            $xenstored-dump-format
            global,3
            evtchn-dev,5,1
            dom,7,68719476735,4,5
            watch,7,4072656c65617365446f6d61696e,72
            socket,8
            watch,-8,2f61,01ff
            store,2f,6e30,
            store,2f61,6237007230,2c0a

            """ + Self.specialLines)
    }

    /// An unlimited depth is what every watch line means: written without a loss.
    @Test func anUnlimitedDepthIsNoLoss() throws {
        let diagnostics = Diagnostics()
        let output = try written([
            .global(GlobalData(socketFD: 3, eventChannelFD: nil)),
            .connection(Connection(id: 9, endpoint: .socket(fd: 4))),
            .watch(Watch(connectionID: 9, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"), depth: Watch.unlimitedDepth)),
        ] + Self.specialNodes, diagnostics: diagnostics)
        #expect(output == "$xenstored-dump-format\nglobal,3\nsocket,4\nwatch,-4,2f61,74\n" + Self.specialLines)
        #expect(!diagnostics.entries.contains { $0.message.contains("depth") })
    }

    @Test func aWatchBeforeItsConnectionFollowsTheConnectionsLine() throws {
        let output = try written([
            .global(GlobalData(socketFD: 3, eventChannelFD: nil)),
            .watch(Watch(connectionID: 9, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"))),
            .connection(Connection(id: 9, endpoint: .socket(fd: 4))),
        ] + Self.specialNodes)
        #expect(output == "$xenstored-dump-format\nglobal,3\nsocket,4\nwatch,-4,2f61,74\n" + Self.specialLines)
    }

    @Test func aRingWithoutAnEventChannelGetsTheOldFourFieldLine() throws {
        let output = try written([.connection(Connection(id: 1, endpoint: .ring(.init(domid: 3, eventChannel: nil, mfn: 9, remotePort: 2))))] + Self.specialNodes)
        #expect(output.contains("\ndom,3,9,2\n"))
    }

    @Test func cConnectionsGetZeroMfnAndRemotePortWithASynthesizedNote() throws {
        let diagnostics = Diagnostics()
        let output = try written([.connection(Connection(id: 1, endpoint: .ring(.init(domid: 3, eventChannel: 6))))] + Self.specialNodes,
                                 diagnostics: diagnostics)
        #expect(output.contains("\ndom,3,0,0,6\n"))
        #expect(diagnostics.entries.contains { $0.severity == .synthesized && $0.message.contains("mfn and remote port") && $0.example == "dom 3" })
    }

    /// (Without GLOBAL_DATA, the dump says `global,-1`: what its reader makes of a dump
    /// without a global line, so that the output reads back as it was written.)
    @Test func missingSpecialNodesAreSynthesizedAtTheEnd() throws {
        let diagnostics = Diagnostics()
        let output = try written([.node(Node(path: Bytes(utf8: "/"), permissions: Self.n0))], diagnostics: diagnostics)
        #expect(output == "$xenstored-dump-format\nglobal,-1\nstore,2f,6e30,\n" + Self.specialLines)
        #expect(diagnostics.entries.filter { $0.severity == .synthesized && $0.message.hasPrefix("special node") }.count == 2)
    }

    @Test func specialNodesBeforeTheRootKeepTheirPlace() throws {
        let output = try written(Self.specialNodes + [.node(Node(path: Bytes(utf8: "/"), permissions: Self.n0))])
        #expect(output == "$xenstored-dump-format\nglobal,-1\n" + Self.specialLines + "store,2f,6e30,\n")
    }

    /// A dump takes global lines only before the others: GLOBAL_DATA after a node, or a second
    /// one, is a loss (the reader would ignore it or keep only one), not a line that reads
    /// back as something else.
    @Test func aLateOrSecondGlobalIsALoss() throws {
        let node = Record.node(Node(path: Bytes(utf8: "/"), permissions: Self.n0))
        let global = Record.global(GlobalData(socketFD: 3, eventChannelFD: nil))
        for (records, words) in [([node, global], "after connections or nodes"), ([global, global, node], "a second GLOBAL_DATA")] {
            #expect {
                _ = try written(records + Self.specialNodes)
            } throws: { error in
                (error as? ConversionError)?.details.contains { $0.contains(words) } == true
            }
        }
    }

    static let stale = Permission(access: Permission.read, domid: 7, flags: Permission.staleFlag)

    /// One record per thing the text cannot hold, and a word its loss report must contain.
    static let lossCases: [(String, [Record], String)] = [
        ("transaction", [.transaction(Transaction(connectionID: 1, id: 2))], "transaction"),
        ("pending node", [.node(Node(path: Bytes(utf8: "/a"), permissions: n0, pending: .init(connectionID: 1, transactionID: 2, access: 2)))], "pending in a transaction"),
        ("pending data", [.connection(Connection(id: 1, endpoint: .socket(fd: 3), pendingOutput: [1, 2]))], "pending input/output"),
        ("quotas", [.globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1000)]))], "GLOBAL_QUOTA_DATA"),
        ("domain data", [.domain(DomainData(domid: 1))], "DOMAIN_DATA"),
        ("stale grant", [.node(Node(path: Bytes(utf8: "/"), permissions: n0 + [stale]))], "stale permission entry"),
        ("stale owner", [.node(Node(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 3, flags: 1)]))], "stale flag"),
        ("depth", [.connection(Connection(id: 1, endpoint: .socket(fd: 3))), .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: [], depth: 2))], "watch depth"),
        ("unique-id", [.connection(Connection(id: 1, endpoint: .socket(fd: 3), uniqueID: 5))], "unique-id"),
        ("unknown record", [.unknown(UnknownRecord(type: 99, body: [1]))], "unknown type"),
        ("target", [.connection(Connection(id: 1, endpoint: .ring(.init(domid: 3, targetDomid: 2, eventChannel: 1, mfn: 1, remotePort: 1))))], "target domain"),
        ("conn type", [.connection(Connection(id: 1, endpoint: .other(type: 5, spec: Bytes(repeating: 0, count: 8))))], "unknown type"),
        ("no perms", [.node(Node(path: Bytes(utf8: "/a"), permissions: []))], "without permissions"),
        ("letter", [.node(Node(path: Bytes(utf8: "/"), permissions: [Permission(access: UInt8(ascii: "x"), domid: 0)]))], "letter"),
        ("orphan parent", [.node(Node(path: Bytes(utf8: "/a/b"), permissions: n0))], "parent"),
        ("bad path", [.node(Node(path: Bytes(utf8: "a/b"), permissions: n0))], "path oxenstored refuses"),
        ("orphan watch", [.watch(Watch(connectionID: 4, path: Bytes(utf8: "/a"), token: []))], "not in the input"),
        ("evtchn fd", [.global(GlobalData(socketFD: 3, eventChannelFD: 6))], "DOM_EXC"),
        ("socket fd 0", [.connection(Connection(id: 1, endpoint: .socket(fd: 0))), .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: []))], "not positive"),
    ]

    @Test(arguments: lossCases.map(\.0))
    func refusesWhatTheTextCannotHoldAndListsIt(_ name: String) throws {
        let (_, records, words) = try #require(Self.lossCases.first { $0.0 == name })
        do {
            _ = try written(records + Self.specialNodes)
            Issue.record("\(name): written without --allow-loss")
        } catch let error as ConversionError {
            #expect(error.kind == .loss)
            #expect(error.details.contains { $0.contains(words) }, "\(name): \(error)")
        }
    }

    @Test(arguments: lossCases.map(\.0))
    func allowLossWritesAndReportsWhatItDropped(_ name: String) throws {
        let (_, records, words) = try #require(Self.lossCases.first { $0.0 == name })
        let diagnostics = Diagnostics()
        let output = try written(records + Self.specialNodes, allowLoss: true, diagnostics: diagnostics)
        #expect(output.hasPrefix("$xenstored-dump-format\n"))
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains(words) }, "\(name)")
    }

    @Test func aStaleGrantIsLeftOutAndAnUnknownLetterBecomesNone() throws {
        let output = try written([
            .node(Node(path: Bytes(utf8: "/"), permissions: Self.n0 + [Self.stale, Permission(access: Permission.read, domid: 2)])),
            .node(Node(path: Bytes(utf8: "/a"), permissions: [Permission(access: UInt8(ascii: "x"), domid: 1)])),
        ] + Self.specialNodes, allowLoss: true)
        // "n0\0r2" and "n1"
        #expect(output.contains("\nstore,2f,6e30007232,\n"))
        #expect(output.contains("\nstore,2f61,6e31,\n"))
    }
}
