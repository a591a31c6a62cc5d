import Glibc

/// The JSON form of a snapshot: lossless for the whole model, described by
/// `Schemas/xsconvert-snapshot.schema.json` (see docs/json.md).
public struct JSONAdapter: FormatAdapter {
    static let formatName = "json"
    static let formatMarker = "xsconvert-snapshot"
    static let documentVersion: UInt32 = 1

    /// The JSON form's adapter.
    public init() {}

    public var name: String { Self.formatName }
    public var summary: String { "xsconvert's JSON form, lossless, with a JSON Schema (compact, or indented for people)" }
    /// A document's record order means nothing (it may be hand-edited).
    public var recordOrderIsMeaningful: Bool { false }

    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection {
        guard prefix.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") else { return .no }
        return Self.containsQuotedMarker(prefix) ? .yes : .maybe
    }

    /// Whether `text` holds the quoted marker: each `"` found by `memchr`, the rest compared
    /// by `memcmp` (a generic search compares byte by byte, and in the fuzz build each
    /// comparison calls a sanitizer hook).
    private static func containsQuotedMarker(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBytes { text in
            quotedMarker.withUnsafeBytes { marker in
                var at = 0
                while text.count - at >= marker.count,
                      let quote = memchr(text.baseAddress! + at, Int32(UInt8(ascii: "\"")), text.count - at - marker.count + 1) {
                    at = UnsafeRawPointer(quote) - text.baseAddress!
                    if memcmp(text.baseAddress! + at, marker.baseAddress!, marker.count) == 0 { return true }
                    at += 1
                }
                return false
            }
        }
    }

    /// The format marker as the document spells it, quoted.
    private static let quotedMarker = Bytes(utf8: "\"" + formatMarker + "\"")

    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        try SnapshotJSONReader(input: input, limits: options.limits, diagnostics: diagnostics)
    }

    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        try SnapshotJSONWriter(output: output, source: source, pretty: options.pretty)
    }

    /// The shape of the `source` member. (Made for each document, not kept in a static: the
    /// pointers of a static indirect enum are tagged, and LeakSanitizer takes them for leaks.)
    static var sourceShape: JSONShape {
        .object([
            "format": .string(maxBytes: 64), "dialect": .string(maxBytes: 64), "version": .integer, "byteOrder": .string(maxBytes: 64),
        ])
    }

    /// The `source` member: where the document's content came from. A source that names a
    /// format xsconvert knows must be one its writer can reproduce (a binary stream of a
    /// version and dialect it writes): a writer keeps the source's encoding by default.
    static func readSource(_ value: JSONValue, file: String) throws -> StreamInfo {
        var fields = try JSONFields(value, path: "$.source", file: file)
        var info = StreamInfo(format: try fields.string("format"))
        if fields.optional("dialect") != nil { info.dialect = try fields.string("dialect") }
        info.version = try fields.optionalInteger("version")
        if fields.optional("byteOrder") != nil {
            let order = try fields.string("byteOrder")
            guard let byteOrder = ByteOrder(rawValue: order) else { throw fields.error("byteOrder", "expected \"little\" or \"big\", found \"\(order)\"") }
            info.byteOrder = byteOrder
        }
        try fields.finish()
        if let adapter = try? FormatRegistry.standard.adapter(named: info.format), let problem = adapter.originProblem(info) {
            throw fields.error(problem.field, problem.message)
        }
        return info
    }
}
