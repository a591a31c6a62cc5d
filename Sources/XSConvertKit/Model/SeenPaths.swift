/// The node paths a stream has passed so far, in memory that does not grow with the paths'
/// length: for oxenstored's rule that a node's parent must come before it, going through
/// millions of nodes.
///
/// Two parts:
/// - the chain from `/` to the last path added: exact, and all that a stream in pre-order
///   (every daemon writes its tree so) ever asks about — a node's parent is on the chain;
/// - a 64-bit keyed fingerprint (SipHash, seeded per process) of every path, 8 bytes a
///   node, for a stream in any other order: a path never added is always reported absent;
///   a path not on the chain is reported present on a fingerprint match, wrong only if two
///   paths collide (about n² / 2⁶⁵ for n paths: 5 · 10⁻⁸ at 1.3 million).
struct SeenPaths {
    /// Root first; each entry an ancestor of the next.
    private var chain: [Bytes] = []
    private var fingerprints: Set<UInt64> = []

    /// Whether `path` was added.
    func contains(_ path: Bytes) -> Bool {
        chainContains(path) || fingerprints.contains(Self.fingerprint(path))
    }

    /// Whether `path` is on the chain: its entries are each an ancestor of the next, so
    /// longer each time, and the one as long as `path` is found by halving (a chain as deep
    /// as a 64 KiB path allows costs a few comparisons, not one per level).
    private func chainContains(_ path: Bytes) -> Bool {
        var low = 0, high = chain.count
        while low < high {
            let middle = (low + high) / 2
            if chain[middle].count < path.count { low = middle + 1 } else { high = middle }
        }
        return low < chain.count && chain[low] == path
    }

    /// Adds `path`; false if it was there already.
    @discardableResult
    mutating func insert(_ path: Bytes) -> Bool {
        while let last = chain.last, !Self.isAncestor(last, of: path) { chain.removeLast() }
        chain.append(path)
        return fingerprints.insert(Self.fingerprint(path)).inserted
    }

    /// Whether `ancestor` is a proper ancestor of `path` (`/` of every absolute path).
    static func isAncestor(_ ancestor: Bytes, of path: Bytes) -> Bool {
        guard path.count > ancestor.count, path.starts(with: ancestor) else { return false }
        return ancestor.last == UInt8(ascii: "/") || path[ancestor.count] == UInt8(ascii: "/")
    }

    private static func fingerprint(_ path: Bytes) -> UInt64 {
        var hasher = Hasher()
        path.withUnsafeBytes { hasher.combine(bytes: $0) }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
