/// Raw bytes: paths, tokens, values and pending wire data travel through xsconvert as bytes,
/// never as decoded text, so no format can lose a byte it does not understand.
public typealias Bytes = [UInt8]

/// The hex digits messages and oxenstored's hex fields write, by value.
let lowercaseHexDigits = Bytes(utf8: "0123456789abcdef")

extension Array where Element == UInt8 {
    /// Creates bytes from the UTF-8 of a string literal or string (for paths in code and tests).
    @inlinable
    public init(utf8 string: String) { self = Array(string.utf8) }

    /// A one-line, human-readable rendering for messages: printable ASCII as is, `\\`, `"`,
    /// and every other byte as a C-style escape (`\n`, `\t`, `\r`, `\0`, `\xHH`).
    public var escapedForDisplay: String {
        // Built as bytes, then decoded once: appending to a String byte by byte cost more
        // than the rest of a rejected line's parse (messages are made for every skipped line).
        var out: Bytes = []
        out.reserveCapacity(count)
        for byte in self {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x00: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "0"))
            case 0x20...0x7E: out.append(byte)
            default:
                out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "x"))
                out.append(lowercaseHexDigits[Int(byte >> 4)]); out.append(lowercaseHexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many bytes `excerpt` shows.
    public static var excerptLength: Int { 64 }

    /// A bounded rendering for messages: `escapedForDisplay` of at most the first
    /// `excerptLength` bytes, then `…` and the whole length, so that a message stays one short
    /// line whatever the input holds.
    public var excerpt: String {
        guard count > Self.excerptLength else { return escapedForDisplay }
        return Array(prefix(Self.excerptLength)).escapedForDisplay + "…(\(count) bytes)"
    }
}

/// Bytes as a set or dictionary key, hashed in one pass over the buffer. (An array's own
/// hashing feeds the hasher one byte at a time, which dominated path-heavy work: a quarter of
/// `validate`.)
public struct ByteKey: Hashable, Sendable {
    /// The bytes the key stands for.
    public let bytes: Bytes

    /// The key of `bytes`: equal to another key whose bytes are equal, hashed over the whole
    /// buffer at once.
    @inlinable
    public init(_ bytes: Bytes) { self.bytes = bytes }

    @inlinable
    public static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
