/// The one place that lists the formats xsconvert knows, finds them by name, and detects
/// them from an input's first bytes.
public struct FormatRegistry: Sendable {
    /// The formats, in the order `formats` lists them and detection tries them.
    public let adapters: [any FormatAdapter]

    /// How many leading bytes detection looks at.
    public static let sniffLength = 512

    /// Every format xsconvert ships. To add a format, write its adapter and list it here.
    public static let standard = FormatRegistry(adapters: [
        BinaryStreamAdapter(),
        OxenstoredAdapter(),
        OxenstoredLegacyAdapter(),
        JSONAdapter(),
        ListingAdapter(),
    ])

    /// A registry of `adapters`.
    public init(adapters: [any FormatAdapter]) {
        self.adapters = adapters
    }

    /// The formats' names.
    public var names: [String] { adapters.map(\.name) }

    /// The formats that can be read (what detection chooses from).
    public var readableNames: [String] { adapters.filter(\.canRead).map(\.name) }

    /// The formats that can be written.
    public var writableNames: [String] { adapters.filter(\.canWrite).map(\.name) }

    /// The adapter called `name` (or one of its aliases), case-insensitively.
    public func adapter(named name: String) throws -> any FormatAdapter {
        let wanted = name.lowercased()
        if let found = adapters.first(where: { $0.name == wanted || $0.aliases.contains(wanted) }) {
            return found
        }
        throw ConversionError(.usage, "unknown format '\(name)'; known formats: \(names.joined(separator: ", "))")
    }

    /// The adapter whose format `input` is in, judged by its first bytes (not consumed).
    public func detect(_ input: ByteInput) throws -> any FormatAdapter {
        let prefix = try input.peek(Self.sniffLength)
        var best: (adapter: any FormatAdapter, detection: Detection)?
        for adapter in adapters where adapter.canRead {
            let detection = adapter.detect(prefix)
            if detection > (best?.detection ?? .no) { best = (adapter, detection) }
        }
        guard let best else {
            let what = prefix.isEmpty ? "the input is empty" : "its first bytes match no known format"
            throw ConversionError(
                .data, file: input.name, at: .byte(0),
                "cannot tell the format: \(what); expected one of \(readableNames.joined(separator: ", "))", remedy: .nameInputFormat)
        }
        return best.adapter
    }
}
