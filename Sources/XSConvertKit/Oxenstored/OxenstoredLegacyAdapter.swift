/// oxenstored's legacy persistent db and SIGUSR1 debug dump (`path{perms} = value`,
/// FORMATS.md §3), read only: nodes, with the leading `/` that deeper paths lack restored.
public struct OxenstoredLegacyAdapter: FormatAdapter {
    static let formatName = "oxenstored-legacy"

    /// The oxenstored legacy db's adapter (read only).
    public init() {}

    public var name: String { Self.formatName }
    public var aliases: [String] { ["legacy", "db.debug"] }
    public var summary: String { "oxenstored's legacy db / SIGUSR1 debug dump (path{perms} = value; nodes only)" }
    public var canWrite: Bool { false }

    /// Plausible when the first line starts `/<path chars>{`: every such file starts with
    /// the root, `/{…}`.
    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection {
        guard prefix.first == UInt8(ascii: "/"),
              let open = prefix.firstIndex(of: UInt8(ascii: "{")),
              prefix[..<open].allSatisfy({ $0 == UInt8(ascii: "/") || OxenstoredPath.isNameCharacter($0) })
        else { return .no }
        return .maybe
    }

    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        try OxenstoredLegacyReader.make(input: input, options: options, diagnostics: diagnostics)
    }

    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        throw ConversionError(.usage, "\(name) can be read but not written")
    }
}
