/// An open-addressing hash table of entries known by a 64-bit fingerprint (random already:
/// its bits index the table directly), in 64 shards by the fingerprint's top bits, each at most
/// three quarters full and grown alone: growing never holds two copies of more than one
/// shard, so a table of millions of entries peaks at little more than its size. An entry of 0
/// marks an empty place.
struct FingerprintShards<Entry: FixedWidthInteger> {
    private var shards = [[Entry]](repeating: [Entry](repeating: 0, count: 16), count: 64)
    private var counts = [Int](repeating: 0, count: 64)

    @inline(__always)
    private static func shard(_ fingerprint: UInt64) -> Int { Int(truncatingIfNeeded: fingerprint >> 58) }

    /// The entry of `fingerprint` for which `matches` is true, or nil.
    func find(_ fingerprint: UInt64, _ matches: (Entry) -> Bool) -> Entry? {
        shards[Self.shard(fingerprint)].withUnsafeBufferPointer { places in
            let mask = places.count - 1
            var index = Int(truncatingIfNeeded: fingerprint) & mask
            while places[index] != 0 {
                if matches(places[index]) { return places[index] }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// Adds `entry` (not 0, not there yet) under `fingerprint`; `fingerprintOf` gives each
    /// entry's fingerprint when its shard grows.
    mutating func insert(_ entry: Entry, fingerprint: UInt64, fingerprintOf: (Entry) -> UInt64) {
        let shard = makeRoom(for: fingerprint, fingerprintOf: fingerprintOf)
        Self.place(entry, fingerprint, in: &shards[shard])
        counts[shard] += 1
    }

    /// Adds `entry` (not 0) under `fingerprint` unless an entry for which `matches` is true is
    /// there: one probe of the table for both. False if one was there.
    mutating func insertIfAbsent(_ entry: Entry, fingerprint: UInt64, matches: (Entry) -> Bool,
                                 fingerprintOf: (Entry) -> UInt64) -> Bool {
        let shard = makeRoom(for: fingerprint, fingerprintOf: fingerprintOf)
        let added = shards[shard].withUnsafeMutableBufferPointer { places in
            let mask = places.count - 1
            var index = Int(truncatingIfNeeded: fingerprint) & mask
            while places[index] != 0 {
                if matches(places[index]) { return false }
                index = (index + 1) & mask
            }
            places[index] = entry
            return true
        }
        if added { counts[shard] += 1 }
        return added
    }

    /// The shard of `fingerprint`, grown first if one more entry would fill it past three
    /// quarters.
    private mutating func makeRoom(for fingerprint: UInt64, fingerprintOf: (Entry) -> UInt64) -> Int {
        let shard = Self.shard(fingerprint)
        if (counts[shard] + 1) * 4 > shards[shard].count * 3 {
            var larger = [Entry](repeating: 0, count: shards[shard].count * 2)
            for placed in shards[shard] where placed != 0 { Self.place(placed, fingerprintOf(placed), in: &larger) }
            shards[shard] = larger
        }
        return shard
    }

    private static func place(_ entry: Entry, _ fingerprint: UInt64, in places: inout [Entry]) {
        places.withUnsafeMutableBufferPointer { places in
            let mask = places.count - 1
            var index = Int(truncatingIfNeeded: fingerprint) & mask
            while places[index] != 0 { index = (index + 1) & mask }
            places[index] = entry
        }
    }
}
