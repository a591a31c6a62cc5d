/// What a gzip header says about its content (RFC 1952): the original file name, its
/// modification time and a comment. xsconvert's comment describes the snapshot inside.
public struct GzipMetadata: Hashable, Sendable {
    /// The original file's name, without `.gz`.
    public var fileName: String?
    /// Seconds since the epoch; 0 = unknown.
    public var modificationTime: UInt32
    /// A comment (xsconvert's describes the snapshot, `ArchiveComment`).
    public var comment: String?

    /// A header with these fields (all optional).
    public init(fileName: String? = nil, modificationTime: UInt32 = 0, comment: String? = nil) {
        self.fileName = fileName
        self.modificationTime = modificationTime
        self.comment = comment
    }
}

/// The comment xsconvert writes into its archives, `key=value` pairs separated by spaces:
///
///     xsconvert=0.1.0 format=binary dialect=standard version=1 byte-order=little nodes=133
///
/// The node count is only known at the end; it is written as `?` padded to a fixed width and
/// filled in once the archive is complete, where the output can be rewritten in place (a file;
/// not a pipe, where it stays `?`).
public enum ArchiveComment {
    /// The comment's key for the node count.
    public static let nodesKey = "nodes"
    /// Room reserved for the node count.
    static let nodesWidth = 10

    /// The comment for an archive of a snapshot encoded as `info`, written by xsconvert `version`.
    public static func make(version: String, info: StreamInfo?) -> String {
        var pairs = [("xsconvert", version)]
        if let info {
            pairs.append(("format", info.format))
            if let dialect = info.dialect { pairs.append(("dialect", dialect)) }
            if let streamVersion = info.version { pairs.append(("version", String(streamVersion))) }
            if let order = info.byteOrder { pairs.append(("byte-order", order.rawValue)) }
        }
        pairs.append((nodesKey, nodesField(nil)))
        return pairs.map { "\($0)=\($1)" }.joined(separator: " ")
    }

    /// The node count as it stands in the comment: fixed width, `?` when unknown.
    static func nodesField(_ count: Int?) -> String {
        let text = count.map(String.init) ?? "?"
        return text + String(repeating: " ", count: max(0, nodesWidth - text.count))
    }

    /// The pairs of a comment (an empty list for a comment not written by xsconvert).
    public static func parse(_ comment: String) -> [(key: String, value: String)] {
        comment.split(separator: " ").compactMap { pair in
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            return (String(pair[..<equals]), String(pair[equals...].dropFirst()))
        }
    }
}

/// What the converter knows about the content being written, for layers that describe it
/// (the gzip header's comment). Filled in as the conversion runs.
public final class ContentSummary {
    /// The writer's description of its output.
    public var info: StreamInfo?
    /// Nodes written, once the conversion is complete.
    public var nodes: Int?

    /// An empty summary, filled in as the content is written.
    public init() {}
}
