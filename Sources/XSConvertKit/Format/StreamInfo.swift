/// What a reader learnt about its input's encoding: enough to write the same form again and
/// for `inspect` to describe it.
public struct StreamInfo: Hashable, Sendable, CustomStringConvertible {
    /// The adapter's name (`binary`, `oxenstored`, …).
    public var format: String
    /// A variant inside the format (e.g. the binary stream's `standard` or `seed` layout).
    public var dialect: String?
    /// Stream or format version.
    public var version: UInt32?
    /// A binary stream's byte order.
    public var byteOrder: ByteOrder?
    /// For a format that records where its content came from (a JSON document's `source`):
    /// that source, so a round trip through it can restore the original encoding.
    public var origin: StreamInfo? {
        get { originStorage.first }
        set { originStorage = newValue.map { [$0] } ?? [] }
    }
    private var originStorage: [StreamInfo] = []

    /// What is known of an encoding: its format, layout, version and byte order.
    public init(format: String, dialect: String? = nil, version: UInt32? = nil, byteOrder: ByteOrder? = nil) {
        self.format = format
        self.dialect = dialect
        self.version = version
        self.byteOrder = byteOrder
    }

    /// `binary (standard), version 1, little-endian`; for a JSON document, also where its
    /// content came from.
    public var description: String {
        var text = format
        if let dialect { text += " (\(dialect))" }
        if let version { text += ", version \(version)" }
        if let byteOrder { text += ", \(byteOrder.rawValue)-endian" }
        if let origin { text += "; content from \(origin.description)" }
        return text
    }
}
