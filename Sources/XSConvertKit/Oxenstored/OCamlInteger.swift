/// Numbers as oxenstored reads them: OCaml's `int_of_string` (63-bit `int`) and
/// `Nativeint.of_string` (64-bit, for the mfn). Both take an optional `-` or `+`, a base prefix
/// (`0x`, `0o`, `0b`, `0u`, either case), and `_` between digits; decimal values must fit
/// the signed range, prefixed ones may use the whole unsigned range (read back as negative).
enum OCamlInteger {
    /// OCaml's `int` on a 64-bit host.
    static let intBits = 63
    /// `nativeint` on a 64-bit host.
    static let nativeBits = 64

    /// The value of `text`, or `nil` where OCaml would raise `Failure "int_of_string"`.
    static func parse(_ text: ArraySlice<UInt8>, bits: Int = intBits) -> Int64? {
        var index = text.startIndex
        var negative = false
        if index < text.endIndex, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var base: UInt64 = 10
        var signedDecimal = true
        if index + 1 < text.endIndex, text[index] == UInt8(ascii: "0") {
            switch text[index + 1] | 0x20 {
            case UInt8(ascii: "x"): base = 16
            case UInt8(ascii: "o"): base = 8
            case UInt8(ascii: "b"): base = 2
            case UInt8(ascii: "u"): base = 10
            default: break
            }
            if base != 10 || text[index + 1] | 0x20 == UInt8(ascii: "u") {
                signedDecimal = false
                index += 2
            }
        }
        guard index < text.endIndex, let first = digit(text[index], base: base) else { return nil }
        var magnitude = first
        for character in text[(index + 1)...] where character != UInt8(ascii: "_") {
            guard let value = digit(character, base: base) else { return nil }
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, carry) = shifted.addingReportingOverflow(value)
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        let limit: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        let half = limit / 2 + 1  // 2^(bits-1)
        if signedDecimal {
            guard magnitude < half || (negative && magnitude == half) else { return nil }
            return negative ? 0 &- Int64(bitPattern: magnitude) : Int64(bitPattern: magnitude)
        }
        guard magnitude <= limit else { return nil }
        // Two's complement in `bits` bits, then the sign.
        let signed = magnitude >= half ? Int64(bitPattern: magnitude) &- Int64(bitPattern: limit) &- 1 : Int64(bitPattern: magnitude)
        return negative ? 0 &- signed : signed
    }

    private static func digit(_ character: UInt8, base: UInt64) -> UInt64? {
        let value: UInt64
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(character - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(character - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = UInt64(character - UInt8(ascii: "A") + 10)
        default: return nil
        }
        return value < base ? value : nil
    }
}
