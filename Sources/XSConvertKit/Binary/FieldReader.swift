/// Reads the fields of one record body, bounds-checked, in the stream's byte order. Errors
/// name the record and the byte offset in the stream of the field that did not fit.
struct FieldReader {
    /// The body, usually a window on the input's buffer (not a copy).
    let body: ArraySlice<UInt8>
    let order: ByteOrder
    /// Offset in the stream of `body[0]`.
    let bodyOffset: UInt64
    /// The record's name in messages, e.g. `NODE_DATA`.
    let record: String
    let file: String
    private(set) var position = 0

    init(body: ArraySlice<UInt8>, order: ByteOrder, bodyOffset: UInt64, record: String, file: String) {
        self.body = body
        self.order = order
        self.bodyOffset = bodyOffset
        self.record = record
        self.file = file
    }

    var remaining: Int { body.count - position }

    func error(_ message: String, at position: Int? = nil) -> ConversionError {
        ConversionError(
            .data, file: file, at: .byte(bodyOffset + UInt64(position ?? self.position)),
            "\(record): \(message)")
    }

    /// The error for a field that does not fit in what the record's `len` leaves.
    private func shortage(_ count: Int, _ field: String) -> ConversionError {
        error("\(field) needs \(count) byte\(count == 1 ? "" : "s") but the record's len leaves \(remaining)")
    }

    private mutating func take(_ count: Int, _ field: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        guard count <= remaining else { throw shortage(count, field()) }
        let start = body.startIndex + position
        position += count
        return body[start..<(start + count)]
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ field: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw shortage(size, field()) }
        let value = body.withUnsafeBytes { order.load(T.self, from: $0.baseAddress! + position) }
        position += size
        return value
    }

    /// `field` of the entry at `base` (the body's fixed part by default), named in messages as
    /// the layout names it or as `named` says (`perm 2 domid`).
    mutating func read<T>(_ field: Field<T>, at base: Int = 0, named: @autoclosure () -> String? = nil) throws -> T {
        position = base + field.offset
        return try integer(T.self, named() ?? field.name)
    }

    mutating func bytes(_ count: Int, _ field: @autoclosure () -> String) throws -> Bytes {
        Array(try take(count, field()))
    }

    /// A string stored with its terminating NUL inside `lengthWithNUL` bytes; returns it
    /// without the NUL. The NUL must be the last byte and the only one.
    mutating func terminatedString(lengthWithNUL: Int, _ field: @autoclosure () -> String) throws -> Bytes {
        let start = position
        guard lengthWithNUL >= 1 else {
            throw error("\(field()) length is 0, but it must count the terminating NUL")
        }
        let slice = try take(lengthWithNUL, field())
        guard slice.last == 0 else {
            throw error("\(field()) does not end with a NUL at its stated length \(lengthWithNUL)", at: start + lengthWithNUL - 1)
        }
        let text = slice.dropLast()
        if let nul = text.withUnsafeBytes({ $0.firstIndex(of: 0) }) {
            throw error("\(field()) has a NUL at byte \(nul) of \(lengthWithNUL - 1)", at: start + nul)
        }
        return Array(text)
    }

    /// A NUL-terminated string of unknown length (quota names); returns it without the NUL.
    mutating func scanTerminatedString(_ field: @autoclosure () -> String) throws -> Bytes {
        let rest = body[(body.startIndex + position)...]
        guard let nul = rest.firstIndex(of: 0) else {
            throw error("\(field()) has no terminating NUL before the record ends")
        }
        let bytes = Array(rest[..<nul])
        position = nul - body.startIndex + 1
        return bytes
    }

    /// Skips to the next multiple of 8 from the start of the body.
    mutating func alignTo8(_ field: @autoclosure () -> String) throws {
        _ = try take(RecordFrames.padded(position) - position, field())
    }
}
