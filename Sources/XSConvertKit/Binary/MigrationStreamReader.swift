/// Reads a binary migration stream (FORMATS.md §1) record by record.
///
/// Accepts `len` padded to 8 (as C xenstored writes it) or not (as the seed's writer does):
/// it consumes `len` bytes, then skips to the next 8-byte boundary. Requires END. Keeps
/// records of unknown type as opaque bytes (with their padding, so that they are written back
/// as they were) and reports them. Each record must keep `RecordRules` within the limits.
final class MigrationStreamReader: RecordReader {
    let input: ByteInput
    let diagnostics: Diagnostics
    let header: StreamHeader
    let frames: RecordFrames
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private(set) var location: SourceLocation = .byte(0)
    @exclusivity(unchecked) private(set) var framing = RecordFraming.plain
    @exclusivity(unchecked) private var finished = false
    /// Whether a `len` without its padding was reported (once per stream).
    @exclusivity(unchecked) private var reportedUnpaddedLength = false

    var info: StreamInfo {
        StreamInfo(format: BinaryStreamAdapter.formatName, dialect: BinaryStreamAdapter.standardDialect,
                   version: header.version, byteOrder: header.byteOrder)
    }

    /// A reader for a stream whose header was already read (by dialect detection).
    init(input: ByteInput, header: StreamHeader, limits: ReadLimits, diagnostics: Diagnostics) {
        self.input = input
        self.header = header
        self.diagnostics = diagnostics
        frames = RecordFrames(input: input, order: header.byteOrder, limits: limits)
    }

    func next() throws -> Record? {
        guard !finished else { return nil }
        let frame = try frames.peek()
        location = .byte(frame.offset)
        noteFraming(frame)
        guard let record = try readRecord(frame) else { return nil }
        return try frames.admit(record, from: frame, diagnostics: diagnostics, unknown: "is not known to xsconvert")
    }

    /// The record's framing, for `validate`; an unpadded `len` is reported once.
    private func noteFraming(_ frame: RecordFrames.Frame) {
        framing = RecordFraming(unpaddedLength: RecordFrames.isPadded(frame.length) ? nil : frame.length)
        guard framing.unpaddedLength != nil, !reportedUnpaddedLength else { return }
        reportedUnpaddedLength = true
        diagnostics.warn(
            "\(frame.name) has len \(frame.length), which leaves out the padding to 8 bytes (as the seed's writer does); C xenstored reads the next record from byte \(frame.offset + 8 + UInt64(frame.length)), out of step, and loses the rest of the store (reported once)",
            file: input.name, at: .byte(frame.offset))
    }

    /// Reads one record; `nil` for END.
    private func readRecord(_ frame: RecordFrames.Frame) throws -> Record? {
        let (type, recordOffset) = (frame.type, frame.offset)
        let known = RecordType(rawValue: type)
        if let known, known.sinceVersion > header.version {
            diagnostics.warn(
                "\(known.name) is defined with stream version \(known.sinceVersion) but this stream says version \(header.version); read anyway",
                file: input.name, at: .byte(recordOffset))
        }
        if known == .watchDataExtended {
            return .watch(try readExtendedWatch(frame))
        }
        if known == nil { return try frames.consumeUnknown(frame) }
        let body = try frames.consume(frame)
        var fields = frames.fields(body, of: frame)
        let record: Record
        switch known {
        case .end:
            finished = true
            try frames.finish(at: frame, diagnostics: diagnostics)
            return nil
        case .globalData: record = .global(try GlobalDataLayout.decode(&fields))
        case .connectionData: record = .connection(try ConnectionDataLayout.decode(&fields, diagnostics: diagnostics))
        case .watchData: record = .watch(try WatchDataLayout.decode(&fields, layout: nil))
        case .transactionData: record = .transaction(try TransactionDataLayout.decode(&fields))
        case .nodeData: record = .node(try NodeDataLayout.decode(&fields, diagnostics: diagnostics))
        case .globalQuotaData: return .globalQuota(try QuotaLayouts.decodeGlobal(&fields))
        case .domainData:
            let (domain, ignored) = try QuotaLayouts.decodeDomain(&fields, version: header.version)
            if let ignored {
                diagnostics.warn(
                    "DOMAIN_DATA of domain \(domain.domid) has features 0x\(String(ignored, radix: 16)) in a version-1 stream, where C xenstored neither writes nor applies them; ignored",
                    file: input.name, at: .byte(recordOffset))
            }
            return .domain(domain)
        case .watchDataExtended, nil: fatalError("handled above")
        }
        // Whatever follows the fields can only be the padding that a padded len counts.
        if !RecordFrames.canBePadding(fields.remaining) {
            throw fields.error(
                "\(fields.remaining) bytes follow the record's fields; a padded len leaves at most 7 (is this the seed's layout?)")
        }
        switch known {
        case .globalData, .connectionData: return try absorbExtension(into: record)
        default: return record
        }
    }

    /// `record` merged with the XSCONVERT_OXENSTORED record that follows it, if one does and
    /// is for it (see `OxenstoredExtensionLayout`); otherwise `record` as it is.
    private func absorbExtension(into record: Record) throws -> Record {
        let (size, headerSize) = (OxenstoredExtensionLayout.bodySize, RecordFrames.headerSize)
        let window = try input.peek(headerSize + size)
        guard window.count == headerSize + size, let next = RecordFrames.header(in: window, header.byteOrder),
              next.type == OxenstoredExtensionLayout.type, next.length == size else { return record }
        var fields = FieldReader(
            body: window.dropFirst(headerSize), order: header.byteOrder, bodyOffset: input.offset + UInt64(headerSize),
            record: OxenstoredExtensionLayout.name, file: input.name)
        guard let merged = OxenstoredExtensionLayout.merge(try OxenstoredExtensionLayout.decode(&fields), into: record) else {
            return record
        }
        try input.skip(headerSize + size)
        return merged
    }

    private func readExtendedWatch(_ frame: RecordFrames.Frame) throws -> Watch {
        let (length, recordOffset, headerSize) = (frame.length, frame.offset, RecordFrames.headerSize)
        let window = try input.peek(headerSize + length + headerSize)
        guard window.count >= headerSize + length else {
            throw ConversionError(
                .data, file: input.name, at: .byte(recordOffset),
                "input ends after \(window.count) of the \(headerSize + length) bytes of the WATCH_DATA_EXTENDED record (len \(length))")
        }
        let body = window.dropFirst(headerSize).prefix(length)
        guard let layout = WatchExtendedLayout.detect(body: body, order: header.byteOrder) else {
            throw ConversionError(
                .data, file: input.name, at: .byte(recordOffset + UInt64(headerSize)),
                "WATCH_DATA_EXTENDED: no known layout fits (strings at offset 12, 10 or 8 with their NULs at wpath-len and token-len)")
        }
        var consumed = length
        framing.watchLayout = layout
        if layout != .document {
            var note = "WATCH_DATA_EXTENDED in \(layout.explanation)"
            if layout == .noDepth {
                let actual = WatchExtendedLayout.actualNoDepthLength(
                    pathLength: Int(header.byteOrder.load(WatchDataLayout.pathLength, in: body)!),
                    tokenLength: Int(header.byteOrder.load(WatchDataLayout.tokenLength, in: body)!))
                if actual < length, looksLikeRecordHeader(window.dropFirst(headerSize + actual)) {
                    consumed = actual
                    framing.lengthOverrun = length - actual
                    note += "; its len \(length) is \(length - actual) bytes too long: resynchronised at the next record"
                }
                note += "; depth unknown, kept as a plain watch"
            }
            diagnostics.warn(note, file: input.name, at: .byte(recordOffset))
        }
        var fields = frames.fields(try frames.consume(frame, length: consumed), of: frame)
        return try WatchDataLayout.decode(&fields, layout: layout)
    }

    /// Whether 8 bytes read as a plausible record header: a known type and a padded len.
    private func looksLikeRecordHeader(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let (type, length) = RecordFrames.header(in: bytes, header.byteOrder) else { return false }
        return RecordType(rawValue: type) != nil && RecordFrames.isPadded(length)
    }

}

extension MigrationStreamReader: RecordViewReader {
    /// Lends the plain CONNECTION_DATA, WATCH_DATA, TRANSACTION_DATA and NODE_DATA records
    /// from the current one on, straight from the input's buffer, a buffer at a time. Stops
    /// before a record of another type, one that is not plain or not padded, one whose `len`
    /// is over the limit, or one `take` declines: `next()` reads it from the same bytes, and
    /// reports what it finds. A connection's view also needs the next record's header: an
    /// XSCONVERT_OXENSTORED record there extends it, which takes the model.
    func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int) {
        let (order, limits, headerSize) = (header.byteOrder, frames.limits, RecordFrames.headerSize)
        var records = 0, nodes = 0, wanted = 2 * headerSize, stopped = false
        while !finished, !stopped {
            try input.fill(atLeast: wanted)
            guard input.available >= wanted else { break }
            wanted = 0
            let used = try input.withBuffered(input.available) { bytes -> Int in
                let end = bytes.byteCount
                var at = 0
                while at + headerSize <= end {
                    let length = Int(order.load(RecordFrames.length, in: bytes, at: at))
                    guard let type = RecordType(rawValue: order.load(RecordFrames.type, in: bytes, at: at)), RecordView.canView(type),
                          RecordFrames.isPadded(length), length <= limits.binaryRecordLength else { stopped = true; break }
                    let next = at + headerSize + length
                    let needed = next + (type == .connectionData ? headerSize : 0)
                    guard needed <= end else {
                        wanted = needed - at
                        break
                    }
                    guard needed == next || order.load(RecordFrames.type, in: bytes, at: next) != OxenstoredExtensionLayout.type,
                          let view = RecordView(type: type, order: order, body: bytes.extracting((at + headerSize)..<next), within: limits)
                    else { stopped = true; break }
                    location = .byte(input.offset + UInt64(at))
                    guard try take(view) else { stopped = true; break }
                    records += 1
                    if type == .nodeData { nodes += 1 }
                    at = next
                }
                if !stopped, wanted == 0 { wanted = headerSize }  // what is left is not a whole header
                return at
            }
            input.consume(used)
        }
        if records > 0 { framing = .plain }
        return (records, nodes)
    }
}
