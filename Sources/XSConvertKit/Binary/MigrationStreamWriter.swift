/// Writes a binary migration stream: the header, each record framed with a `len` padded to 8
/// (which every known reader accepts, see `FieldWriter.endRecord`), and END.
///
/// Writing version 1, data that only version 2 can hold is lost (see `fitToVersion`); each loss is reported to
/// `diagnostics`, and unless the user allowed loss, output stops at the first one and
/// `finish()` fails with the full list.
final class MigrationStreamWriter: RecordWriter {
    let output: ByteOutput
    let header: StreamHeader
    /// How WATCH_DATA_EXTENDED is laid out (`document` or `noPad`).
    let watchLayout: WatchExtendedLayout
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private var losses: LossGate
    /// Each record is built here, then copied to the output.
    @exclusivity(unchecked) private var fields: FieldWriter

    var info: StreamInfo {
        StreamInfo(format: BinaryStreamAdapter.formatName, dialect: BinaryStreamAdapter.standardDialect,
                   version: header.version, byteOrder: header.byteOrder)
    }

    init(output: ByteOutput, header: StreamHeader, watchLayout: WatchExtendedLayout = .document, allowLoss: Bool,
         diagnostics: Diagnostics) throws {
        self.output = output
        self.header = header
        self.watchLayout = watchLayout
        losses = LossGate(diagnostics: diagnostics, allowLoss: allowLoss)
        fields = FieldWriter(order: header.byteOrder, record: "", capacity: 1 << 12)
        try output.write(header.encoded())
    }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        let (type, record) = fitToVersion(record)
        fields.reset(record: RecordType.name(of: type))
        fields.beginRecord(type: type)
        try Self.encode(record, version: header.version, watchLayout: watchLayout, into: &fields)
        try fields.endRecord()
        if !losses.suppressed { try output.write(fields.bytes) }
        if !losses.suppressed, let extra = OxenstoredExtensionLayout.fields(for: record) {
            fields.reset(record: OxenstoredExtensionLayout.name)
            fields.beginRecord(type: OxenstoredExtensionLayout.type)
            OxenstoredExtensionLayout.encode(extra, into: &fields)
            try fields.endRecord()
            try output.write(fields.bytes)
        }
    }

    /// The record's body, by its layout, in a stream of `version`.
    static func encode(_ record: Record, version: UInt32, watchLayout: WatchExtendedLayout, into fields: inout FieldWriter) throws {
        switch record {
        case .global(let global): GlobalDataLayout.encode(global, into: &fields)
        case .connection(let connection): try ConnectionDataLayout.encode(connection, into: &fields)
        case .watch(let watch): try WatchDataLayout.encode(watch, layout: watchLayout, into: &fields)
        case .transaction(let transaction): TransactionDataLayout.encode(transaction, into: &fields)
        case .node(let node): try NodeDataLayout.encode(node, into: &fields)
        case .globalQuota(let quota): try QuotaLayouts.encodeGlobal(quota, into: &fields)
        case .domain(let domain): try QuotaLayouts.encodeDomain(domain, version: version, into: &fields)
        case .unknown(let unknown): fields.append(unknown.body)
        }
    }

    func finish() throws {
        try losses.settle(output: output.name, format: "binary stream version \(header.version)")
        fields.reset(record: "END")
        fields.beginRecord(type: RecordType.end.rawValue)
        try fields.endRecord()
        try output.write(fields.bytes)
    }

    /// The record's type code and the record as this stream's version holds it. C xenstored
    /// 4.21 and 4.22 write unique-ids, GLOBAL_QUOTA_DATA and DOMAIN_DATA in version-1 streams
    /// too and read them there; only a watch's depth (WATCH_DATA_EXTENDED) and a domain's
    /// features are version 2, so version 1 loses those. A domain whose features the input
    /// does not record (it came from a version-1 stream) cannot be written in version 2 without
    /// a loss: C applies the field it reads, and 0 would take the domain's features away.
    private func fitToVersion(_ record: Record) -> (UInt32, Record) {
        let v2 = header.version >= 2
        switch record {
        case .global: return (RecordType.globalData.rawValue, record)
        case .connection: return (RecordType.connectionData.rawValue, record)
        case .transaction: return (RecordType.transactionData.rawValue, record)
        case .node: return (RecordType.nodeData.rawValue, record)
        case .globalQuota: return (RecordType.globalQuotaData.rawValue, record)
        case .unknown(let unknown):
            if !RecordFrames.isPadded(unknown.body.count) {
                // C reads `len` as the body and its padding: the body comes back padded.
                losses.lose("the length of a record of unknown type whose body is not a multiple of 8 bytes (written padded with zeros, as C reads it)",
                            example: "type \(unknown.type), \(unknown.body.count) bytes")
            }
            return (unknown.type, record)
        case .watch(var watch):
            guard watch.depth != nil else { return (RecordType.watchData.rawValue, record) }
            if v2 { return (RecordType.watchDataExtended.rawValue, record) }
            if let depth = watch.depthLimit {
                losses.lose("watch depth (WATCH_DATA_EXTENDED is version 2 only; the watch is written as WATCH_DATA)",
                     example: "\(watch.path.excerpt) depth \(depth)")
            }
            watch.depth = nil
            return (RecordType.watchData.rawValue, .watch(watch))
        case .domain(let domain):
            if v2, domain.features == nil {
                losses.lose(
                    "domain features, which the input does not record (it is a version-1 stream): written as 0, which C xenstored applies, taking the domain's features away (shaping for a target daemon writes its default)",
                    example: "domain \(domain.domid)")
            } else if !v2, let features = domain.features {
                losses.lose("domain features (version 2 only: from a version-1 stream C xenstored gives the domain its default)",
                            example: "domain \(domain.domid): 0x\(String(features, radix: 16))")
            }
            return (RecordType.domainData.rawValue, record)
        }
    }
}

extension MigrationStreamWriter: RecordViewWriter {
    /// Every viewed type is written as it is in both versions; a record over the output's
    /// buffer goes through the model.
    func accepts(_ view: borrowing RecordView) -> Bool {
        RecordFrames.headerSize + RecordFrames.padded(view.fields.byteCount) <= ByteOutput.capacity
    }

    /// The record framed with a padded `len`, its fields rewritten in this stream's byte order,
    /// straight into the output's buffer.
    func write(_ view: borrowing RecordView) throws {
        guard !losses.suppressed else { return }
        let length = view.fields.byteCount, padded = RecordFrames.padded(length)
        let order = header.byteOrder
        try output.withSpace(RecordFrames.headerSize + padded) { span in
            span.withUnsafeMutableBytes { raw in
                let base = raw.baseAddress!
                order.store(view.type.rawValue, to: base + RecordFrames.type.offset)
                order.store(UInt32(padded), to: base + RecordFrames.length.offset)
                // The padding: zeros over the last 8 bytes (every viewed record has 8 or more),
                // then the fields over them.
                (base + RecordFrames.headerSize + padded - 8).storeBytes(of: UInt64(0), as: UInt64.self)
                view.rewrite(into: base + RecordFrames.headerSize, order: order)
            }
        }
    }
}
