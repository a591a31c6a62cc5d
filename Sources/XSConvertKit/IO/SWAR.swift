/// Tests on the eight bytes of a 64-bit word at once (SIMD within a register), for scanners of
/// text: each returns a word whose byte has its high bit set where the byte passed. A word's
/// bytes must all be below 0x80 (check `word & high == 0`); the first byte in memory is the
/// lowest (load with `UInt64(littleEndian:)`).
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// The bytes from `first` to `last`: adding to a byte below 0x80 sets its high bit when it
    /// is at least `first`, and when it is more than `last`, without carrying into the next.
    @inline(__always)
    static func within(_ word: UInt64, _ first: UInt8, _ last: UInt8) -> UInt64 {
        (word &+ (0x80 &- UInt64(first)) &* ones) & ~(word &+ (0x7F &- UInt64(last)) &* ones) & high
    }

    /// The bytes equal to `byte`.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        within(word, byte, byte)
    }
}
