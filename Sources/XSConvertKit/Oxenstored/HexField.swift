/// The hex fields of oxenstored's text dump: two digits per byte, of the raw bytes, so any
/// byte (comma and newline included) survives. oxenstored writes lowercase.
enum HexField {
    /// Lowercase hex of `bytes`, appended to `output`.
    static func encode<C: Collection>(_ bytes: C, into output: inout Bytes) where C.Element == UInt8 {
        output.reserveCapacity(output.count + bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0xF)])
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

    /// A character that is not a hex digit, and where it is in its field.
    struct HexProblem: Error {
        var offset: Int
        var character: UInt8

        var description: String {
            "'\([character].excerpt)' at character \(offset + 1) is not a hex digit"
        }
    }

    private static let digits = Bytes(utf8: "0123456789abcdef")

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
