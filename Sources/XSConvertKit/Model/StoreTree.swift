/// The committed nodes of a snapshot as a tree: each node's children in the order they first
/// appear (C xenstored's directory order, since it dumps in pre-order), or sorted by name
/// (oxenstored's). Nodes whose parent is missing are not reachable from `/`.
///
/// Nodes are held once; the tree is indices into them.
public struct StoreTree: Sendable {
    /// The committed non-special nodes, one per path (a later node of the same path replaces
    /// an earlier one).
    public private(set) var nodes: [Node] = []
    private var index: [ByteKey: Int] = [:]
    /// Children of each node (by index), in first-appearance order; `rootChildren` for `/`
    /// when there is no `/` node.
    private var children: [Int: [Int]] = [:]
    private var orphanedRootChildren: [Int] = []
    /// Special nodes (`@…`), in the order they appear.
    public private(set) var specialNodes: [Node] = []

    /// The root node's path, `/`.
    public static let root: Bytes = [UInt8(ascii: "/")]

    /// Builds the tree of the committed nodes. With `as: .oxenstored`, special nodes are
    /// children of `/` (`/@…`), as oxenstored stores them; with `.c` they stand apart, as C
    /// xenstored keeps them.
    public init<S: Sequence>(_ nodes: S, as daemon: Daemon = .c) where S.Element == Node {
        var parents: [Int: Bytes] = [:]
        for var node in nodes where node.pending == nil {
            if node.isSpecial {
                guard daemon == .oxenstored else {
                    specialNodes.append(node)
                    continue
                }
                node.path = Self.root + node.path
            }
            if let existing = index[ByteKey(node.path)] {
                self.nodes[existing] = node
                continue
            }
            index[ByteKey(node.path)] = self.nodes.count
            if let parent = Self.parent(of: node.path) { parents[self.nodes.count] = parent }
            self.nodes.append(node)
        }
        for position in self.nodes.indices {
            guard let parent = parents[position] else { continue }
            if let parentIndex = index[ByteKey(parent)] {
                children[parentIndex, default: []].append(position)
            } else if parent == Self.root {
                orphanedRootChildren.append(position)
            }
        }
    }

    /// The node at `path`, if any.
    public func node(at path: Bytes) -> Node? { index[ByteKey(path)].map { nodes[$0] } }

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

    /// Visits the nodes below `/` (not `/` itself) depth-first, parents before children, with
    /// their depth (1 for a child of `/`); children sorted by name bytes if asked.
    public func walk(sorted: Bool = false, _ visit: (Node, Int) throws -> Void) rethrows {
        let top = index[ByteKey(Self.root)].map { children[$0] ?? [] } ?? orphanedRootChildren
        var stack: [(Int, Int)] = arrange(top, sorted: sorted).reversed().map { ($0, 1) }
        while let (next, depth) = stack.popLast() {
            try visit(nodes[next], depth)
            stack += arrange(children[next] ?? [], sorted: sorted).reversed().map { ($0, depth + 1) }
        }
    }

    private func arrange(_ list: [Int], sorted: Bool) -> [Int] {
        sorted ? list.sorted { nodes[$0].path.lexicographicallyPrecedes(nodes[$1].path) } : list
    }
}
