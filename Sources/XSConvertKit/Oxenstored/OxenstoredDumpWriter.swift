/// Writes oxenstored's live-update text dump: the header, then a line or two per record as
/// `OxenstoredMapping.Writing` maps it, in the order the records come.
///
/// What the text cannot hold is recorded as a loss; unless the user allowed loss, output
/// stops at the first one and `finish()` fails with the full list.
final class OxenstoredDumpWriter: RecordWriter {
    let output: ByteOutput
    let diagnostics: Diagnostics
    let allowLoss: Bool
    private var mapping: OxenstoredMapping.Writing
    private var buffer = Bytes()

    /// The format, and the dialect where it is not the in-tree daemon's.
    var info: StreamInfo { StreamInfo(format: OxenstoredAdapter.formatName, dialect: mapping.dialect == .standard ? nil : mapping.dialect.rawValue) }

    init(output: ByteOutput, allowLoss: Bool, dialect: OxenstoredDialect = .standard, diagnostics: Diagnostics) throws {
        self.output = output
        self.allowLoss = allowLoss
        self.diagnostics = diagnostics
        mapping = OxenstoredMapping.Writing(diagnostics: diagnostics, dialect: dialect)
        try output.write(DumpLine.header + [0x0A])
    }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        try emit(mapping.lines(for: record))
    }

    func finish() throws {
        let closing = mapping.finish()
        try diagnostics.settleLosses(allowLoss: allowLoss, output: output.name, format: "the oxenstored text dump")
        try emit(closing)
    }

    /// Writes `lines` unless a loss the user did not allow has stopped the output.
    private func emit(_ lines: [DumpLine]) throws {
        guard allowLoss || diagnostics.losses.isEmpty else { return }
        buffer.removeAll(keepingCapacity: true)
        for line in lines { line.encode(into: &buffer) }
        try output.write(buffer)
    }
}
