/// oxenstored's live-update text dump (`$xenstored-dump-format`, FORMATS.md §2), read and
/// written. The mapping to the model is `OxenstoredMapping` (docs/oxenstored-mapping.md).
public struct OxenstoredAdapter: FormatAdapter {
    static let formatName = "oxenstored"

    /// The oxenstored text dump's adapter.
    public init() {}

    public var name: String { Self.formatName }
    public var aliases: [String] { ["oxenstored-dump", "text", "xenstored-dump-format"] }
    public var summary: String {
        "oxenstored's live-update text dump ($xenstored-dump-format: global, evtchn-dev, dom, socket, watch and store lines)"
    }

    /// oxenstored skips a node whose parent it has not restored before it.
    public var requiredOrder: RequiredOrder { .parentsFirst }

    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection {
        prefix.starts(with: DumpLine.header) ? .yes : .no
    }

    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        try OxenstoredDumpReader.make(input: input, options: options, diagnostics: diagnostics)
    }

    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        try OxenstoredDumpWriter(output: output, allowLoss: options.allowLoss,
                                 dialect: try options.dialect.map(OxenstoredDialect.named) ?? .standard, diagnostics: diagnostics)
    }
}
