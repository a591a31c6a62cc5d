/// The order in which `xenstore-ls` lists a daemon's nodes, learnt node by node in little
/// memory, whatever the nodes hold: about 20 bytes a node (a fingerprint of its path, its place
/// in a hash table, its parent), so that a listing of millions of nodes keeps their lines
/// elsewhere (`ListingWriter`: on a temporary file) and a store in any order
/// lists as the daemon would list it.
///
/// The daemon's directory order, as `StoreTree` has it: C xenstored lists a directory's
/// children in the order they first appear (it appends a node to its parent's directory when
/// it restores it) and has no parent for its special nodes, which are not listed; oxenstored
/// sorts a directory by name and keeps the special nodes as children of `/` (`/@…`). Pending
/// nodes are not listed; a later node of the same path replaces the earlier one, in its place;
/// a node whose parent never comes is not reachable from `/`.
///
/// Paths are known by a 64-bit keyed fingerprint (as in `SeenPaths`): two different paths are
/// taken for one only if their fingerprints collide, about n² / 2⁶⁵ for n paths.
struct ListingOrder {
    let daemon: Daemon
    /// Per slot (one a path): its path's fingerprint and its parent's slot (`none` while the
    /// parent has not come, or for `/`). A directory lists its children in the order of their
    /// slots: a child that came before its parent is linked when the parent comes, before any
    /// child that comes later, and children came in the order of their slots.
    private var fingerprints = ChunkedArray<UInt64>()
    private var parents = ChunkedArray<UInt32>()
    /// The slot of each fingerprint, as slot + 1.
    private var table = FingerprintShards<UInt32>()
    /// Children whose parent has not come yet, by the parent's fingerprint, oldest first.
    private var waiting: [UInt64: [UInt32]] = [:]
    private static let none = UInt32.max
    private static let rootFingerprint = StoreTree.root.withUnsafeBytes { SeenPaths.fingerprint($0) }

    init(daemon: Daemon) {
        self.daemon = daemon
    }

    var count: Int { fingerprints.count }

    /// The path `node` is listed under, or nil if it is not listed (pending; a special node
    /// for C).
    func listedPath(of node: Node) -> Bytes? {
        guard node.pending == nil else { return nil }
        guard node.isSpecial else { return node.path }
        return daemon == .oxenstored ? StoreTree.root + node.path : nil
    }

    /// Adds the node listed under `path` (see `listedPath`): its slot, and whether the path
    /// is new (else its line replaces the slot's).
    mutating func add(_ path: Bytes) -> (slot: Int, isNew: Bool) {
        let fingerprint = path.withUnsafeBytes { SeenPaths.fingerprint($0) }
        if let slot = slot(of: fingerprint) { return (Int(slot), false) }
        let slot = UInt32(fingerprints.count)
        fingerprints.append(fingerprint)
        parents.append(Self.none)
        insert(fingerprint, slot: slot)
        for child in waiting.removeValue(forKey: fingerprint) ?? [] { parents[Int(child)] = slot }
        if let parent = StoreTree.parent(of: path) {
            let parentFingerprint = parent.withUnsafeBytes { SeenPaths.fingerprint($0) }
            if let parentSlot = self.slot(of: parentFingerprint) {
                parents[Int(slot)] = parentSlot
            } else {
                waiting[parentFingerprint, default: []].append(slot)
            }
        }
        return (Int(slot), true)
    }

    /// Visits the listed slots below `/` depth-first, parents before children, each
    /// directory in the daemon's order; `path(slot)` is a slot's path, read only to sort
    /// oxenstored's directories. What knew the paths is let go first: nothing can be added
    /// after.
    mutating func walk(path: (Int) throws -> Bytes, _ visit: (Int) throws -> Void) rethrows {
        let root = slot(of: Self.rootFingerprint)
        let rootsWaiting = waiting[Self.rootFingerprint] ?? []
        let count = fingerprints.count
        fingerprints = ChunkedArray()
        table = FingerprintShards()
        waiting = [:]
        // Each directory as a list, by its first child and each child's next sibling: built
        // from the last slot down, so that a list is in the order of its slots.
        var firstChild = ChunkedArray<UInt32>(repeating: Self.none, count: count)
        var nextSibling = ChunkedArray<UInt32>(repeating: Self.none, count: count)
        for slot in stride(from: count - 1, through: 0, by: -1) {
            let parent = parents[slot]
            guard parent != Self.none else { continue }
            nextSibling[slot] = firstChild[Int(parent)]
            firstChild[Int(parent)] = UInt32(slot)
        }
        parents = ChunkedArray()
        let daemon = daemon
        func children(of slot: UInt32) -> [UInt32] {
            var list: [UInt32] = []
            var child = firstChild[Int(slot)]
            while child != Self.none {
                list.append(child)
                child = nextSibling[Int(child)]
            }
            return list
        }
        // Pushes a directory (oldest first) so that the first to list is on top.
        func push(_ directory: [UInt32], onto stack: inout [UInt32]) throws {
            guard daemon == .oxenstored else {
                stack += directory.reversed()
                return
            }
            let sorted = try directory.map { (slot: $0, path: try path(Int($0))) }.sorted { $0.path.lexicographicallyPrecedes($1.path) }
            stack += sorted.reversed().map(\.slot)
        }
        var stack: [UInt32] = []
        // The children of `/`, or those waiting for a `/` that never came.
        try push(root.map { children(of: $0) } ?? rootsWaiting, onto: &stack)
        while let slot = stack.popLast() {
            try visit(Int(slot))
            try push(children(of: slot), onto: &stack)
        }
    }

    private func slot(of fingerprint: UInt64) -> UInt32? {
        table.find(fingerprint) { fingerprints[Int($0 - 1)] == fingerprint }.map { $0 - 1 }
    }

    private mutating func insert(_ fingerprint: UInt64, slot: UInt32) {
        let fingerprints = fingerprints
        table.insert(slot + 1, fingerprint: fingerprint) { fingerprints[Int($0 - 1)] }
    }
}

/// An array in blocks of 64 Ki elements: it grows a block at a time, never copying or
/// doubling what it holds.
struct ChunkedArray<Element> {
    private var blocks: [[Element]] = []
    private(set) var count = 0
    private static var blockSize: Int { 1 << 16 }

    init() {}

    init(repeating element: Element, count: Int) {
        for start in stride(from: 0, to: count, by: Self.blockSize) {
            blocks.append([Element](repeating: element, count: min(Self.blockSize, count - start)))
        }
        self.count = count
    }

    mutating func append(_ element: Element) {
        if count % Self.blockSize == 0 {
            var block: [Element] = []
            block.reserveCapacity(Self.blockSize)
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(element)
        count += 1
    }

    subscript(index: Int) -> Element {
        get { blocks[index >> 16][index & 0xFFFF] }
        set { blocks[index >> 16][index & 0xFFFF] = newValue }
    }
}
