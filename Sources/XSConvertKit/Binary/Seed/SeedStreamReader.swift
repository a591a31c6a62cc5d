/// Reads the seed patch's stream (see `SeedLayouts`): the standard framing and header, the
/// seed's record bodies. Unlike the seed's own reader, it keeps records of types no layout
/// defines (as opaque bytes with their padding, reported) instead of failing; types 6–8, which
/// the standard stream defines and the seed's layout does not, are refused (kept, they would
/// be written as those records with the seed's bytes). Each record must keep `RecordRules`.
final class SeedStreamReader: RecordReader {
    let input: ByteInput
    let diagnostics: Diagnostics
    let header: StreamHeader
    let frames: RecordFrames
    private(set) var location: SourceLocation = .byte(0)
    private var finished = false

    var info: StreamInfo {
        StreamInfo(format: BinaryStreamAdapter.formatName, dialect: SeedDialect.name, version: header.version,
                   byteOrder: header.byteOrder)
    }

    init(input: ByteInput, header: StreamHeader, limits: ReadLimits, diagnostics: Diagnostics) {
        self.input = input
        self.header = header
        self.diagnostics = diagnostics
        frames = RecordFrames(input: input, order: header.byteOrder, limits: limits)
        if header.version != 1 || header.byteOrder != .big {
            diagnostics.warn("the seed writes only big-endian version 1 streams; this one says \(header.byteOrder.rawValue)-endian version \(header.version)",
                             file: input.name, at: .byte(8))
        }
    }

    func next() throws -> Record? {
        guard !finished else { return nil }
        let frame = try frames.peek()
        location = .byte(frame.offset)
        guard let record = try readRecord(frame) else { return nil }
        return try frames.admit(record, from: frame, diagnostics: diagnostics, unknown: "is not in the seed's layout (its reader rejects it)")
    }

    private func readRecord(_ frame: RecordFrames.Frame) throws -> Record? {
        let known = RecordType(rawValue: frame.type)
        if known == nil { return try frames.consumeUnknown(frame) }
        let body = try frames.consume(frame)
        var fields = frames.fields(body, of: frame, named: "seed " + frame.name)
        let record: Record
        switch known {
        case .end:
            finished = true
            try frames.finish(at: frame, diagnostics: diagnostics)
            return nil
        case .globalData: record = .global(try GlobalDataLayout.decode(&fields))
        case .connectionData: record = .connection(try SeedLayouts.ConnectionData.decode(&fields))
        case .watchData: record = .watch(try SeedLayouts.WatchData.decode(&fields))
        case .transactionData: record = .transaction(try TransactionDataLayout.decode(&fields))
        case .nodeData: record = .node(try SeedLayouts.NodeData.decode(&fields))
        case .globalQuotaData, .domainData, .watchDataExtended, nil:
            throw ConversionError(
                .data, file: input.name, at: .byte(frame.offset),
                "\(frame.name): the seed's layout has no such record (its reader rejects it), and xsconvert cannot tell how its body is laid out")
        }
        if !RecordFrames.canBePadding(fields.remaining) {
            var error = fields.error("\(fields.remaining) bytes follow the record's fields (is this the standard layout?)")
            error.remedy = .readDialect(BinaryStreamAdapter.standardDialect)
            throw error
        }
        return record
    }
}
