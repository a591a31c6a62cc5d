/// What can be shown as a JSON string as it is: valid UTF-8 (no overlong forms, no surrogates,
/// nothing above U+10FFFF) and no NUL. `JSONText` checks a string while it quotes it.
enum UTF8Check {
    /// The length of the valid UTF-8 sequence of two to four bytes starting at `index` (whose
    /// byte is 0x80 or above), or nil if it is not one.
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        let byte = bytes[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch byte {
        case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(byte & 0x1F))
        case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(byte & 0x0F))
        case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(byte & 0x07))
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return nil }
        return length
    }

    /// Whether the eight bytes of `word` are all ASCII from 0x20 on, none of them `"` or `\`:
    /// text a JSON string holds as it is.
    @inline(__always)
    static func isPlainASCIIWithoutEscapes(_ word: UInt64) -> Bool {
        word & SWAR.high == 0
            && SWAR.within(word, 0x20, 0x7F) & ~SWAR.equal(word, UInt8(ascii: "\"")) & ~SWAR.equal(word, UInt8(ascii: "\\")) == SWAR.high
    }
}
