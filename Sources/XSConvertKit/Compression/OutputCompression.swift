/// How an output is to be compressed.
public struct OutputCompression: Hashable, Sendable {
    /// 1 (fastest) … 9 (smallest); gzip(1)'s default is 6.
    public var level: Int
    /// What the header records; `comment: nil` lets xsconvert describe the content.
    public var metadata: GzipMetadata

    /// gzip's own default level.
    public static let defaultLevel = 6

    /// gzip output at `level` (1 fastest to 9 smallest), its header holding `metadata`.
    public init(level: Int = OutputCompression.defaultLevel, metadata: GzipMetadata = .init()) {
        self.level = level
        self.metadata = metadata
    }

    /// Whether an output name asks for gzip (ends in `.gz`).
    public static func isImplied(by path: String) -> Bool {
        path.hasSuffix(".gz")
    }
}
