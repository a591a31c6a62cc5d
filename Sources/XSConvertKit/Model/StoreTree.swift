/// The committed nodes of a snapshot as a tree: each node's children in the order they first
/// appear (C xenstored's directory order, since it dumps in pre-order), or sorted by name
/// (oxenstored's). Nodes whose parent is missing are not reachable from `/`.
public struct StoreTree: Sendable {
    public private(set) var nodes: [Bytes: Node] = [:]
    /// Full paths of each node's children, in first-appearance order.
    public private(set) var children: [Bytes: [Bytes]] = [:]
    /// Special nodes (`@…`), in the order they appear.
    public private(set) var specialNodes: [Node] = []

    public static let root: Bytes = [UInt8(ascii: "/")]

    /// Builds the tree of the committed nodes; a later node of the same path replaces the
    /// earlier one. With `as: .oxenstored`, special nodes are children of `/` (`/@…`), as
    /// oxenstored stores them; with `.c` they stand apart, as C xenstored keeps them.
    public init<S: Sequence>(_ nodes: S, as daemon: Daemon = .c) where S.Element == Node {
        for var node in nodes where node.pending == nil {
            if node.isSpecial {
                guard daemon == .oxenstored else {
                    specialNodes.append(node)
                    continue
                }
                node.path = Self.root + node.path
            }
            if self.nodes.updateValue(node, forKey: node.path) == nil, let parent = Self.parent(of: node.path) {
                children[parent, default: []].append(node.path)
            }
        }
    }

    /// The parent path (`/a` for `/a/b`, `/` for `/a`); `nil` for `/` and relative paths.
    public static func parent(of path: Bytes) -> Bytes? {
        guard path.first == UInt8(ascii: "/"), path.count > 1, let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return slash == 0 ? root : Array(path[..<slash])
    }

    /// The last component of a path.
    public static func name(of path: Bytes) -> Bytes {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(path[(slash + 1)...])
    }

    /// Visits the nodes below `path` (not `path` itself) depth-first, parents before children,
    /// with their depth (1 for a child of `path`); children sorted by name bytes if asked.
    public func walk(from path: Bytes = StoreTree.root, sorted: Bool = false, _ visit: (Node, Int) throws -> Void) rethrows {
        var stack: [(Bytes, Int)] = (sortedChildren(of: path, sorted: sorted)).reversed().map { ($0, 1) }
        while let (next, depth) = stack.popLast() {
            guard let node = nodes[next] else { continue }
            try visit(node, depth)
            stack += sortedChildren(of: next, sorted: sorted).reversed().map { ($0, depth + 1) }
        }
    }

    private func sortedChildren(of path: Bytes, sorted: Bool) -> [Bytes] {
        let list = children[path] ?? []
        return sorted ? list.sorted { $0.lexicographicallyPrecedes($1) } : list
    }
}
