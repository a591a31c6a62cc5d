/// A write-only view: the store as `xenstore-ls -f -p` prints it from a daemon holding it,
/// so a snapshot can be compared line for line with a live host.
public struct ListingAdapter: FormatAdapter {
    static let formatName = "xenstore-ls"

    public init() {}

    public var name: String { Self.formatName }
    public var aliases: [String] { ["listing", "ls"] }
    public var summary: String { "the listing `xenstore-ls -f -p` prints, in C xenstored's or oxenstored's order" }
    public var canRead: Bool { false }

    public func detect(_ prefix: ArraySlice<UInt8>) -> Detection { .no }

    public func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader {
        throw ConversionError(.usage, "xenstore-ls listings can be written but not read")
    }

    public func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter {
        // oxenstored's formats (its dump and its legacy db) list as oxenstored does.
        let daemon = options.listingDaemon ?? (source?.format.hasPrefix("oxenstored") == true ? .oxenstored : .c)
        return ListingWriter(output: output, daemon: daemon)
    }
}

/// Keeps the committed nodes, and lists them when the input is complete (the order depends on
/// the whole tree). Everything else in a snapshot is not part of a listing.
final class ListingWriter: RecordWriter {
    let output: ByteOutput
    let daemon: Daemon
    var nodes: [Node] = []

    init(output: ByteOutput, daemon: Daemon) {
        self.output = output
        self.daemon = daemon
    }

    var info: StreamInfo { StreamInfo(format: "xenstore-ls", dialect: daemon.rawValue) }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        if case .node(let node) = record { nodes.append(node) }
    }

    func finish() throws {
        for line in XenstoreListing.lines(of: nodes, as: daemon) {
            try output.write(Array(line.utf8))
            try output.write(byte: 0x0A)
        }
    }
}
