import Glibc

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
/// parsed value by value without being held whole. Each value is parsed to a `JSONShape`,
/// so none costs more than its member can hold; the strings of one record (from
/// `begin(at:stringBudget:)`) are bounded in all. Syntax errors name the byte offset, the line
/// and the column, values of the wrong shape their JSON path.
final class JSONScanner {
    let input: ByteInput
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    /// A chunk of the input, allocated once: its first `filled` bytes were read.
    @exclusivity(unchecked) private var buffer: Bytes = []
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var position = 0
    /// Offset in the input of `buffer[0]`.
    @exclusivity(unchecked) private var bufferOffset: UInt64 = 0
    /// Line breaks before `buffer[0]`, and the offset in the input after the last of them:
    /// where a syntax error is, as an editor shows it (line and column). Counted with memchr
    /// as each chunk is let go (a compact document has no line break: one call a chunk).
    private var linesBefore = 0
    private var lineStart: UInt64 = 0
    @exclusivity(unchecked) private var ended = false
    static let maximumDepth = 64
    /// The longest member name (the form's are at most 21 bytes) and number (a u64 has 20
    /// digits) read.
    static let longestKey = 64
    static let longestNumber = 40

    /// Where the value being read is: `root` (`$.records[3]`), then the members and indices
    /// below it, rendered only for a message.
    private var root = "$"
    private var path: [PathComponent] = []
    private enum PathComponent {
        case member(String)
        case index(Int)
    }
    /// Bytes of strings read since `begin`, and the most allowed.
    private var stringBytes = 0
    private var stringBudget = Int.max

    init(input: ByteInput) {
        self.input = input
    }

    var offset: UInt64 { bufferOffset + UInt64(position) }

    func error(_ message: String) -> ConversionError {
        let (line, column) = lineAndColumn
        return ConversionError(.data, file: input.name, at: .byte(offset), "JSON: line \(line), column \(column): " + message)
    }

    /// The line (from 1) and column (from 1) of the next byte. The column counts characters
    /// (bytes that do not continue a UTF-8 sequence) within the chunk in memory, and bytes of
    /// the line before it (a line longer than a chunk is a compact document's).
    var lineAndColumn: (line: Int, column: Int) {
        buffer.withUnsafeBytes { chunk in
            let read = UnsafeRawBufferPointer(rebasing: chunk[0..<min(position, filled)])
            let (lines, last) = Self.lineBreaks(in: read)
            let start = last.map { $0 + 1 } ?? 0
            let characters = read[start...].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            let before = last == nil ? Int(bufferOffset - lineStart) : 0
            return (linesBefore + lines + 1, before + characters + 1)
        }
    }

    /// How many line breaks `bytes` holds, and where the last is.
    static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> (count: Int, last: Int?) {
        guard let base = bytes.baseAddress else { return (0, nil) }
        var count = 0, last: Int?
        var at = 0
        while at < bytes.count, let found = memchr(base + at, 0x0A, bytes.count - at) {
            count += 1
            last = base.distance(to: UnsafeRawPointer(found))
            at = last! + 1
        }
        return (count, last)
    }

    /// Starts a value at `root` whose strings may hold at most `stringBudget` bytes in all.
    func begin(at root: String, stringBudget: Int = .max) {
        self.root = root
        path.removeAll(keepingCapacity: true)
        stringBytes = 0
        self.stringBudget = stringBudget
    }

    /// The JSON path of the value being read.
    var currentPath: String {
        path.reduce(into: root) { text, component in
            switch component {
            case .member(let key): text += "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
    }

    func pathError(_ message: String, limit: ReadLimits.Limit? = nil) -> ConversionError {
        ConversionError(.data, file: input.name, at: .path(currentPath), message, remedy: limit.map(Remedy.raiseLimit))
    }

    /// The next byte without consuming it; `nil` at the end of the input.
    @inline(__always)
    func peek() throws -> UInt8? {
        if position < filled { return buffer[position] }
        return try refill()
    }

    /// Reads the next chunk once the buffer is consumed; its first byte, or `nil` at the end.
    private func refill() throws -> UInt8? {
        guard !ended else { return nil }
        let (lines, last) = buffer.withUnsafeBytes { Self.lineBreaks(in: UnsafeRawBufferPointer(rebasing: $0[0..<filled])) }
        linesBefore += lines
        if let last { lineStart = bufferOffset + UInt64(last) + 1 }
        bufferOffset += UInt64(filled)
        position = 0
        if buffer.isEmpty { buffer = Bytes(repeating: 0, count: 1 << 16) }
        let got = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
        filled = got
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

    /// After the document: only whitespace may follow, of which at most
    /// `ReadLimits.trailingBytes` are read (more is reported, not read forever).
    func finishDocument(diagnostics: Diagnostics) throws {
        var skipped = 0
        while let byte = try peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { throw error("text after the end of the document") }
            guard skipped < ReadLimits.trailingBytes else {
                diagnostics.warn("more than \(skipped) bytes of whitespace follow the document; not read", file: input.name, at: .byte(offset))
                return
            }
            advance()
            skipped += 1
        }
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

    /// The next value, parsed to `shape`; `null` too where `nullable` (an object's member).
    func value(depth: Int = 0, shape: JSONShape, nullable: Bool = false) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        guard let byte = try peekToken() else { throw error("the document ends where a value was expected") }
        guard let type = JSONShape.ValueType(firstByte: byte) else {
            throw error("unexpected character '\(String(UnicodeScalar(byte)))' where a value was expected")
        }
        guard let chosen = shape.accepting(type) else {
            if nullable, byte == UInt8(ascii: "n") {
                try literal("null")
                return .null
            }
            throw try mismatch(type, expected: shape)
        }
        switch chosen {
        case .integer:
            return .number(try number())
        case .string(let maxBytes, let limit, let base64):
            guard let bytes = try string(maxBytes: maxBytes) else {
                let what = base64 ? "base64 text of more than \(maxBytes) characters (\(maxBytes / 4 * 3) bytes)" : "a string longer than \(maxBytes) bytes"
                throw pathError("\(what), the limit for \(limit?.subject ?? "this member")", limit: limit)
            }
            stringBytes += base64 ? bytes.count / 4 * 3 : bytes.count
            guard stringBytes <= stringBudget else {
                throw pathError("the record holds more than \(stringBudget) bytes of strings, more than any record within the limits", limit: .recordSize)
            }
            return .string(bytes)
        case .array(let element, let maxCount):
            advance()
            var elements: [JSONValue] = []
            if try accept(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                guard elements.count < maxCount else { throw pathError("more than \(maxCount) elements") }
                path.append(.index(elements.count))
                elements.append(try value(depth: depth + 1, shape: element))
                path.removeLast()
            } while try accept(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            return .array(elements)
        case .object(let shapes):
            advance()
            var members: [(key: String, value: JSONValue)] = []
            if try accept(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                let key = try memberName()
                path.append(.member(key))
                guard let member = shapes[key] else { throw pathError("unknown member \"\(key)\"") }
                // Each member once: an object holds no more members than its shape has.
                guard !members.contains(where: { $0.key == key }) else { throw pathError("the member \"\(key)\" is given twice") }
                try expect(UInt8(ascii: ":"), "':' after a key")
                members.append((key, try value(depth: depth + 1, shape: member, nullable: true)))
                path.removeLast()
            } while try accept(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            return .object(members)
        case .either:
            fatalError("accepting(_:) picks a branch")
        }
    }

    /// A member name, at most `longestKey` bytes.
    func memberName() throws -> String {
        guard try peekToken() == UInt8(ascii: "\"") else { throw error("expected a key (a string)") }
        guard let key = try string(maxBytes: Self.longestKey) else {
            throw error("a member name longer than \(Self.longestKey) bytes")
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The error for a value of `type` where `shape` was expected: a container is refused at
    /// its first byte; a scalar is read (a string only its first bytes) to be quoted.
    private func mismatch(_ type: JSONShape.ValueType, expected shape: JSONShape) throws -> ConversionError {
        // Where an object was expected, only the type is named (as JSONFields does).
        let quoting = if case .object = shape { false } else { true }
        let found: String
        switch type {
        case .object: found = "an object"
        case .array: found = "an array"
        case .literal:
            if case .null = try literal() { found = "null" } else { found = "a boolean" }
        case .number:
            let text = try number()
            found = quoting ? "the number \(text)" : "a number"
        case .string:
            let text = try string(maxBytes: Bytes.excerptLength)
            found = quoting ? text.map { "the string \"\($0.excerpt)\"" } ?? "a string" : "a string"
        }
        return pathError("expected \(shape.expectation), found \(found)")
    }

    /// `true`, `false` or `null`.
    private func literal() throws -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        default: try literal("null"); return .null
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
            guard text.count < Self.longestNumber else { throw error("a number longer than \(Self.longestNumber) characters") }
            text.append(byte)
            advance()
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A string's UTF-8 bytes, escapes resolved (surrogate pairs joined; a lone surrogate and
    /// raw control characters are errors); nil, with the rest of the string not read, once it
    /// holds more than `maxBytes`.
    func string(maxBytes: Int) throws -> Bytes? {
        advance()  // the opening quote
        var bytes = Bytes()
        while true {
            appendPlainRun(to: &bytes, upTo: maxBytes)
            guard bytes.count <= maxBytes else { return nil }
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
    /// the buffer, or one byte past `maxBytes` in all) in one copy, and consumes them.
    private func appendPlainRun(to bytes: inout Bytes, upTo maxBytes: Int) {
        let start = position
        let end = min(filled, start + max(0, maxBytes + 1 - bytes.count))
        position = buffer.withUnsafeBufferPointer { chunk in
            var index = start
            while index < end {
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

extension JSONScanner {
    /// Lends the bytes read and not yet consumed (up to the end of the buffer: fewer than a
    /// value may hold) to `body`, which returns how many of them it consumed.
    func withUnread<R>(_ body: (UnsafeRawBufferPointer) throws -> (result: R, consumed: Int)) rethrows -> R {
        let (result, consumed) = try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[position..<filled])) }
        position += consumed
        return result
    }
}

/// Reads the plainest JSON straight from bytes in memory, for a reader's fast path: tokens
/// with whitespace between them, strings without escapes or control characters, integers of
/// digits alone. Each read says nil (and a caller falls back to `JSONScanner`, which says
/// what it finds) for anything else, including the bytes running out.
struct JSONCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// Consumes `byte`, after whitespace, if it is next.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        if index < bytes.count, bytes[index] == byte {  // compact JSON: no whitespace
            index += 1
            return true
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes the member name `name` (as the form spells it: no escapes) and its colon.
    mutating func key(_ name: StaticString) -> Bool {
        guard take(UInt8(ascii: "\"")), plainString(equalTo: name) != nil else { return false }
        return take(UInt8(ascii: ":"))
    }

    /// The rest of a string, just opened, if its bytes are `text`'s and it closes there.
    private mutating func plainString(equalTo text: StaticString) -> Bool? {
        let count = text.utf8CodeUnitCount
        guard index + count < bytes.count, bytes[index + count] == UInt8(ascii: "\""),
              memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return nil }
        index += count + 1
        return true
    }

    /// A string without escapes or control characters, if it is `text`.
    mutating func plainString(_ text: StaticString) -> Bool {
        take(UInt8(ascii: "\"")) && plainString(equalTo: text) != nil
    }

    /// A string without escapes or control characters: where its bytes lie in `bytes`.
    mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // Eight bytes at a time while none of them (UTF-8's, from 0x80, aside) stops a plain
        // run; the first that does, if any, is found in the word.
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)), low = word & ~SWAR.high
            let stops = (SWAR.within(low, 0, 0x1F) | SWAR.equal(low, UInt8(ascii: "\"")) | SWAR.equal(low, UInt8(ascii: "\\")))
                & ~(word & SWAR.high)
            guard stops == 0 else {
                index += stops.trailingZeroBitCount / 8
                break
            }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// An integer of digits alone (no sign, no fraction, no exponent) that fits `T`.
    mutating func plainInteger<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T? {
        skipWhitespace()
        var value: T = 0, digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(T(bytes[index] - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
            digits += 1
            index += 1
        }
        // What follows must end the number: a separator or whitespace.
        guard digits > 0, index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return value
        default: return nil
        }
    }
}
