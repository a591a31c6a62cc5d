import Testing
import XSConvertKit

/// The first fault for which C xenstored would not restore a stream, found in one pass: each
/// kind triggered by an edit of a real dump (basic.state_dump, written by C xenstored 4.17).
@Suite struct RestoreCheckTests {
    static let owner = [Permission(access: Permission.none, domid: 0)]

    static func records() throws -> [Record] {
        try BinaryStreamAdapter().read(try Fixtures.bytes("cxenstored/basic.state_dump")).0.records
    }

    static func index(of path: String, in records: [Record]) -> Int {
        records.firstIndex { if case .node(let n) = $0 { n.path == Bytes(utf8: path) } else { false } }!
    }

    /// The fault `RestoreCheck` finds in `records` for C xenstored 4.17, if any.
    static func fault(_ records: [Record]) throws -> String? {
        let check = RestoreCheck(.xenstored417)
        for (index, record) in records.enumerated() { try check.check(record, at: .byte(UInt64(index))) }
        check.finish()
        return check.fault.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" }
    }

    @Test func aRealDumpHasNoFault() throws {
        #expect(try Self.fault(try Self.records()) == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var expected: String
        var edit: @Sendable (inout [Record]) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "GLOBAL_DATA not first", expected: "at byte 0: CONNECTION_DATA comes first, but xenstored-4.17 needs GLOBAL_DATA first") { records in
            records.swapAt(0, 1)
        },
        Case(name: "no GLOBAL_DATA", expected: "CONNECTION_DATA comes first") { records in
            records.removeFirst()
        },
        Case(name: "dom0 not the first connection", expected: "at byte 1: the first connection is domain 5's, but xenstored-4.17 needs dom0's ring connection first") { records in
            records.insert(.connection(Connection(id: 99, endpoint: .ring(.init(domid: 5, eventChannel: 3)))), at: 1)
        },
        Case(name: "a socket first", expected: "at byte 1: the first connection is not dom0's ring connection") { records in
            records.insert(.connection(Connection(id: 99, endpoint: .socket(fd: 7))), at: 1)
        },
        Case(name: "no dom0 at all", expected: "the first connection is domain 1's") { records in
            records.removeAll { if case .connection(let c) = $0, case .ring(let r) = c.endpoint { r.domid == 0 } else { false } }
            records.removeAll { if case .watch = $0 { true } else { false } }
        },
        Case(name: "watch of an unknown connection", expected: "at byte 2: WATCH_DATA \"/vm\" refers to conn-id 42, which no earlier CONNECTION_DATA defines") { records in
            records.insert(.watch(Watch(connectionID: 42, path: Bytes(utf8: "/vm"), token: Bytes(utf8: "t"))), at: 2)
        },
        Case(name: "node without permissions", expected: "NODE_DATA /vm has no permissions") { records in
            let at = index(of: "/vm", in: records)
            if case .node(var node) = records[at] { node.permissions = []; records[at] = .node(node) }
        },
        Case(name: "owner without a ring", expected: "NODE_DATA /vm is owned by domain 77, which no earlier ring connection introduces") { records in
            let at = index(of: "/vm", in: records)
            if case .node(var node) = records[at] { node.permissions = [Permission(access: Permission.none, domid: 77)]; records[at] = .node(node) }
        },
        Case(name: "relative path", expected: "NODE_DATA path \"vm/x\": it is not absolute") { records in
            records.insert(.node(Node(path: Bytes(utf8: "vm/x"), permissions: owner)), at: index(of: "/vm", in: records))
        },
        Case(name: "node before its parent", expected: "NODE_DATA /local/domain/1/name comes before its parent /local/domain/1, or without it") { records in
            let child = records.remove(at: index(of: "/local/domain/1/name", in: records))
            records.insert(child, at: index(of: "/local/domain/1", in: records))
        },
        Case(name: "pending node", expected: "NODE_DATA /vm/p is pending in a transaction; xenstored-4.17 would apply it as a committed node") { records in
            records.append(.transaction(Transaction(connectionID: 1, id: 1)))
            records.append(.node(Node(path: Bytes(utf8: "/vm/p"), permissions: owner, pending: .init(connectionID: 1, transactionID: 1, access: 2))))
        },
    ]

    @Test(arguments: cases) func findsTheFault(_ testCase: Case) throws {
        var records = try Self.records()
        testCase.edit(&records)
        let fault = try #require(try Self.fault(records))
        #expect(fault.hasPrefix(testCase.expected) || fault.contains(testCase.expected), "\(fault)")
    }

    /// Only the first fault is kept, with where its record was.
    @Test func keepsTheFirstFault() throws {
        var records = try Self.records()
        records.append(.watch(Watch(connectionID: 42, path: Bytes(utf8: "/vm"), token: Bytes(utf8: "t"))))
        records.swapAt(0, 1)
        #expect(try Self.fault(records)?.hasPrefix("at byte 0: CONNECTION_DATA comes first") == true)
    }

    /// The check for an output: the oldest C daemon reading its version (the one whose
    /// WATCH_DATA_EXTENDED layout it is written in), oxenstored for its dump, none for the
    /// seed's layout or JSON.
    @Test func profileFollowsTheLayout() {
        #expect(RestoreCheck(for: StreamInfo(format: "binary", dialect: "standard", version: 1, byteOrder: .big))?.target == .xenstored417)
        #expect(RestoreCheck(for: StreamInfo(format: "binary", dialect: "standard", version: 2, byteOrder: .little))?.target == .xenstored421)
        #expect(RestoreCheck(for: StreamInfo(format: "binary", dialect: "seed", version: 1, byteOrder: .big)) == nil)
        #expect(RestoreCheck(for: StreamInfo(format: "binary", dialect: "standard", version: 2, byteOrder: .little), watchExtendedLayout: .noPad)?.target == .xenstored422)
        #expect(RestoreCheck(for: StreamInfo(format: "oxenstored"))?.target == .oxenstored)
        #expect(RestoreCheck(for: StreamInfo(format: "json")) == nil)
    }
}
