/// How much a reader accepts, so that memory and time stay proportional to what a real store
/// needs, whatever lengths and counts an input claims. The defaults follow what the real
/// daemons accept (FORMATS.md "Limits"); each can be raised up to `maximum`, what the
/// migration stream (the model's strictest format) can hold, so that a record any reader
/// accepts can be written in every format and read back under the same limits.
///
/// Every reader checks each record it returns against `RecordRules` with these limits; the
/// byte-level bounds a reader needs before it has a record (a binary record's `len`, a text
/// line, the strings of a JSON record, a gzip archive's expansion) are derived from them here,
/// each large enough for any record within the limits in any format's spelling.
public struct ReadLimits: Hashable, Sendable {
    /// The longest path of a node or watch, in bytes. Default: xenstore's absolute path
    /// limit (XENSTORE_ABS_PATH_MAX, 3072), which both daemons enforce on every request.
    /// It also bounds a path's depth (a level takes at least 2 bytes).
    public var pathLength: Int
    /// The longest node value, watch token or quota name, in bytes. Default: one xenstore
    /// message's payload (XENSTORE_PAYLOAD_MAX, 4096), which holds a value and its path.
    public var valueLength: Int
    /// The most bytes one record may carry: a node's path, value and permissions (4 bytes
    /// each), a connection's pending input and output, a quota record's names and values, the
    /// body of a record of unknown type. Default 4 MiB: above C xenstored's memory quota of a
    /// guest (2.5 MB), which bounds the output queued for it.
    public var recordSize: Int
    /// How many times its compressed size a gzip archive may expand to (plus one record of
    /// `textRecordLength`). Default 256: the real dumps compress 2–17 times; only a store of
    /// kilobyte values of nothing but zeros gets near it.
    public var expansion: Int
    /// The most nodes whose paths a reader or a check remembers, to find a node given twice
    /// or before its parent: 8–16 bytes a node (`SeenPaths`). Default 10 million: fifty times
    /// a host of a thousand guests (about 200 000 nodes). Past it, reading stops with an
    /// error; an input that needs nothing remembered (a conversion between formats whose
    /// order is kept, without a daemon to check for) streams for as long as it is fed.
    public var nodes: Int

    /// Limits; the defaults are the daemons' own, with room for a 4 MiB record, a 256-fold gzip
    /// expansion and 10 million nodes remembered.
    public init(pathLength: Int = 3072, valueLength: Int = 4096, recordSize: Int = 4 << 20, expansion: Int = 256,
                nodes: Int = 10_000_000) {
        self.pathLength = pathLength
        self.valueLength = valueLength
        self.recordSize = recordSize
        self.expansion = expansion
        self.nodes = nodes
    }

    /// The most each limit can be raised to: what the migration stream can hold (path-len is
    /// a u16 counting the NUL, value-len a u16, `len` a u32); gzip's deflate expands at most
    /// 1032 times.
    /// Nodes: as many as a u32 counts (64 GiB of fingerprints).
    public static let maximum = ReadLimits(pathLength: 0xFFFE, valueLength: 0xFFFF, recordSize: 0xFFFF_FF00, expansion: 1032,
                                           nodes: 0xFFFF_FFFF)

    /// Each limit, named for messages and for the option that raises it.
    public enum Limit: String, CaseIterable, Hashable, Sendable {
        /// The longest path (`--max-path-length`).
        case pathLength
        /// The longest value, watch token or quota name (`--max-value-size`).
        case valueLength
        /// The largest record's data (`--max-record-size`).
        case recordSize
        /// How many times its own size a gzip archive may expand to (`--max-expansion`).
        case expansion
        /// How many nodes a reader remembers for its duplicate and parent checks (`--max-nodes`).
        case nodes

        /// What the limit bounds, for messages.
        public var subject: String {
            switch self {
            case .pathLength: "a path"
            case .valueLength: "a value, token or quota name"
            case .recordSize: "the data of one record"
            case .expansion: "a gzip archive's expansion"
            case .nodes: "the nodes remembered"
            }
        }
    }

    /// The value of `limit`.
    public subscript(limit: Limit) -> Int {
        get {
            switch limit {
            case .pathLength: pathLength
            case .valueLength: valueLength
            case .recordSize: recordSize
            case .expansion: expansion
            case .nodes: nodes
            }
        }
        set {
            switch limit {
            case .pathLength: pathLength = newValue
            case .valueLength: valueLength = newValue
            case .recordSize: recordSize = newValue
            case .expansion: expansion = newValue
            case .nodes: nodes = newValue
            }
        }
    }

    /// Why `value` cannot be `limit` (under 1, or over `maximum`), or nil.
    public static func problem(setting limit: Limit, to value: Int) -> String? {
        let most = maximum[limit]
        if value < 1 { return "\(limit.rawValue) must be at least 1" }
        if value > most { return "\(limit.rawValue) can be at most \(most) (what the formats can hold)" }
        return nil
    }

    /// The error for the node after the `limit`-th, read at `location`.
    static func tooManyNodes(_ limit: Int, at location: SourceLocation?) -> ConversionError {
        ConversionError(.data, at: location,
                        "more than \(limit) nodes, the most xsconvert remembers (to find a node given twice or before its parent, or to put the nodes in order)",
                        remedy: .raiseLimit(.nodes))
    }

    // MARK: - Derived byte bounds

    /// Room for a record's fixed fields, NULs and padding beside what `recordSize` counts.
    static let fixedRoom = 64

    /// The largest `len` a binary record may have: a record within `recordSize` plus its
    /// fixed fields (a NODE_DATA of `n` permissions is `16 + 4n + path + 1 + value`, padded).
    var binaryRecordLength: Int { recordSize + Self.fixedRoom }

    /// The longest line of a text format, and the most string bytes one JSON record may hold:
    /// hex, OCaml escapes and JSON spell a byte in up to 4 characters (a permission in up to
    /// 14 hex digits for its 4 bytes), plus room for the line's other fields.
    var textRecordLength: Int { 4 * recordSize + (64 << 10) }

    /// How many bytes after a stream's END (or a JSON document's end) are read to report them;
    /// the rest is not read.
    static let trailingBytes = 64 << 10
}
