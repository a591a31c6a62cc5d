import Glibc
/// Puts nodes in an order a daemon can restore: every node after its parent, otherwise in the
/// order given (an order that is already right is kept as it is). Nodes whose parent never
/// comes are returned apart, with the missing parents.
public enum ParentOrder {
    /// Nodes in order, and those that could not be placed.
    public struct Result: Sendable {
        /// The nodes placed, each after its parent.
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
    /// copy would take memory quadratic in the path's length. Time is linear in the bytes of
    /// the paths, however deep: each path is hashed once, all its ancestors in the same pass.
    public static func arrange(_ nodes: [Node], rootExists: Bool = true, missingParentLimit: Int = .max) -> Result {
        var placed: Set<PathPrefix> = rootExists ? [PathPrefix(whole: StoreTree.root)] : []
        var waiting: [PathPrefix: [Int]] = [:]
        var ordered: [Node] = []
        ordered.reserveCapacity(nodes.count)
        var done = [Bool](repeating: false, count: nodes.count)

        func place(_ index: Int, as key: PathPrefix) {
            done[index] = true
            ordered.append(nodes[index])
            placed.insert(key)
            // (nothing waits for a node of an input already in order: no stack, no lookup)
            guard !waiting.isEmpty, let children = waiting.removeValue(forKey: key) else { return }
            var stack = children.reversed().map { ($0, PathPrefix(whole: nodes[$0].path)) }
            while let (next, key) = stack.popLast() {
                done[next] = true
                ordered.append(nodes[next])
                placed.insert(key)
                if let children = waiting.removeValue(forKey: key) {
                    stack += children.reversed().map { ($0, PathPrefix(whole: nodes[$0].path)) }
                }
            }
        }

        for (index, node) in nodes.enumerated() {
            let (key, parent) = PathPrefix.withParent(node.path)
            guard let parent, !placed.contains(parent) else {
                place(index, as: key)
                continue
            }
            waiting[parent, default: []].append(index)
        }
        let orphans = nodes.indices.filter { !done[$0] }.map { nodes[$0] }
        let orphanPaths = Set(orphans.map { PathPrefix(whole: $0.path) })
        var missing: [Bytes] = []
        var missingCount = 0
        // Ancestors already walked (absent or orphans), as prefixes of the orphans' own paths:
        // a walk stops at one, since everything above it has been seen.
        var walked: Set<PathPrefix> = []
        for orphan in orphans {
            // Every ancestor up to the first placed one that no node provides.
            var chain: [PathPrefix] = []
            for prefix in PathPrefix.ancestors(of: orphan.path) {
                guard !walked.contains(prefix), !placed.contains(prefix) else { break }
                walked.insert(prefix)
                if !orphanPaths.contains(prefix) { chain.append(prefix) }
            }
            missingCount += chain.count
            for prefix in chain.reversed() where missing.count < missingParentLimit { missing.append(prefix.bytes) }
        }
        return Result(ordered: ordered, orphans: orphans, missingParents: missing, missingParentCount: missingCount)
    }

    /// A path, or an ancestor's path as the first `count` bytes of a descendant's (a set of
    /// them holds one shared buffer, not a copy per ancestor), with its hash: computed for a
    /// path and all its ancestors in one pass, fed to the hasher a component at a time, so a
    /// prefix hashes as the same bytes standing alone do.
    struct PathPrefix: Hashable {
        let path: Bytes
        let count: Int
        let hash: Int

        var bytes: Bytes { Array(path[..<count]) }

        /// `path` as a whole.
        init(whole path: Bytes) {
            var hasher = Hasher()
            Self.feed(path, upTo: path.count, into: &hasher, from: 0)
            self.init(path: path, count: path.count, hash: hasher.finalize())
        }

        private init(path: Bytes, count: Int, hash: Int) {
            self.path = path
            self.count = count
            self.hash = hash
        }

        /// `path` as a whole and its parent (nil for `/` or a relative path) as the first bytes
        /// of the same buffer, both hashed in one pass.
        static func withParent(_ path: Bytes) -> (whole: PathPrefix, parent: PathPrefix?) {
            guard path.first == UInt8(ascii: "/"), path.count > 1, let slash = path.lastIndex(of: UInt8(ascii: "/")) else {
                return (PathPrefix(whole: path), nil)
            }
            guard slash > 0 else { return (PathPrefix(whole: path), PathPrefix(whole: StoreTree.root)) }
            var hasher = Hasher()
            feed(path, upTo: slash, into: &hasher, from: 0)
            let copy = hasher
            let parent = PathPrefix(path: path, count: slash, hash: copy.finalize())
            feed(path, upTo: path.count, into: &hasher, from: slash)
            return (PathPrefix(path: path, count: path.count, hash: hasher.finalize()), parent)
        }

        /// The parent (nil for `/` or a relative path).
        var parent: PathPrefix? {
            guard path.first == UInt8(ascii: "/"), count > 1,
                  let slash = path[..<count].lastIndex(of: UInt8(ascii: "/")) else { return nil }
            return slash == 0 ? PathPrefix(whole: StoreTree.root) : PathPrefix(whole: Array(path[..<slash]))
        }

        /// The ancestors of an absolute `path`, innermost first, `/` last: all hashed in one
        /// pass over the path.
        static func ancestors(of path: Bytes) -> [PathPrefix] {
            guard path.first == UInt8(ascii: "/"), path.count > 1 else { return [] }
            var prefixes: [PathPrefix] = []
            var hasher = Hasher()
            var fed = 0
            for slash in path.indices.dropFirst() where path[slash] == UInt8(ascii: "/") {
                fed = feed(path, upTo: slash, into: &hasher, from: fed)
                let copy = hasher
                prefixes.append(PathPrefix(path: path, count: slash, hash: copy.finalize()))
            }
            return prefixes.reversed() + [PathPrefix(whole: StoreTree.root)]
        }

        /// Feeds `path[from..<end]` to `hasher` a component at a time (each up to the next
        /// `/`), so that the chunks depend only on the bytes; returns `end`.
        @discardableResult
        private static func feed(_ path: Bytes, upTo end: Int, into hasher: inout Hasher, from start: Int) -> Int {
            path.withUnsafeBytes { raw in
                var chunkStart = start
                for index in (start + 1)..<max(start + 1, end + 1) where index == end || raw[index] == UInt8(ascii: "/") {
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[chunkStart..<index]))
                    chunkStart = index
                }
            }
            return end
        }

        static func == (a: PathPrefix, b: PathPrefix) -> Bool {
            a.hash == b.hash && a.count == b.count
                && (a.count == 0 || a.path.withUnsafeBytes { x in b.path.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } })
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// Parents before children, as `arrange`; missing parents are an error listing them, or
    /// are created (inheriting the nearest ancestor's permissions, as xenstored does on a write,
    /// and reported as synthesized) when `createMissing`.
    public static func parentsFirst(_ nodes: [Node], createMissing: Bool, diagnostics: Diagnostics = Diagnostics()) throws -> [Node] {
        let shown = 20
        let arranged = arrange(nodes, missingParentLimit: createMissing ? .max : shown)
        guard !arranged.orphans.isEmpty else { return arranged.ordered }
        guard createMissing else {
            let nodes = arranged.orphans.count, parents = arranged.missingParentCount
            throw ConversionError(
                .data, "\(nodes) node\(nodes == 1 ? " cannot be restored: its parent is" : "s cannot be restored: their parents are") missing; "
                    + (parents == 1 ? "the missing parent:" : "the \(parents) missing parents:"),
                details: arranged.missingParents.prefix(shown).map { "- " + $0.excerpt }
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
            diagnostics.synthesized("missing parent, with its nearest ancestor's permissions", example: path.excerpt)
        }
        return arrange(created + arranged.ordered + arranged.orphans).ordered
    }

    /// `records` with GLOBAL_DATA first (oxenstored's text takes its global lines only before
    /// the others), their committed nodes parents first (as `parentsFirst`), and every other
    /// record (special and pending nodes included) where it was: a record order that is
    /// already right is kept as it is. Created parents come before the first node.
    public static func parentsFirst(in records: [Record], createMissing: Bool, diagnostics: Diagnostics = Diagnostics()) throws -> [Record] {
        func committedNode(_ record: Record) -> Node? {
            if case .node(let node) = record, node.pending == nil, !node.isSpecial { return node }
            return nil
        }
        func isGlobal(_ record: Record) -> Bool {
            if case .global = record { true } else { false }
        }
        let records = records.filter(isGlobal) + records.filter { !isGlobal($0) }
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
