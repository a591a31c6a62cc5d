import Glibc

/// The node paths a stream has passed so far, in memory that does not grow with the paths'
/// length: for oxenstored's rule that a node's parent must come before it, going through
/// millions of nodes.
///
/// Two parts:
/// - the chain from `/` to the last path added: exact, and all that a stream in pre-order
///   (every daemon writes its tree so) ever asks about — a node's parent is on the chain.
///   Each entry of the chain is an ancestor of the next, so all are prefixes of the last path:
///   the chain is that path and the lengths of its prefixes on it;
/// - a 64-bit keyed fingerprint (SipHash, seeded per process) of every path, 8–16 bytes a
///   node (`FingerprintTable`), for a stream in any other order: a path never added is always reported absent;
///   a path not on the chain is reported present on a fingerprint match, wrong only if two
///   paths collide (about n² / 2⁶⁵ for n paths: 5 · 10⁻⁸ at 1.3 million).
struct SeenPaths {
    /// The last path added: the first `lastLength` bytes (the storage only grows).
    private var last: Bytes = []
    private var lastLength = 0
    /// The lengths of the chain's entries, root first: prefixes of `last`, the whole of it last.
    private var chain: [Int] = []
    private var fingerprints = FingerprintTable()

    /// Whether `path` was added.
    func contains(_ path: Bytes) -> Bool {
        path.withUnsafeBytes { contains($0) }
    }

    func contains(_ path: UnsafeRawBufferPointer) -> Bool {
        isOnChain(path) || fingerprints.contains(Self.fingerprint(path))
    }

    /// Whether `path`, whose fingerprint is `fingerprint`, was added.
    func contains(_ path: UnsafeRawBufferPointer, fingerprint: UInt64) -> Bool {
        isOnChain(path) || fingerprints.contains(fingerprint)
    }

    /// Adds `path`; false if it was there already.
    @discardableResult
    mutating func insert(_ path: Bytes) -> Bool {
        path.withUnsafeBytes { insert($0) }
    }

    @discardableResult
    mutating func insert(_ path: UnsafeRawBufferPointer) -> Bool {
        insert(path, fingerprint: Self.fingerprint(path))
    }

    /// Adds `path`, whose fingerprint is `fingerprint`; false if it was there already.
    @discardableResult
    mutating func insert(_ path: UnsafeRawBufferPointer, fingerprint: UInt64) -> Bool {
        while let end = chain.last, !isAncestor(length: end, of: path) { chain.removeLast() }
        // What is left of the chain are prefixes of `path` too.
        if last.count < path.count { last.append(contentsOf: Bytes(repeating: 0, count: path.count - last.count)) }
        lastLength = path.count
        if let source = path.baseAddress {
            last.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: source, byteCount: path.count) }
        }
        chain.append(path.count)
        return fingerprints.insert(fingerprint)
    }

    /// Whether `path` is an entry of the chain: a prefix of the last path, of a length on it.
    /// The lengths grow along the chain, so the one of `path` is found by halving (a chain as
    /// deep as a 64 KiB path allows costs a few comparisons, not one per level).
    private func isOnChain(_ path: UnsafeRawBufferPointer) -> Bool {
        guard path.count <= lastLength else { return false }
        var low = 0, high = chain.count
        while low < high {
            let middle = (low + high) / 2
            if chain[middle] < path.count { low = middle + 1 } else { high = middle }
        }
        guard low < chain.count, chain[low] == path.count else { return false }
        return last.withUnsafeBytes { Self.equal($0.baseAddress, path.baseAddress, path.count) }
    }

    /// Whether the chain's entry of `length` bytes is a proper ancestor of `path`.
    private func isAncestor(length: Int, of path: UnsafeRawBufferPointer) -> Bool {
        last.withUnsafeBytes { Self.isAncestor(UnsafeRawBufferPointer(rebasing: $0[..<length]), of: path) }
    }

    /// Whether `ancestor` is a proper ancestor of `path` (`/` of every absolute path).
    static func isAncestor(_ ancestor: Bytes, of path: Bytes) -> Bool {
        ancestor.withUnsafeBytes { ancestor in path.withUnsafeBytes { isAncestor(ancestor, of: $0) } }
    }

    private static func isAncestor(_ ancestor: UnsafeRawBufferPointer, of path: UnsafeRawBufferPointer) -> Bool {
        guard path.count > ancestor.count, equal(ancestor.baseAddress, path.baseAddress, ancestor.count) else { return false }
        return ancestor.last == UInt8(ascii: "/") || path[ancestor.count] == UInt8(ascii: "/")
    }

    private static func equal(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        count == 0 || memcmp(a!, b!, count) == 0
    }

    /// The fingerprint of `path` (for a caller that asks and then adds).
    static func fingerprint(_ path: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: path)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}

/// A set of 64-bit fingerprints, 8 bytes a place (`FingerprintShards`).
private struct FingerprintTable {
    /// The fingerprint 0 is kept as 1 (0 marks an empty place).
    private var places = FingerprintShards<UInt64>()

    func contains(_ fingerprint: UInt64) -> Bool {
        let fingerprint = Swift.max(fingerprint, 1)
        return places.find(fingerprint) { $0 == fingerprint } != nil
    }

    /// Adds `fingerprint`; false if it was there already.
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        let fingerprint = Swift.max(fingerprint, 1)
        return places.insertIfAbsent(fingerprint, fingerprint: fingerprint, matches: { $0 == fingerprint }, fingerprintOf: { $0 })
    }
}
