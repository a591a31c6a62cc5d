/// A JSON value as parsed: strings as their UTF-8 bytes, numbers as their text (converted
/// exactly when a field is read).
enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(Bytes)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Reads JSON text from a `ByteInput` a chunk at a time (RFC 8259), so a large document is
/// parsed value by value without being held whole. Syntax errors name the byte offset.
final class JSONScanner {
    let input: ByteInput
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private var buffer: Bytes = []
    @exclusivity(unchecked) private var position = 0
    /// Offset in the input of `buffer[0]`.
    @exclusivity(unchecked) private var bufferOffset: UInt64 = 0
    @exclusivity(unchecked) private var ended = false
    static let maximumDepth = 64

    init(input: ByteInput) {
        self.input = input
    }

    var offset: UInt64 { bufferOffset + UInt64(position) }

    func error(_ message: String) -> ConversionError {
        ConversionError(.data, file: input.name, at: .byte(offset), "JSON: " + message)
    }

    /// The next byte without consuming it; `nil` at the end of the input.
    @inline(__always)
    func peek() throws -> UInt8? {
        if position < buffer.count { return buffer[position] }
        return try refill()
    }

    /// Reads the next chunk once the buffer is consumed; its first byte, or `nil` at the end.
    private func refill() throws -> UInt8? {
        guard !ended else { return nil }
        bufferOffset += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
        position = 0
        buffer.append(contentsOf: Bytes(repeating: 0, count: 1 << 16))  // not repeatElement: byte by byte in debug builds
        let got = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
        buffer.removeLast(buffer.count - got)
        if got == 0 {
            ended = true
            return nil
        }
        return buffer[position]
    }

    @inline(__always)
    func advance() { position += 1 }

    /// The next byte after whitespace, not consumed.
    func peekToken() throws -> UInt8? {
        while let byte = try peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            advance()
        }
        return nil
    }

    func expect(_ byte: UInt8, _ what: String) throws {
        guard try peekToken() == byte else { throw error("expected \(what)") }
        advance()
    }

    /// Consumes `byte` if it is the next token.
    func accept(_ byte: UInt8) throws -> Bool {
        guard try peekToken() == byte else { return false }
        advance()
        return true
    }

    func value(depth: Int = 0) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        guard let byte = try peekToken() else { throw error("the document ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            advance()
            var members: [(key: String, value: JSONValue)] = []
            if try accept(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                guard try peekToken() == UInt8(ascii: "\"") else { throw error("expected a key (a string)") }
                let key = String(decoding: try string(), as: UTF8.self)
                try expect(UInt8(ascii: ":"), "':' after a key")
                members.append((key, try value(depth: depth + 1)))
            } while try accept(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            return .object(members)
        case UInt8(ascii: "["):
            advance()
            var elements: [JSONValue] = []
            if try accept(UInt8(ascii: "]")) { return .array(elements) }
            repeat { elements.append(try value(depth: depth + 1)) } while try accept(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw error("unexpected character '\(String(UnicodeScalar(byte)))' where a value was expected")
        }
    }

    private func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard try peek() == expected else { throw error("expected \(word)") }
            advance()
        }
    }

    private func number() throws -> String {
        var text = Bytes()
        while let byte = try peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            text.append(byte)
            advance()
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A string's UTF-8 bytes, escapes resolved (surrogate pairs joined; a lone surrogate and
    /// raw control characters are errors).
    func string() throws -> Bytes {
        advance()  // the opening quote
        var bytes = Bytes()
        while true {
            appendPlainRun(to: &bytes)
            guard let byte = try peek() else { throw error("the document ends inside a string") }
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return bytes
            case UInt8(ascii: "\\"):
                guard let escaped = try peek() else { throw error("the document ends inside a string") }
                advance()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escaped)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard try peek() == UInt8(ascii: "\\") else { throw error("a lone surrogate \\u\(String(scalar, radix: 16))") }
                        advance()
                        guard try peek() == UInt8(ascii: "u") else { throw error("a lone surrogate \\u\(String(scalar, radix: 16))") }
                        advance()
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate \\u\(String(scalar, radix: 16))") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a lone surrogate \\u\(String(scalar, radix: 16))")
                    }
                    bytes.append(contentsOf: Array(String(UnicodeScalar(scalar)!).utf8))
                default:
                    throw error("unknown escape \\\(String(UnicodeScalar(escaped)))")
                }
            case 0x00..<0x20:
                throw error("a raw control character (0x\(String(byte, radix: 16))) in a string; it must be escaped")
            default:
                bytes.append(byte)
            }
        }
    }

    /// Appends the bytes up to the next quote, backslash or control character (or the end of
    /// the buffer) in one copy, and consumes them.
    private func appendPlainRun(to bytes: inout Bytes) {
        let start = position
        position = buffer.withUnsafeBufferPointer { chunk in
            var index = start
            while index < chunk.count {
                let byte = chunk[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            guard index > start else { return index }
            let run = UnsafeBufferPointer(rebasing: chunk[start..<index])
            if bytes.isEmpty { bytes = Bytes(run) } else { bytes.append(contentsOf: run) }
            return index
        }
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try peek(), let digit = UInt32(String(UnicodeScalar(byte)), radix: 16) else {
                throw error("expected four hex digits after \\u")
            }
            advance()
            value = value << 4 | digit
        }
        return value
    }
}
