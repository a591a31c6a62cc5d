/// Writes the JSON form: the header members, then each record as it comes (flushed in large
/// chunks, so memory does not grow with the store), then the closing brackets.
final class SnapshotJSONWriter: RecordWriter {
    let output: ByteOutput
    private let json: JSONText
    let info: StreamInfo

    init(output: ByteOutput, source: StreamInfo?, pretty: Bool) throws {
        self.output = output
        json = JSONText(pretty: pretty)
        // A JSON input records where its content came from: keep that, not "json".
        let recorded = source?.format == JSONAdapter.formatName ? source?.origin : source
        var info = StreamInfo(format: JSONAdapter.formatName, version: JSONAdapter.documentVersion)
        info.origin = recorded
        self.info = info
        json.beginObject()
        json.key("format"); json.string(JSONAdapter.formatMarker)
        json.key("version"); json.integer(JSONAdapter.documentVersion)
        if let recorded {
            json.key("source")
            json.beginObject()
            json.key("format"); json.string(recorded.format)
            if let dialect = recorded.dialect { json.key("dialect"); json.string(dialect) }
            if let version = recorded.version { json.key("version"); json.integer(version) }
            if let order = recorded.byteOrder { json.key("byteOrder"); json.string(order.rawValue) }
            json.endObject()
        }
        json.key("records")
        json.beginArray()
    }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        RecordJSON.write(record, into: json)
        if json.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        try output.write(json.bytes)
        json.removeAll()
    }

    func finish() throws {
        json.endArray()
        json.endObject()
        try flush()
        try output.write(byte: 0x0A)
    }
}

extension SnapshotJSONWriter: RecordViewWriter {
    /// Every view: nodes, watches and transactions as they lie, a connection through the model.
    func accepts(_ view: borrowing RecordView) -> Bool {
        true
    }

    func write(_ view: borrowing RecordView) throws {
        RecordJSON.write(view, into: json)
        if json.count >= 1 << 16 { try flush() }
    }
}
