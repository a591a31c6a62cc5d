/// The store as an indented tree for people (`xsconvert inspect --tree`): one line per node,
/// its name, a shortened value and its permissions; then how many nodes each domain owns.
public enum TreeRendering {
    /// Values longer than this are cut, with `…`.
    public static let valueWidth = 48

    /// The nodes as an indented tree, one line a node.
    public static func lines(of nodes: [Node]) -> [String] {
        let tree = StoreTree(nodes)
        var lines: [String] = []
        if let root = tree.node(at: StoreTree.root) {
            lines.append("/" + suffix(root))
        }
        var reached = tree.node(at: StoreTree.root) == nil ? 0 : 1
        tree.walk { node, depth in
            reached += 1
            let name = String(decoding: StoreTree.name(of: node.path), as: UTF8.self)
            lines.append(String(repeating: "  ", count: depth) + name + suffix(node))
        }
        for special in tree.specialNodes {
            lines.append(String(decoding: special.path, as: UTF8.self) + suffix(special) + "  [special]")
        }
        let unreachable = tree.nodes.count - reached
        if unreachable > 0 { lines.append("(\(unreachable) node\(unreachable == 1 ? "" : "s") whose parent is missing)") }
        return lines
    }

    /// Committed nodes per owner (the first permission's domain), by domid.
    public static func ownerCounts(of nodes: [Node]) -> [(domid: UInt16, count: Int)] {
        var counts: [UInt16: Int] = [:]
        for node in nodes where node.pending == nil {
            if let owner = node.permissions.first?.domid { counts[owner, default: 0] += 1 }
        }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private static func suffix(_ node: Node) -> String {
        var text = ""
        if !node.value.isEmpty {
            let shown = node.value.escapedForDisplay
            text += " = \"" + (shown.count > valueWidth ? shown.prefix(valueWidth) + "…" : shown) + "\""
        }
        return text + "  (" + node.permissions.map(\.description).joined(separator: ",") + ")"
    }
}
