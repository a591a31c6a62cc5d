import Glibc
/// Puts nodes in an order a daemon can restore: every node after its parent, otherwise in the
/// order given (an order that is already right is kept as it is). Nodes whose parent never
/// comes are returned apart, with the missing parents.
public enum ParentOrder {
    public struct Result: Sendable {
        public var ordered: [Node]
        /// Nodes that could not be placed, in the order given.
        public var orphans: [Node]
        /// The absent ancestors they wait for, each once, outermost first (the first
        /// `missingParentLimit` of them).
        public var missingParents: [Bytes]
        /// How many absent ancestors there are in all.
        public var missingParentCount: Int
    }

    /// Orders committed non-special nodes; `/` counts as present when `rootExists` (a daemon
    /// always has its root). Only the first `missingParentLimit` absent ancestors are kept:
    /// one deep orphan has as many as its path has components, and keeping each as its own
    /// copy would take memory quadratic in the path's length.
    public static func arrange(_ nodes: [Node], rootExists: Bool = true, missingParentLimit: Int = .max) -> Result {
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
        var missingCount = 0
        // Ancestors already walked (absent or orphans), as prefixes of the orphans' own paths:
        // a walk stops at one, since everything above it has been seen.
        var walked: Set<PathPrefix> = []
        for orphan in orphans {
            // Every ancestor up to the first placed one that no node provides.
            var chain: [PathPrefix] = []
            var current = PathPrefix.parent(of: orphan.path)
            while let prefix = current, !walked.contains(prefix), !placed.contains(ByteKey(prefix.bytes)) {
                walked.insert(prefix)
                if !orphanPaths.contains(ByteKey(prefix.bytes)) { chain.append(prefix) }
                current = prefix.parent
            }
            missingCount += chain.count
            for prefix in chain.reversed() where missing.count < missingParentLimit { missing.append(prefix.bytes) }
        }
        return Result(ordered: ordered, orphans: orphans, missingParents: missing, missingParentCount: missingCount)
    }

    /// An ancestor's path as the first `count` bytes of a descendant's: a set of them holds
    /// one shared buffer, not a copy per ancestor.
    struct PathPrefix: Hashable {
        let path: Bytes
        let count: Int

        /// The parent of `path` (nil for `/` or a relative path).
        static func parent(of path: Bytes) -> PathPrefix? {
            PathPrefix(path: path, count: path.count).parent
        }

        var parent: PathPrefix? {
            guard path.first == UInt8(ascii: "/"), count > 1,
                  let slash = path[..<count].lastIndex(of: UInt8(ascii: "/")) else { return nil }
            return PathPrefix(path: path, count: max(slash, 1))
        }

        var bytes: Bytes { Array(path[..<count]) }

        static func == (a: PathPrefix, b: PathPrefix) -> Bool {
            a.count == b.count && a.path.withUnsafeBytes { x in b.path.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
        }

        func hash(into hasher: inout Hasher) {
            path.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }

    /// Parents before children, as `arrange`; missing parents are an error listing them, or
    /// are created (inheriting the nearest ancestor's permissions, as xenstored does on a write,
    /// and reported as synthesized) when `createMissing`.
    public static func parentsFirst(_ nodes: [Node], createMissing: Bool, diagnostics: Diagnostics) throws -> [Node] {
        let shown = 20
        let arranged = arrange(nodes, missingParentLimit: createMissing ? .max : shown)
        guard !arranged.orphans.isEmpty else { return arranged.ordered }
        guard createMissing else {
            throw ConversionError(
                .data, "\(arranged.orphans.count) node\(arranged.orphans.count == 1 ? "" : "s") cannot be restored: their parents are missing",
                details: arranged.missingParents.prefix(shown).map { "- " + $0.escapedForDisplay }
                    + (arranged.missingParentCount > shown ? ["- … and \(arranged.missingParentCount - shown) more"] : []),
                remedy: .createMissingParents)
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

    /// `records` with their committed nodes parents first (as `parentsFirst`), and every other
    /// record (special and pending nodes included) where it was: a record order that is
    /// already right is kept as it is. Created parents come before the first node.
    public static func parentsFirst(in records: [Record], createMissing: Bool, diagnostics: Diagnostics) throws -> [Record] {
        func committedNode(_ record: Record) -> Node? {
            if case .node(let node) = record, node.pending == nil, !node.isSpecial { return node }
            return nil
        }
        let nodes = records.compactMap(committedNode)
        let arranged = try parentsFirst(nodes, createMissing: createMissing, diagnostics: diagnostics)
        // Each committed node's place takes the next node in parents-first order; the first
        // place also takes the created parents, which lead that order.
        var next = arranged.makeIterator()
        var take = 1 + arranged.count - nodes.count
        var result: [Record] = []
        result.reserveCapacity(records.count + arranged.count - nodes.count)
        for record in records {
            guard committedNode(record) != nil else {
                result.append(record)
                continue
            }
            for _ in 0..<take { if let node = next.next() { result.append(.node(node)) } }
            take = 1
        }
        return result
    }
}
