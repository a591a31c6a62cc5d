/// Reads the seed patch's stream (see `SeedLayouts`): the standard framing and header, the
/// seed's record bodies. Unlike the seed's own reader, it keeps records of other types (as
/// opaque bytes, reported) instead of failing.
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

    init(input: ByteInput, header: StreamHeader, diagnostics: Diagnostics) {
        self.input = input
        self.header = header
        self.diagnostics = diagnostics
        frames = RecordFrames(input: input, order: header.byteOrder)
        if header.version != 1 || header.byteOrder != .big {
            diagnostics.warn("the seed writes only big-endian version 1 streams; this one says \(header.byteOrder.rawValue)-endian version \(header.version)",
                             file: input.name, at: .byte(8))
        }
    }

    func next() throws -> Record? {
        guard !finished else { return nil }
        let frame = try frames.peek()
        location = .byte(frame.offset)
        let body = try frames.consume(frame)
        var fields = frames.fields(body, of: frame, named: "seed " + frame.name)
        let record: Record
        switch RecordType(rawValue: frame.type) {
        case .end:
            finished = true
            try frames.finish(at: frame, diagnostics: diagnostics)
            return nil
        case .globalData: record = .global(try GlobalDataLayout.decode(&fields))
        case .connectionData: record = .connection(try SeedLayouts.ConnectionData.decode(&fields))
        case .watchData: record = .watch(try SeedLayouts.WatchData.decode(&fields))
        case .transactionData: record = .transaction(try TransactionDataLayout.decode(&fields))
        case .nodeData: record = .node(try SeedLayouts.NodeData.decode(&fields))
        default:
            diagnostics.warn("record type \(frame.type) (len \(frame.length)) is not in the seed's layout (its reader rejects it); kept as opaque bytes",
                             file: input.name, at: .byte(frame.offset))
            return .unknown(UnknownRecord(type: frame.type, body: Array(body)))
        }
        if fields.remaining >= 8 {
            var error = fields.error("\(fields.remaining) bytes follow the record's fields (is this the standard layout?)")
            error.remedy = .readDialect(BinaryStreamAdapter.standardDialect)
            throw error
        }
        return record
    }
}
