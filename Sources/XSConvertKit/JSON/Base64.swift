/// Standard base64 (RFC 4648, with padding), for bytes JSON cannot show as text.
enum Base64 {
    private static let alphabet = Bytes(utf8: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// How many characters `count` bytes take.
    static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Stores the encoding of `bytes` at `out` (room for `encodedCount` reserved); returns its
    /// length.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        alphabet.withUnsafeBufferPointer { alphabet in
            var index = 0, at = 0
            func put(_ sextet: UInt32) {
                out[at] = alphabet[Int(sextet & 63)]
                at += 1
            }
            while index + 3 <= bytes.count {
                let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                put(chunk >> 18); put(chunk >> 12); put(chunk >> 6); put(chunk)
                index += 3
            }
            let rest = bytes.count - index
            guard rest > 0 else { return at }
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            put(chunk >> 18); put(chunk >> 12)
            if rest == 2 { put(chunk >> 6) } else { out[at] = UInt8(ascii: "="); at += 1 }
            out[at] = UInt8(ascii: "=")
            return at + 1
        }
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
