/// The binary xenstore migration stream: header `xenstore`, versions 1 and 2, little- or
/// big-endian records (FORMATS.md §1), in two dialects: `standard` (C xenstored's layout) and
/// `seed` (the layout of the seed patch's OCaml writer, see `SeedLayouts`).
public struct BinaryStreamAdapter: FormatAdapter {
    static let formatName = "binary"
    static let standardDialect = "standard"
    /// The layouts it reads and writes: `standard` (C xenstored's) and `seed` (the seed patch's).
    public static let dialects = [standardDialect, SeedDialect.name]

    /// How far detection looks into the records to tell the dialects apart.
    static let detectionWindow = 1 << 16

    /// The binary stream's adapter.
    public init() {}

    public var name: String { Self.formatName }
    public var aliases: [String] { ["stream", "migration", "state_dump"] }
    public var summary: String {
        "xenstore migration stream (C xenstored's live-update state_dump): versions 1 and 2, little- or big-endian; dialects standard and seed"
    }

    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection {
        StreamHeader.matches(prefix) ? .yes : .no
    }

    /// A daemon restores the stream in order: parents first, special nodes first.
    public var requiredOrder: RequiredOrder { .daemonRestore }

    /// Reads the dialect asked for, or the one the record bodies show (only a big-endian
    /// version 1 stream can be the seed's).
    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        let dialect = try Self.checked(options.dialect)
        let header = try StreamHeader(decoding: try input.read(StreamHeader.size, what: "the 16-byte stream header"), file: input.name)
        let seed: Bool
        if let dialect {
            seed = dialect == SeedDialect.name
        } else {
            let couldBeSeed = header.byteOrder == .big && header.version == 1
            seed = try couldBeSeed && SeedDialect.isSeed(input.peek(Self.detectionWindow))
        }
        return seed ? SeedStreamReader(input: input, header: header, limits: options.limits, diagnostics: diagnostics)
                    : MigrationStreamReader(input: input, header: header, limits: options.limits, diagnostics: diagnostics)
    }

    /// Writes the dialect asked for, else the standard one. Byte order and version: as asked;
    /// else the input's when the input is a stream of the same dialect; else little-endian
    /// version 1 (what C xenstored 4.17–4.20 on x86 reads). The seed's dialect is big-endian
    /// version 1 only.
    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        let dialect = try Self.checked(options.dialect) ?? Self.standardDialect
        if dialect == SeedDialect.name {
            guard options.byteOrder ?? .big == .big, options.streamVersion ?? 1 == 1 else {
                throw ConversionError(.usage, "binary: the seed dialect is big-endian version 1 only")
            }
            return try SeedStreamWriter(output: output, allowLoss: options.allowLoss, diagnostics: diagnostics)
        }
        // The input's own encoding, or the one a JSON document says its content came from.
        let original = source?.format == Self.formatName ? source : source?.origin
        let same = original?.format == Self.formatName && original?.dialect == dialect ? original : nil
        let version = options.streamVersion ?? same?.version ?? 1
        guard StreamHeader.supportedVersions.contains(version) else {
            throw ConversionError(.usage, "binary: stream version \(version) is not supported; use 1 or 2")
        }
        let header = StreamHeader(version: version, byteOrder: options.byteOrder ?? same?.byteOrder ?? .little)
        guard options.watchExtendedLayout != .noDepth else {
            throw ConversionError(.usage, "binary: WATCH_DATA_EXTENDED is not written in Xen 4.22.0's writer layout, which no reader restores correctly")
        }
        return try MigrationStreamWriter(output: output, header: header, watchLayout: options.watchExtendedLayout,
                                         allowLoss: options.allowLoss, diagnostics: diagnostics)
    }

    /// A stream of a dialect or version xsconvert does not write cannot be the origin a
    /// writer keeps.
    public func originProblem(_ origin: StreamInfo) -> (field: String, message: String)? {
        if let dialect = origin.dialect, !Self.dialects.contains(dialect) {
            return ("dialect", "binary stream dialect \"\(Bytes(utf8: dialect).excerpt)\" is not one xsconvert knows (\(Self.dialects.joined(separator: ", ")))")
        }
        if let version = origin.version, !StreamHeader.supportedVersions.contains(version) {
            return ("version", "binary stream version \(version) is not one xsconvert reads or writes (1 or 2)")
        }
        return nil
    }

    static func checked(_ dialect: String?) throws -> String? {
        guard let dialect else { return nil }
        guard dialects.contains(dialect.lowercased()) else {
            throw ConversionError(.usage, "binary: unknown dialect '\(dialect)'; known: \(dialects.joined(separator: ", "))")
        }
        return dialect.lowercased()
    }
}
