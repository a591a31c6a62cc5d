/// The hex fields of oxenstored's text dump: two digits per byte, of the raw bytes, so any
/// byte (comma and newline included) survives. oxenstored writes lowercase.
enum HexField {
    /// Lowercase hex of `bytes`, appended to `output`.
    static func encode<C: Collection>(_ bytes: C, into output: inout Bytes) where C.Element == UInt8 {
        output.reserveCapacity(output.count + bytes.count * 2)
        for byte in bytes {
            output.append(lowercaseHexDigits[Int(byte >> 4)])
            output.append(lowercaseHexDigits[Int(byte & 0xF)])
        }
    }

    /// A field decoded the way oxenstored decodes it: digits of either case, two per byte.
    struct Decoded {
        var bytes: Bytes
        /// An odd-length field's last character, which oxenstored ignores without a word.
        var ignoredTrailingCharacter: UInt8?
    }

    /// Decodes `field`, or names the first character that is not a hex digit (oxenstored
    /// skips such a line). Like oxenstored, an odd-length field loses its last character
    /// whatever it is; the caller decides whether to accept that.
    static func decode(_ field: ArraySlice<UInt8>) -> Result<Decoded, HexProblem> {
        let pairs = field.count / 2
        var bytes = Bytes()
        bytes.reserveCapacity(pairs)
        let problem: HexProblem? = field.withUnsafeBufferPointer { text in
            for offset in stride(from: 0, to: 2 * pairs, by: 2) {
                guard let high = value(of: text[offset]) else { return HexProblem(offset: offset, character: text[offset]) }
                guard let low = value(of: text[offset + 1]) else { return HexProblem(offset: offset + 1, character: text[offset + 1]) }
                bytes.append(high << 4 | low)
            }
            return nil
        }
        if let problem { return .failure(problem) }
        return .success(Decoded(bytes: bytes, ignoredTrailingCharacter: field.count % 2 == 1 ? field.last : nil))
    }

    /// Decodes `field`, an even number of hex digits of either case, into `destination` (room
    /// for half as many bytes), a table look-up a digit; false for anything else (`decode`
    /// then says what).
    static func decode(_ field: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer) -> Bool {
        guard field.count % 2 == 0 else { return false }
        var index = 0
        // Eight digits at a time: checked and combined within one 64-bit word.
        while index + 8 <= field.count {
            guard let four = decodeEight(UInt64(littleEndian: field.loadUnaligned(fromByteOffset: index, as: UInt64.self))) else {
                return false
            }
            (destination + index / 2).storeBytes(of: four.littleEndian, as: UInt32.self)
            index += 8
        }
        return table.withUnsafeBufferPointer { table in
            var digits: UInt8 = 0  // every digit's value or-ed: 0xFF marks a non-digit
            while index < field.count {
                let high = table[Int(field[index])], low = table[Int(field[index + 1])]
                digits |= high | low
                destination.storeBytes(of: high << 4 | low, toByteOffset: index / 2, as: UInt8.self)
                index += 2
            }
            return digits & 0xF0 == 0
        }
    }

    /// The four bytes eight hex digits spell (the first digit in the lowest byte of `word`, the
    /// first byte in the lowest of the result), or nil if one is not a digit.
    /// Each byte is checked to be in 0–9, a–f or A–F by adding to it so that its high bit
    /// tells whether it is at least the range's first and more than its last.
    @inline(__always)
    private static func decodeEight(_ word: UInt64) -> UInt32? {
        let folded = word | 0x2020_2020_2020_2020  // A–F as a–f (0–9 have that bit already)
        guard word & SWAR.high == 0,
              SWAR.within(word, UInt8(ascii: "0"), UInt8(ascii: "9")) | SWAR.within(folded, UInt8(ascii: "a"), UInt8(ascii: "f")) == SWAR.high
        else { return nil }
        // A digit's value: its low four bits, plus 9 for a letter (bit 6 set).
        let values = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ ((word >> 6) & SWAR.ones) &* 9
        // Pairs into bytes: the first digit of each pair (the lower byte) is the high nibble.
        let pairs = ((values & 0x00FF_00FF_00FF_00FF) << 4) | ((values >> 8) & 0x00FF_00FF_00FF_00FF)
        let packed = (pairs | (pairs >> 8)) & 0x0000_FFFF_0000_FFFF
        return UInt32(truncatingIfNeeded: packed | (packed >> 16))
    }

    /// Each character's value as a hex digit, 0xFF for a character that is not one.
    private static let table: [UInt8] = (0...255).map { value(of: UInt8($0)) ?? 0xFF }

    /// A character that is not a hex digit, and where it is in its field.
    struct HexProblem: Error {
        var offset: Int
        var character: UInt8

        var description: String {
            "'\([character].excerpt)' at character \(offset + 1) is not a hex digit"
        }
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
