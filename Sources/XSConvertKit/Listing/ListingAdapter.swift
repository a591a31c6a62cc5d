/// A write-only view: the store as `xenstore-ls -f -p` prints it from a daemon holding it,
/// so a snapshot can be compared line for line with a live host.
public struct ListingAdapter: FormatAdapter {
    static let formatName = "xenstore-ls"

    /// The xenstore-ls listing's adapter (write only).
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

/// Lists the committed nodes when the input is complete (the order depends on the whole
/// tree: `ListingOrder`), their lines kept meanwhile on a temporary file (`ListingSpill`), so
/// memory does not grow with what the nodes hold. Everything else in a snapshot is not part of
/// a listing.
final class ListingWriter: RecordWriter {
    let output: ByteOutput
    let daemon: Daemon
    private var order: ListingOrder
    private let spill: ListingSpill

    init(output: ByteOutput, daemon: Daemon) {
        self.output = output
        self.daemon = daemon
        order = ListingOrder(daemon: daemon)
        spill = ListingSpill()
    }

    var info: StreamInfo { StreamInfo(format: "xenstore-ls", dialect: daemon.rawValue) }

    func write(_ record: Record) throws {
        try RecordRules.checkWritable(record)
        guard case .node(var node) = record, let path = order.listedPath(of: node) else { return }
        node.path = path
        try spill.keep(XenstoreListing.line(for: node), path: path, for: order.add(path).slot)
    }

    func finish() throws {
        try spill.flush()
        try order.walk(path: spill.path) { slot in
            try spill.withLine(of: slot) { try output.write($0) }
            try output.write(byte: 0x0A)
        }
    }
}
