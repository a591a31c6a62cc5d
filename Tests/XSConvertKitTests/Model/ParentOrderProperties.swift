import PropertyBased
import Testing
@testable import XSConvertKit

/// Parents before children (`ParentOrder`), for stores in any order, with a path and its
/// parent hashed in one pass as each is hashed on its own.
@Suite struct ParentOrderProperties {
    static let paths = ListingOrderTests.path.array(of: 0...30)

    @Test func aPathAndItsParentHashAsEachAlone() async {
        await propertyCheck(count: 300, input: Self.paths) { paths in
            for path in paths + [Bytes(utf8: "/a/"), Bytes(utf8: "/"), Bytes(utf8: "relative/x")] {
                let (whole, parent) = ParentOrder.PathPrefix.withParent(path)
                let alone = ParentOrder.PathPrefix(whole: path)
                #expect(whole == alone && whole.hashValue == alone.hashValue)
                #expect(parent == alone.parent && parent?.hashValue == alone.parent?.hashValue, "\(path.excerpt)")
            }
        }
    }

    @Test func everyNodeComesAfterItsParentAndNoneIsLost() async {
        await propertyCheck(count: 300, input: Self.paths) { paths in
            let nodes = paths.map { Node(path: $0, permissions: [Permission(access: Permission.none, domid: 0)]) }
            let result = ParentOrder.arrange(nodes)
            #expect((result.ordered + result.orphans).map(\.path).sorted { $0.lexicographicallyPrecedes($1) }
                    == nodes.map(\.path).sorted { $0.lexicographicallyPrecedes($1) })
            var seen: Set<Bytes> = [StoreTree.root]
            for node in result.ordered {
                #expect(StoreTree.parent(of: node.path).map { seen.contains($0) } ?? true, "\(node.path.excerpt)")
                seen.insert(node.path)
            }
            // An order that is already right is kept as it is.
            #expect(ParentOrder.arrange(result.ordered).ordered.map(\.path) == result.ordered.map(\.path))
        }
    }
}
