import Testing
import XSConvertKit

@Suite struct SnapshotDiffTests {
    let owner = [Permission(access: Permission.none, domid: 0)]

    func basic() throws -> Snapshot {
        try BinaryStreamAdapter().read(try Fixtures.bytes("cxenstored/basic.state_dump")).0
    }

    @Test func aSnapshotEqualsItself() throws {
        #expect(SnapshotDiff(try basic(), try basic()).isEmpty)
    }

    /// Record order and conn-ids do not matter; what is stored does.
    @Test func orderAndConnectionIDsAreNotDifferences() throws {
        let a = try basic()
        var b = a
        b.records.reverse()
        b.records = b.records.map { record in
            switch record {
            case .connection(var connection): connection.id += 100; return .connection(connection)
            case .watch(var watch): watch.connectionID += 100; return .watch(watch)
            default: return record
            }
        }
        #expect(SnapshotDiff(a, b).isEmpty)
    }

    @Test func reportsEachKindOfNodeChange() throws {
        let a = Snapshot(records: [
            .node(Node(path: Bytes(utf8: "/a"), value: Bytes(utf8: "1"), permissions: owner)),
            .node(Node(path: Bytes(utf8: "/b"), permissions: owner)),
            .node(Node(path: Bytes(utf8: "/gone"), permissions: owner)),
        ])
        let b = Snapshot(records: [
            .node(Node(path: Bytes(utf8: "/a"), value: Bytes(utf8: "2"), permissions: owner)),
            .node(Node(path: Bytes(utf8: "/b"), permissions: owner + [Permission(access: Permission.read, domid: 1)])),
            .node(Node(path: Bytes(utf8: "/new"), value: [0], permissions: owner)),
        ])
        #expect(SnapshotDiff(a, b).differences == [
            .init(kind: .node, key: "/a", field: "value", a: "\"1\"", b: "\"2\""),
            .init(kind: .node, key: "/b", field: "permissions", a: "(n0)", b: "(n0,r1)"),
            .init(kind: .node, key: "/gone", field: nil, a: "\"\" (n0)", b: nil),
            .init(kind: .node, key: "/new", field: nil, a: nil, b: "\"\\0\" (n0)"),
        ])
    }

    /// A field only one side records (oxenstored's mfn, an unknown event channel) is no
    /// difference; one both record is.
    @Test func comparesOnlyFieldsBothSidesRecord() {
        let text = Connection(id: 1, endpoint: .ring(.init(domid: 2, eventChannel: nil, mfn: 99, remotePort: 3)))
        let binary = Connection(id: 5, endpoint: .ring(.init(domid: 2, eventChannel: 4)))
        #expect(SnapshotDiff(Snapshot(records: [.connection(text)]), Snapshot(records: [.connection(binary)])).isEmpty)
        let other = Connection(id: 5, endpoint: .ring(.init(domid: 2, targetDomid: 7, eventChannel: 4)))
        #expect(SnapshotDiff(Snapshot(records: [.connection(binary)]), Snapshot(records: [.connection(other)])).differences
                == [.init(kind: .connection, key: "dom 2", field: "target domid", a: "none", b: "7")])
    }

    @Test func watchesAreMatchedThroughTheirConnection() {
        let ring = Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 1)))
        let watch = Watch(connectionID: 1, path: Bytes(utf8: "/vm"), token: Bytes(utf8: "t"))
        var moved = watch
        moved.token = Bytes(utf8: "u")
        let diff = SnapshotDiff(Snapshot(records: [.connection(ring), .watch(watch)]),
                                Snapshot(records: [.connection(ring), .watch(moved)]))
        #expect(diff.differences.map(\.key) == ["dom 0 \"/vm\" token \"t\"", "dom 0 \"/vm\" token \"u\""])
        #expect(diff.differences.map { $0.a == nil } == [false, true])
    }
}
