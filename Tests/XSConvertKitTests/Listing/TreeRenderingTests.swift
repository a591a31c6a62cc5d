import Testing
import XSConvertKit

@Suite struct TreeRenderingTests {
    let owner = [Permission(access: Permission.none, domid: 0)]

    @Test func indentsChildrenAndNamesWhatItCannotPlace() {
        let guest = [Permission(access: Permission.none, domid: 7), Permission(access: Permission.read, domid: 0)]
        let nodes = [
            Node(path: Bytes(utf8: "/"), permissions: owner),
            Node(path: Bytes(utf8: "/local"), permissions: owner),
            Node(path: Bytes(utf8: "/local/name"), value: Bytes(utf8: "a\nb"), permissions: guest),
            Node(path: Bytes(utf8: "/lost/child"), permissions: guest),
            Node(path: Bytes(utf8: "@releaseDomain"), permissions: owner),
            Node(path: Bytes(utf8: "/long"), value: Bytes(repeating: UInt8(ascii: "x"), count: 60), permissions: owner),
        ]
        #expect(TreeRendering.lines(of: nodes) == [
            "/  (n0)",
            "  local  (n0)",
            "    name = \"a\\nb\"  (n7,r0)",
            "  long = \"" + String(repeating: "x", count: TreeRendering.valueWidth) + "…\"  (n0)",
            "@releaseDomain  (n0)  [special]",
            "(1 node whose parent is missing)",
        ])
        #expect(TreeRendering.ownerCounts(of: nodes).map { "\($0.domid):\($0.count)" } == ["0:4", "7:2"])
    }
}
