import Testing
import XSConvertKit

/// Changing a snapshot's store in code (issue #24): a value written creates the node and its
/// missing parents as xenstored does; a removal takes the subtree; nodes print readably.
@Suite struct SnapshotEditingTests {
    static let base = Snapshot {
        Node(path: "/")
        Node(path: "/local")
        Node(path: "/local/domain")
        Node(path: "/local/domain/1", permissions: ["n1", "r0"])
        Node(path: "/local/domain/1/name", value: "guest1", permissions: ["n1", "r0"])
        Node(path: "/local/domain/10", permissions: ["n10"])
        Node(path: "/local/domain/1/pending", value: "t", permissions: ["n1"])
    }

    @Test func setValueChangesTheValueAndKeepsThePermissions() {
        var snapshot = Self.base
        snapshot.setValue("renamed", at: "/local/domain/1/name")
        let node = snapshot.node(at: "/local/domain/1/name")
        #expect(node?.valueText == "renamed")
        #expect(node?.permissions == ["n1", "r0"])
        #expect(snapshot.records.count == Self.base.records.count)
        snapshot.setValue([0, 0xFF], at: "/local/domain/1/name")
        #expect(snapshot.node(at: "/local/domain/1/name")?.value == [0, 0xFF])
        #expect(snapshot.node(at: "/local/domain/1/name")?.valueText == nil)
    }

    @Test func setValueCreatesTheNodeAndItsMissingParentsWithTheNearestPermissions() {
        var snapshot = Self.base
        snapshot.setValue("1", at: "/local/domain/1/device/vif/0/state")
        let created = snapshot.nodes.suffix(4).map { $0.pathText ?? "" }
        #expect(created == ["/local/domain/1/device", "/local/domain/1/device/vif", "/local/domain/1/device/vif/0",
                            "/local/domain/1/device/vif/0/state"])
        #expect(snapshot.nodes.suffix(4).allSatisfy { $0.permissions == ["n1", "r0"] })
        #expect(snapshot.node(at: "/local/domain/1/device/vif/0")?.value == [])
        #expect(snapshot.node(at: "/local/domain/1/device/vif/0/state")?.valueText == "1")
        var empty = Snapshot()
        empty.setValue("x", at: "/a")
        #expect(empty.nodes.map(\.pathText) == ["/", "/a"])
        #expect(empty.nodes.allSatisfy { $0.permissions == ["n0"] })
    }

    @Test func removeNodeTakesTheSubtreeOnly() {
        var snapshot = Self.base
        #expect(snapshot.removeNode(at: "/local/domain/1") == 3)
        #expect(snapshot.nodes.map(\.pathText) == ["/", "/local", "/local/domain", "/local/domain/10"])
        #expect(snapshot.removeNode(at: "/nowhere") == 0)
    }

    @Test func pendingNodesAreTheTransactions() {
        var snapshot = Self.base
        snapshot.records.append(.node(Node(path: Bytes(utf8: "/local/domain/1/name"), value: Bytes(utf8: "in tx"), permissions: ["n1"],
                                           pending: .init(connectionID: 2, transactionID: 7, access: Node.PendingAccess.written))))
        snapshot.setValue("renamed", at: "/local/domain/1/name")
        snapshot.removeNode(at: "/local/domain/1")
        #expect(snapshot.nodes.filter { $0.pending != nil }.map(\.valueText) == ["in tx"])
        #expect(snapshot.nodes.last?.description == #"/local/domain/1/name = "in tx" (n1) [transaction 7 of connection 2: written]"#)
    }

    @Test func nodesPrintAsXenstoreLsShowsThem() {
        #expect(Node(path: "/local/domain/1/name", value: "guest1", permissions: ["n1", "r0"]).description
                == #"/local/domain/1/name = "guest1" (n1 r0)"#)
        #expect("\(Node(path: "/a", value: [0x0A, 0xC3], permissions: ["b3!"]))" == #"/a = "\n\xc3" (b3!)"#)
        #expect(Node(path: "/local", value: "x").pathText == "/local")
    }
}
