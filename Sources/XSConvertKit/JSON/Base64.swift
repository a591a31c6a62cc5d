/// Standard base64 (RFC 4648, with padding), for bytes JSON cannot show as text.
enum Base64 {
    private static let alphabet = Bytes(utf8: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encode(_ bytes: Bytes, into out: inout Bytes) {
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(chunk >> 18 & 63)]); out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(alphabet[Int(chunk >> 6 & 63)]); out.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = bytes.count - index
        guard rest > 0 else { return }
        let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
        out.append(alphabet[Int(chunk >> 18 & 63)]); out.append(alphabet[Int(chunk >> 12 & 63)])
        out.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
        out.append(UInt8(ascii: "="))
    }

    /// The bytes of `text`, or `nil` if it is not valid padded base64.
    static func decode(_ text: Bytes) -> Bytes? {
        guard text.count % 4 == 0 else { return nil }
        var out = Bytes()
        out.reserveCapacity(text.count / 4 * 3)
        var index = 0
        while index < text.count {
            let padding = index + 4 == text.count ? text[(index + 2)...].filter { $0 == UInt8(ascii: "=") }.count : 0
            var chunk: UInt32 = 0
            for offset in 0..<4 {
                let byte = text[index + offset]
                if offset >= 4 - padding {
                    guard byte == UInt8(ascii: "=") else { return nil }
                    chunk <<= 6
                    continue
                }
                let value = values[Int(byte)]
                guard value != 0xFF else { return nil }
                chunk = chunk << 6 | UInt32(value)
            }
            out.append(UInt8(chunk >> 16 & 0xFF))
            if padding < 2 { out.append(UInt8(chunk >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(chunk & 0xFF)) }
            index += 4
        }
        return out
    }
}
