/// A format xsconvert reads and (usually) writes. Each adapter turns its format into a stream
/// of `Record`s and back; it knows nothing of any other format. Compression is not an
/// adapter's concern: the input reaches it already decoded, and its output bytes may be
/// encoded further by a layer it does not see.
public protocol FormatAdapter: Sendable {
    /// The name used on the command line (`--from`, `--to`).
    var name: String { get }
    /// Other accepted names.
    var aliases: [String] { get }
    /// One line for `xsconvert formats` and `--help`.
    var summary: String { get }
    /// Whether `makeReader` is supported.
    var canRead: Bool { get }
    /// Whether `makeWriter` is supported.
    var canWrite: Bool { get }
    /// Whether the order of the records read carries meaning (false for a JSON document,
    /// which may be hand-edited in any order).
    var recordOrderIsMeaningful: Bool { get }
    /// The order the output's records must be in for its daemon to restore them; records
    /// from a format whose order means nothing are arranged so.
    var requiredOrder: RequiredOrder { get }

    /// How sure the adapter is that an input starting with `prefix` is in its format.
    /// `prefix` holds the first bytes (up to `FormatRegistry.sniffLength`) or the whole
    /// input if shorter.
    func detect(_ prefix: ArraySlice<UInt8>) -> Detection

    /// A reader over `input`. Fails if the input does not start like this format.
    func makeReader(_ input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> any RecordReader

    /// Why this adapter's writer could not keep the encoding `origin` describes (a JSON
    /// document's `source`, which a writer follows by default), naming the `StreamInfo` field
    /// at fault; nil if it can.
    func originProblem(_ origin: StreamInfo) -> (field: String, message: String)?

    /// A writer into `output`. `source` describes the input, for defaults (a binary stream
    /// keeps its byte order and version unless told otherwise).
    func makeWriter(
        _ output: ByteOutput, source: StreamInfo?, options: WriteOptions, diagnostics: Diagnostics
    ) throws -> any RecordWriter
}

/// The result of sniffing an input's first bytes.
public enum Detection: Int, Comparable, Sendable {
    /// Not this format.
    case no = 0
    /// Plausible, but another adapter may be more specific.
    case maybe = 1
    /// The format's magic is present.
    case yes = 2

    public static func < (a: Detection, b: Detection) -> Bool { a.rawValue < b.rawValue }
}

/// Yields the records of one input, in order.
public protocol RecordReader: AnyObject {
    /// What the reader learnt of the input's encoding (available once it is created).
    var info: StreamInfo { get }
    /// The next record, or `nil` once the input is complete.
    func next() throws -> Record?
    /// Where the record last returned by `next()` began.
    var location: SourceLocation { get }
    /// How the record last returned by `next()` was framed (binary streams; `.plain` elsewhere).
    var framing: RecordFraming { get }
}

extension RecordReader {
    public var framing: RecordFraming { .plain }
}

/// How a binary record was laid out, where that matters to a daemon restoring it but not to
/// the record's content (which is what the model keeps): what `validate` needs to tell whether
/// a daemon reads the record as xsconvert did.
public struct RecordFraming: Hashable, Sendable {
    /// The record's `len` when it leaves out the padding after the body (as the seed's writer
    /// does); C xenstored writes it with the padding and, reading the next header exactly `len`
    /// bytes on, needs it so.
    public var unpaddedLength: Int?
    /// The layout a WATCH_DATA_EXTENDED record was found in.
    public var watchLayout: WatchExtendedLayout?
    /// Bytes the record's `len` claims beyond its end (Xen 4.22.0's WATCH_DATA_EXTENDED writer),
    /// over which the reader resynchronised.
    public var lengthOverrun = 0

    /// A record exactly as its layout writes it.
    public static let plain = RecordFraming()

    /// A record's framing as found: its unpadded length, its watch layout, the bytes its `len` overran.
    public init(unpaddedLength: Int? = nil, watchLayout: WatchExtendedLayout? = nil, lengthOverrun: Int = 0) {
        self.unpaddedLength = unpaddedLength
        self.watchLayout = watchLayout
        self.lengthOverrun = lengthOverrun
    }
}

/// Consumes records, in order, and writes them out.
public protocol RecordWriter: AnyObject {
    /// What this writer produces (for reports and archive metadata).
    var info: StreamInfo { get }
    /// Writes the next record.
    func write(_ record: Record) throws
    /// Writes whatever closes the output (END, buffered sections) and flushes it. Throws if
    /// the output would lose data the user did not allow it to lose.
    func finish() throws
}

extension FormatAdapter {
    public var aliases: [String] { [] }
    public var canRead: Bool { true }
    public var canWrite: Bool { true }
    public var recordOrderIsMeaningful: Bool { true }
    public var requiredOrder: RequiredOrder { .any }
    public func originProblem(_ origin: StreamInfo) -> (field: String, message: String)? { nil }

    /// Reads a whole input into a snapshot; what the reader skipped or doubted goes to
    /// `diagnostics`.
    public func readSnapshot(_ input: ByteInput, options: ReadOptions = .init(), diagnostics: Diagnostics = Diagnostics()) throws -> (Snapshot, StreamInfo) {
        let reader = try makeReader(input, options: options, diagnostics: diagnostics)
        var snapshot = Snapshot()
        while let record = try reader.next() { snapshot.records.append(record) }
        return (snapshot, reader.info)
    }

    /// Writes a whole snapshot, and tells the output's layers what it holds (an archive's
    /// comment: format, version, byte order, node count).
    public func writeSnapshot(
        _ snapshot: Snapshot, to output: ByteOutput, source: StreamInfo? = nil,
        options: WriteOptions = .init(), diagnostics: Diagnostics
    ) throws {
        let writer = try makeWriter(output, source: source, options: options, diagnostics: diagnostics)
        var records = snapshot.records.makeIterator()
        _ = try RecordWriting.writeAll({ records.next() }, into: writer, output: output)
    }
}

/// The one loop that writes records out, whoever calls it (`Converter`, `writeSnapshot`,
/// `Snapshot.write`).
enum RecordWriting {
    /// Writes every record `next` yields (each seen by `check` first, with where it was read),
    /// completes the writer and the output, and tells the output's layers what was written:
    /// the writer's description before the first byte, the node count at the end (an archive's
    /// header comment). A record the writer refuses is reported in `input`, at `location`.
    static func writeAll(
        _ next: () throws -> Record?, into writer: any RecordWriter, output: ByteOutput, input: ByteInput? = nil,
        checking check: RestoreCheck? = nil, at location: () -> SourceLocation? = { nil }
    ) throws -> (records: Int, nodes: Int) {
        try writeAll(next, lendingFrom: nil, into: writer, output: output, input: input, checking: check, at: location)
    }

    /// The same, with the records `lender` can lend as views written from them when `writer`
    /// takes views (`RecordViewReader`): the plain ones go from the input's buffer to the
    /// output's without the model, the others through it.
    static func writeAll(
        _ next: () throws -> Record?, lendingFrom lender: (any RecordViewReader)?, into writer: any RecordWriter,
        output: ByteOutput, input: ByteInput? = nil, checking check: RestoreCheck? = nil,
        at location: () -> SourceLocation? = { nil }
    ) throws -> (records: Int, nodes: Int) {
        output.describe(writer.info)
        let taker = lender == nil ? nil : writer as? any RecordViewWriter
        var count = 0, nodes = 0
        while true {
            if let lender, let taker {
                let lent = try lender.lendRecords { view in
                    guard taker.accepts(view) else { return false }
                    try naming(input, at: location) { try check?.check(view, at: location) }
                    try taker.write(view)
                    return true
                }
                count += lent.records
                nodes += lent.nodes
            }
            guard let record = try next() else { break }
            try naming(input, at: location) { try check?.check(record, at: location()) }
            try naming(input, at: location) { try writer.write(record) }
            count += 1
            if case .node = record { nodes += 1 }
        }
        try naming(input) { try writer.finish() }
        try output.finish(nodes: nodes)
        return (count, nodes)
    }

    /// Runs `body`; a data error that names no file (one about the records as a whole, such as
    /// missing parents, or a record a writer refuses) is about `input`, and names it, and the
    /// place `location` gives if the error has none.
    static func naming<T>(_ input: ByteInput?, at location: () -> SourceLocation? = { nil }, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ConversionError where error.kind == .data && error.file == nil {
            guard let input else { throw error }
            error.file = input.name
            error.location = error.location ?? location()
            throw error
        }
    }
}

/// What order a format's records must be in for its daemon to restore them.
public enum RequiredOrder: Sendable {
    /// Any order (JSON, a listing).
    case any
    /// GLOBAL_DATA first, every node after its parent; everything else where it is
    /// (oxenstored's text).
    case parentsFirst
    /// C xenstored's restore order (`RestoreOrder`): GLOBAL_DATA first, each connection with
    /// its watches, special nodes, parents before children.
    case daemonRestore
}
