/// Writes a binary migration stream: the header, each record framed with a `len` padded to 8
/// (which every known reader accepts, see `FieldWriter.endRecord`), and END.
///
/// Writing version 1, data that only version 2 can hold is lost; each loss is reported to
/// `diagnostics`, and unless the user allowed loss, output stops at the first one and
/// `finish()` fails with the full list.
final class MigrationStreamWriter: RecordWriter {
    let output: ByteOutput
    let header: StreamHeader
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private var losses: LossGate
    /// Each record is built here, then copied to the output.
    @exclusivity(unchecked) private var fields: FieldWriter

    var info: StreamInfo {
        StreamInfo(format: BinaryStreamAdapter.formatName, dialect: BinaryStreamAdapter.standardDialect,
                   version: header.version, byteOrder: header.byteOrder)
    }

    init(output: ByteOutput, header: StreamHeader, allowLoss: Bool, diagnostics: Diagnostics) throws {
        self.output = output
        self.header = header
        losses = LossGate(diagnostics: diagnostics, allowLoss: allowLoss)
        fields = FieldWriter(order: header.byteOrder, record: "", capacity: 1 << 12)
        try output.write(header.encoded())
    }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        guard let (type, record) = fitToVersion(record) else { return }
        fields.reset(record: RecordType.name(of: type))
        fields.beginRecord(type: type)
        switch record {
        case .global(let global): GlobalDataLayout.encode(global, into: &fields)
        case .connection(let connection): try ConnectionDataLayout.encode(connection, into: &fields)
        case .watch(let watch): try WatchDataLayout.encode(watch, into: &fields)
        case .transaction(let transaction): TransactionDataLayout.encode(transaction, into: &fields)
        case .node(let node): try NodeDataLayout.encode(node, into: &fields)
        case .globalQuota(let quota): try QuotaLayouts.encodeGlobal(quota, into: &fields)
        case .domain(let domain): try QuotaLayouts.encodeDomain(domain, into: &fields)
        case .unknown(let unknown): fields.append(unknown.body)
        }
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

    func finish() throws {
        try losses.settle(output: output.name, format: "binary stream version \(header.version)")
        fields.reset(record: "END")
        fields.beginRecord(type: RecordType.end.rawValue)
        try fields.endRecord()
        try output.write(fields.bytes)
    }

    /// The record's type code and the record as this stream's version can hold it, or `nil`
    /// if it cannot be written at all. Reports what version 1 loses.
    private func fitToVersion(_ record: Record) -> (UInt32, Record)? {
        let v2 = header.version >= 2
        switch record {
        case .global: return (RecordType.globalData.rawValue, record)
        case .transaction: return (RecordType.transactionData.rawValue, record)
        case .node: return (RecordType.nodeData.rawValue, record)
        case .unknown(let unknown):
            if unknown.body.count % 8 != 0 {
                // C reads `len` as the body and its padding: the body comes back padded.
                losses.lose("the length of a record of unknown type whose body is not a multiple of 8 bytes (written padded with zeros, as C reads it)",
                            example: "type \(unknown.type), \(unknown.body.count) bytes")
            }
            return (unknown.type, record)
        case .connection(var connection):
            if !v2, let uniqueID = connection.uniqueID {
                losses.lose("connection unique-id (version 2 only)", example: "conn-id \(connection.id): \(uniqueID)")
                connection.uniqueID = nil
            }
            return (RecordType.connectionData.rawValue, .connection(connection))
        case .watch(var watch):
            guard watch.depth != nil else { return (RecordType.watchData.rawValue, record) }
            if v2 { return (RecordType.watchDataExtended.rawValue, record) }
            if let depth = watch.depthLimit {
                losses.lose("watch depth (WATCH_DATA_EXTENDED is version 2 only; the watch is written as WATCH_DATA)",
                     example: "\(watch.path.excerpt) depth \(depth)")
            }
            watch.depth = nil
            return (RecordType.watchData.rawValue, .watch(watch))
        case .globalQuota:
            if v2 { return (RecordType.globalQuotaData.rawValue, record) }
            losses.lose("GLOBAL_QUOTA_DATA record (version 2 only)")
            return nil
        case .domain(let domain):
            if v2 { return (RecordType.domainData.rawValue, record) }
            losses.lose("DOMAIN_DATA record (version 2 only)", example: "domain \(domain.domid), \(domain.quotas.count) quotas")
            return nil
        }
    }


}
