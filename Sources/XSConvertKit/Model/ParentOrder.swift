/// Puts nodes in an order a daemon can restore: every node after its parent, otherwise in the
/// order given (an order that is already right is kept as it is). Nodes whose parent never
/// comes are returned apart, with the missing parents.
public enum ParentOrder {
    public struct Result: Sendable {
        public var ordered: [Node]
        /// Nodes that could not be placed, in the order given.
        public var orphans: [Node]
        /// The absent ancestors they wait for, each once, outermost first.
        public var missingParents: [Bytes]
    }

    /// Orders committed non-special nodes; `/` counts as present when `rootExists` (a daemon
    /// always has its root).
    public static func arrange(_ nodes: [Node], rootExists: Bool = true) -> Result {
        var placed: Set<ByteKey> = rootExists ? [ByteKey(StoreTree.root)] : []
        var waiting: [ByteKey: [Int]] = [:]
        var ordered: [Node] = []
        ordered.reserveCapacity(nodes.count)
        var done = [Bool](repeating: false, count: nodes.count)

        func place(_ index: Int) {
            var stack = [index]
            while let next = stack.popLast() {
                done[next] = true
                ordered.append(nodes[next])
                placed.insert(ByteKey(nodes[next].path))
                if let children = waiting.removeValue(forKey: ByteKey(nodes[next].path)) { stack += children.reversed() }
            }
        }

        for (index, node) in nodes.enumerated() {
            guard let parent = StoreTree.parent(of: node.path), !placed.contains(ByteKey(parent)) else {
                place(index)
                continue
            }
            waiting[ByteKey(parent), default: []].append(index)
        }
        let orphans = nodes.indices.filter { !done[$0] }.map { nodes[$0] }
        let orphanPaths = Set(orphans.map { ByteKey($0.path) })
        var missing: [Bytes] = []
        var seen: Set<ByteKey> = []
        for orphan in orphans {
            // Every ancestor up to the first placed one that no node provides.
            var chain: [Bytes] = []
            var current = StoreTree.parent(of: orphan.path)
            while let path = current, !placed.contains(ByteKey(path)) {
                if !orphanPaths.contains(ByteKey(path)) { chain.append(path) }
                current = StoreTree.parent(of: path)
            }
            for path in chain.reversed() where seen.insert(ByteKey(path)).inserted { missing.append(path) }
        }
        return Result(ordered: ordered, orphans: orphans, missingParents: missing)
    }

    /// Parents before children, as `arrange`; missing parents are an error listing them, or
    /// are created (inheriting the nearest ancestor's permissions, as xenstored does on a write,
    /// and reported as synthesized) when `createMissing`.
    public static func parentsFirst(_ nodes: [Node], createMissing: Bool, diagnostics: Diagnostics) throws -> [Node] {
        let arranged = arrange(nodes)
        guard !arranged.orphans.isEmpty else { return arranged.ordered }
        guard createMissing else {
            throw ConversionError(
                .data, "\(arranged.orphans.count) node\(arranged.orphans.count == 1 ? "" : "s") cannot be restored: their parents are missing (--create-parents creates them)",
                details: arranged.missingParents.prefix(20).map { "- " + $0.escapedForDisplay }
                    + (arranged.missingParents.count > 20 ? ["- … and \(arranged.missingParents.count - 20) more"] : []))
        }
        // Outermost first, so each created parent can pass its permissions on.
        var permissions = Dictionary(nodes.map { (ByteKey($0.path), $0.permissions) }, uniquingKeysWith: { _, last in last })
        var created: [Node] = []
        for path in arranged.missingParents {
            var ancestor = StoreTree.parent(of: path)
            while let current = ancestor, permissions[ByteKey(current)] == nil, current != StoreTree.root {
                ancestor = StoreTree.parent(of: current)
            }
            let inherited = ancestor.flatMap { permissions[ByteKey($0)] } ?? [Permission(access: Permission.none, domid: 0)]
            permissions[ByteKey(path)] = inherited
            created.append(Node(path: path, permissions: inherited))
            diagnostics.synthesized("missing parent, with its nearest ancestor's permissions", example: path.escapedForDisplay)
        }
        return arrange(created + arranged.ordered + arranged.orphans).ordered
    }
}
