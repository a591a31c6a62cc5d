/// The framing every dialect of the stream shares: `type u32, len u32` in the records' byte
/// order, `len` bytes of body, then padding to the next 8-byte boundary, until END. Reads both
/// a padded `len` (C xenstored) and an unpadded one (the seed's writer). A `len` over the
/// limits' largest record is refused before its body is read (unless the input ends first,
/// which is the truncation it then reports), and after END at most a bounded tail is read.
final class RecordFrames {
    let input: ByteInput
    let order: ByteOrder
    let limits: ReadLimits

    /// The record header.
    static let type = Field<UInt32>(0, "type")
    static let length = Field<UInt32>(4, "len")
    static func headerFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(type)
        visitor.visit(length)
    }
    static var headerSize: Int { length.end }

    /// Every record (its header and its body) is padded to a multiple of this.
    static let alignment = 8

    /// `length` rounded up to the next multiple of `alignment`.
    static func padded(_ length: Int) -> Int { (length + alignment - 1) / alignment * alignment }

    /// Whether `length` needs no padding.
    static func isPadded(_ length: Int) -> Bool { length % alignment == 0 }

    /// Whether `count` bytes after a record's fields can be its padding.
    static func canBePadding(_ count: Int) -> Bool { count < alignment }

    /// The record header at `base` of `bytes` (for look-ahead before a record is consumed), or
    /// nil if `bytes` ends before it.
    static func header(in bytes: ArraySlice<UInt8>, at base: Int = 0, _ order: ByteOrder) -> (type: UInt32, length: Int)? {
        guard let type = order.load(type, in: bytes, at: base), let length = order.load(length, in: bytes, at: base) else { return nil }
        return (type, Int(length))
    }

    struct Frame {
        var type: UInt32
        var length: Int
        /// Offset of the record header in the stream.
        var offset: UInt64
        var name: String { RecordType.name(of: type) }
    }

    init(input: ByteInput, order: ByteOrder, limits: ReadLimits) {
        self.input = input
        self.order = order
        self.limits = limits
    }

    /// The next record's header, not consumed. A stream that ends here has no END.
    func peek() throws -> Frame {
        let offset = input.offset
        let head = try input.peek(Self.headerSize)
        guard let (type, length) = Self.header(in: head, order) else {
            throw ConversionError(
                .data, file: input.name, at: .byte(offset),
                head.isEmpty
                    ? "the stream ends without an END record (truncated?)"
                    : "the stream ends inside a record header (\(head.count) of \(Self.headerSize) bytes)")
        }
        let frame = Frame(type: type, length: length, offset: offset)
        let longest = limits.binaryRecordLength
        if frame.length > longest, try input.peek(Self.headerSize + longest + 1).count > Self.headerSize + longest {
            throw ConversionError(
                .data, file: input.name, at: .byte(offset + UInt64(Self.length.offset)),
                "\(frame.name) has len \(frame.length), over the limit of \(longest) bytes for one record",
                remedy: .raiseLimit(.recordSize))
        }
        return frame
    }

    /// Consumes the record: its header, `length` bytes of body (returned as a window on the
    /// input's buffer, valid until the next read), and its padding.
    func consume(_ frame: Frame, length: Int? = nil) throws -> ArraySlice<UInt8> {
        let length = length ?? frame.length
        let padding = Self.padded(length) - length
        try input.fill(atLeast: Self.headerSize + length + padding)  // so that skipping the padding cannot move the body
        try input.skip(Self.headerSize)
        let body = try input.readWindow(length, what: "the \(frame.name) record at byte \(frame.offset) (len \(frame.length))")
        if padding > 0 { try input.skip(padding) }
        return body
    }

    /// Consumes a record of a type no layout defines: its body with the padding after it, so
    /// that it is written back as it was.
    func consumeUnknown(_ frame: Frame) throws -> Record {
        .unknown(UnknownRecord(type: frame.type, body: Array(try consume(frame, length: Self.padded(frame.length)))))
    }

    /// `record`, read from `frame`, if it keeps `RecordRules` within the limits; a record of
    /// unknown type is reported as kept (`why` says why it is unknown).
    func admit(_ record: Record, from frame: Frame, diagnostics: Diagnostics, unknown why: String) throws -> Record {
        try RecordRules.check(record, within: limits, file: input.name, at: .byte(frame.offset))
        if case .unknown = record {
            diagnostics.warn("record type \(frame.type) (len \(frame.length)) \(why); kept as opaque bytes", file: input.name, at: .byte(frame.offset))
        }
        return record
    }

    /// A reader of a consumed record's fields.
    func fields(_ body: ArraySlice<UInt8>, of frame: Frame, named name: String? = nil) -> FieldReader {
        FieldReader(body: body, order: order, bodyOffset: frame.offset + UInt64(Self.headerSize), record: name ?? frame.name, file: input.name)
    }

    /// After END: reports an END with a body and any bytes after it (not part of the stream),
    /// reading at most `ReadLimits.trailingBytes` of them: an endless input after END (a
    /// device, a pipe) is reported, not read forever.
    func finish(at end: Frame, diagnostics: Diagnostics) throws {
        if end.length != 0 {
            diagnostics.warn("END record has len \(end.length); its body was ignored", file: input.name, at: .byte(end.offset))
        }
        let trailingStart = input.offset
        let trailing = try input.skip(ReadLimits.trailingBytes)
        guard trailing > 0 else { return }
        let more = try !input.isAtEnd()
        let archive = input.gzip == nil ? "" : " (nor the rest of the archive, so its checksum was not verified)"
        diagnostics.warn(
            more ? "more than \(trailing) bytes after END are not part of the stream; not read\(archive)"
                 : "\(trailing) byte\(trailing == 1 ? "" : "s") after END are not part of the stream; ignored",
            file: input.name, at: .byte(trailingStart))
    }
}
