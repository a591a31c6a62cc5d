/// The binary xenstore migration stream: header `xenstore`, versions 1 and 2, little- or
/// big-endian records (FORMATS.md §1).
public struct BinaryStreamAdapter: FormatAdapter {
    static let formatName = "binary"
    static let standardDialect = "standard"

    public init() {}

    public var name: String { Self.formatName }
    public var aliases: [String] { ["stream", "migration", "state_dump"] }
    public var summary: String {
        "xenstore migration stream (C xenstored's live-update state_dump): versions 1 and 2, little- or big-endian"
    }

    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection {
        StreamHeader.matches(prefix) ? .yes : .no
    }

    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        if let dialect = options.dialect, dialect != Self.standardDialect {
            throw ConversionError(.usage, "binary: unknown dialect '\(dialect)'; known: \(Self.standardDialect)")
        }
        return try MigrationStreamReader(input: input, diagnostics: diagnostics)
    }

    /// Defaults: the input's byte order and version when the input is a binary stream too;
    /// otherwise little-endian version 1 (what C xenstored 4.17–4.20 on x86 reads).
    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        let sameFormat = source?.format == Self.formatName ? source : nil
        let version = options.streamVersion ?? sameFormat?.version ?? 1
        guard StreamHeader.supportedVersions.contains(version) else {
            throw ConversionError(.usage, "binary: stream version \(version) is not supported; use 1 or 2")
        }
        let header = StreamHeader(version: version, byteOrder: options.byteOrder ?? sameFormat?.byteOrder ?? .little)
        return try MigrationStreamWriter(output: output, header: header, allowLoss: options.allowLoss, diagnostics: diagnostics)
    }
}
