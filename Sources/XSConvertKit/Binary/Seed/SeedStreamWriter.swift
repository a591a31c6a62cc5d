/// Writes the seed patch's stream: big-endian, version 1, `len` without padding (as the
/// seed's writer does), the seed's record bodies. What the seed's layout or reader cannot
/// hold is a loss: refused with the list, or dropped and reported with --allow-loss.
final class SeedStreamWriter: RecordWriter {
    let output: ByteOutput
    private var losses: LossGate
    /// Each record is built here, then copied to the output (as `MigrationStreamWriter` does).
    private var fields = FieldWriter(order: .big, record: "", capacity: 1 << 12)
    let header = StreamHeader(version: 1, byteOrder: .big)

    var info: StreamInfo {
        StreamInfo(format: BinaryStreamAdapter.formatName, dialect: SeedDialect.name, version: 1, byteOrder: .big)
    }

    init(output: ByteOutput, allowLoss: Bool, diagnostics: Diagnostics) throws {
        self.output = output
        losses = LossGate(diagnostics: diagnostics, allowLoss: allowLoss)
        try output.write(header.encoded())
    }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        guard let (type, record) = fitToSeed(record) else { return }
        fields.reset(record: "seed " + RecordType.name(of: type))
        fields.beginRecord(type: type)
        switch record {
        case .global(let global): GlobalDataLayout.encode(global, into: &fields)
        case .connection(let connection): SeedLayouts.ConnectionData.encode(connection, into: &fields)
        case .watch(let watch): SeedLayouts.WatchData.encode(watch, into: &fields)
        case .transaction(let transaction): TransactionDataLayout.encode(transaction, into: &fields)
        case .node(let node): SeedLayouts.NodeData.encode(node, into: &fields)
        default: return
        }
        try fields.endRecord(lengthIncludesPadding: false)
        if !losses.suppressed { try output.write(fields.bytes) }
    }

    func finish() throws {
        try losses.settle(output: output.name, format: "the seed's stream layout")
        fields.reset(record: "END")
        fields.beginRecord(type: RecordType.end.rawValue)
        try fields.endRecord(lengthIncludesPadding: false)
        try output.write(fields.bytes)
    }

    /// The record as the seed's layout can hold it, or `nil`; reports each loss.
    private func fitToSeed(_ record: Record) -> (UInt32, Record)? {
        switch record {
        case .global(var global):
            if let port = global.domExcPort { losses.lose("the DOM_EXC port", example: "\(port)"); global.domExcPort = nil }
            return (RecordType.globalData.rawValue, .global(global))
        case .transaction: return (RecordType.transactionData.rawValue, record)
        case .connection(var connection):
            if let unique = connection.uniqueID { losses.lose("connection unique-id", example: "conn-id \(connection.id): \(unique)") }
            connection.uniqueID = nil
            if connection.partialResponseLength > 0 {
                losses.lose("partial response of a connection (the seed's writer cannot write one, its reader cannot read one)",
                     example: "conn-id \(connection.id): \(connection.partialResponseLength) bytes")
                connection.pendingOutput.removeFirst(Int(connection.partialResponseLength))
                connection.partialResponseLength = 0
            }
            switch connection.endpoint {
            case .ring(var ring):
                if let mfn = ring.mfn { losses.lose("ring mfn (oxenstored's; no field in the seed's layout)", example: "dom \(ring.domid): \(mfn)") }
                ring.mfn = nil
                if ring.remotePort == nil {
                    losses.diagnostics.synthesized("a ring's remote event-channel port, not in the input: written as 0 (the seed's layout carries the guest's port, C xenstored's stream the local one)",
                                            example: "dom \(ring.domid)")
                    ring.remotePort = 0
                }
                if let local = ring.eventChannel {
                    losses.lose("a ring's local event-channel port (the seed's layout has only the remote port)", example: "dom \(ring.domid): \(local)")
                }
                connection.endpoint = .ring(ring)
            case .socket: break
            case .other(let type, _):
                losses.lose("connection of an unknown type", example: "conn-id \(connection.id): type \(type)")
                return nil
            }
            return (RecordType.connectionData.rawValue, .connection(connection))
        case .watch(var watch):
            if let depth = watch.depthLimit { losses.lose("watch depth", example: "\(watch.path.excerpt) depth \(depth)") }
            watch.depth = nil
            return (RecordType.watchData.rawValue, .watch(watch))
        case .node(var node):
            if node.permissions.contains(where: { $0.flags != 0 }) {
                losses.lose("permission flags such as stale (the seed writes none)", example: node.path.excerpt)
                for index in node.permissions.indices { node.permissions[index].flags = 0 }
            }
            if node.permissions.isEmpty {
                losses.lose("node without permissions (the seed's reader rejects it)", example: node.path.excerpt)
                return nil
            }
            return (RecordType.nodeData.rawValue, .node(node))
        case .globalQuota:
            losses.lose("GLOBAL_QUOTA_DATA (record type 6)")
            return nil
        case .domain(let domain):
            losses.lose("DOMAIN_DATA (record type 7)", example: "domain \(domain.domid)")
            return nil
        case .unknown(let unknown):
            losses.lose("record of another type (the seed's reader rejects it)", example: "type \(unknown.type)")
            return nil
        }
    }

}
