/// The framing every dialect of the stream shares: `type u32, len u32` in the records' byte
/// order, `len` bytes of body, then padding to the next 8-byte boundary, until END. Reads both
/// a padded `len` (C xenstored) and an unpadded one (the seed's writer).
final class RecordFrames {
    let input: ByteInput
    let order: ByteOrder

    struct Frame {
        var type: UInt32
        var length: Int
        /// Offset of the record header in the stream.
        var offset: UInt64
        var name: String { RecordType.name(of: type) }
    }

    init(input: ByteInput, order: ByteOrder) {
        self.input = input
        self.order = order
    }

    /// The next record's header, not consumed. A stream that ends here has no END.
    func peek() throws -> Frame {
        let offset = input.offset
        let head = try input.peek(8)
        guard head.count == 8 else {
            throw ConversionError(
                .data, file: input.name, at: .byte(offset),
                head.isEmpty
                    ? "the stream ends without an END record (truncated?)"
                    : "the stream ends inside a record header (\(head.count) of 8 bytes)")
        }
        return Frame(type: readU32(head, at: head.startIndex, order), length: Int(readU32(head, at: head.startIndex + 4, order)),
                     offset: offset)
    }

    /// Consumes the record: its header, `length` bytes of body (returned as a window on the
    /// input's buffer, valid until the next read), and its padding.
    func consume(_ frame: Frame, length: Int? = nil) throws -> ArraySlice<UInt8> {
        let length = length ?? frame.length
        let padding = (8 - length % 8) % 8
        try input.fill(atLeast: 8 + length + padding)  // so that skipping the padding cannot move the body
        try input.skip(8)
        let body = try input.readWindow(length, what: "the \(frame.name) record at byte \(frame.offset) (len \(frame.length))")
        if padding > 0 { try input.skip(padding) }
        return body
    }

    /// A reader of a consumed record's fields.
    func fields(_ body: ArraySlice<UInt8>, of frame: Frame, named name: String? = nil) -> FieldReader {
        FieldReader(body: body, order: order, bodyOffset: frame.offset + 8, record: name ?? frame.name, file: input.name)
    }

    /// After END: reports an END with a body and any bytes after it (not part of the stream).
    func finish(at end: Frame, diagnostics: Diagnostics) throws {
        if end.length != 0 {
            diagnostics.warn("END record has len \(end.length); its body was ignored", file: input.name, at: .byte(end.offset))
        }
        let trailingStart = input.offset
        var trailing = 0
        while true {
            let n = try input.skip(1 << 16)
            if n == 0 { break }
            trailing += n
        }
        if trailing > 0 {
            diagnostics.warn(
                "\(trailing) byte\(trailing == 1 ? "" : "s") after END are not part of the stream; ignored",
                file: input.name, at: .byte(trailingStart))
        }
    }
}
