/// Runs a conversion: picks the reader (named or detected) and the writer, and streams the
/// records from one to the other, so memory does not grow with the number of records.
public struct Converter: Sendable {
    /// The formats it reads and writes.
    public var registry: FormatRegistry

    /// A converter between the formats of `registry`.
    public init(registry: FormatRegistry = .standard) {
        self.registry = registry
    }

    /// What a conversion read and wrote.
    public struct Result: Sendable {
        /// How the input was encoded.
        public var source: StreamInfo
        /// How the output was encoded.
        public var target: StreamInfo
        /// How many records were written.
        public var records: Int
        /// For a conversion for a target: what making the input restorable changed, a few
        /// words each (`stream version 1 → 2`, `special nodes moved`); empty otherwise.
        public var changes: [String] = []
    }

    /// The adapter for `input`: the one named, or the one detected from its first bytes.
    public func readerAdapter(for input: ByteInput, named name: String?) throws -> any FormatAdapter {
        let adapter = try name.map(registry.adapter(named:)) ?? registry.detect(input)
        guard adapter.canRead else {
            throw ConversionError(.usage, "\(adapter.name) can be written but not read")
        }
        return adapter
    }

    /// Converts `input` into exactly what `target`'s daemon restores (see `TargetShaping`):
    /// its format, byte order and version, its record set and order. Holds the snapshot in
    /// memory, since the order changes, and the output too: it is read back and validated for
    /// the target before a byte reaches `output`, so what `validate --target` would refuse is
    /// never written.
    public func convert(
        _ input: ByteInput, from sourceFormat: String? = nil, to output: ByteOutput, target: TargetProfile,
        readOptions: ReadOptions = .init(), writeOptions: WriteOptions = .init(), diagnostics: Diagnostics = Diagnostics()
    ) throws -> Result {
        try namingInput(input) {
            try convertShaped(input, from: sourceFormat, to: output, target: target, readOptions: readOptions,
                              writeOptions: writeOptions, diagnostics: diagnostics)
        }
    }

    private func convertShaped(
        _ input: ByteInput, from sourceFormat: String?, to output: ByteOutput, target: TargetProfile,
        readOptions: ReadOptions, writeOptions: WriteOptions, diagnostics: Diagnostics
    ) throws -> Result {
        let (snapshot, source) = try readerAdapter(for: input, named: sourceFormat)
            .readSnapshot(input, options: readOptions, diagnostics: diagnostics)
        let shaping = TargetShaping(target, createMissingParents: writeOptions.createMissingParents, socketFD: writeOptions.socketFD)
        let shaped = try shaping.shape(snapshot, diagnostics: diagnostics)
        // What the daemon would not restore is refused (or reported) as the daemon's, not the format's.
        try diagnostics.settleLosses(allowLoss: writeOptions.allowLoss, file: output.name,
                                     refusal: "\(target.name) would not restore everything in the input; nothing was written. It would lose:")
        let staged = MemorySink()
        let stagedOutput = ByteOutput(sink: staged, name: output.name, summary: output.summary)
        let writer = try registry.adapter(named: target.format)
            .makeWriter(stagedOutput, source: source, options: target.outputFormat.applied(to: writeOptions), diagnostics: diagnostics)
        var records = shaped.records.makeIterator()
        var result = try drain({ records.next() }, into: writer, output: stagedOutput, source: source, input: input)
        result.changes = ShapingSummary.changes(from: snapshot, source: source, to: shaped, target: result.target)
        try TargetShaping.requireValid(staged.bytes, for: target, name: output.name)
        try output.write(staged.bytes)
        try output.finish()  // the node count is in the summary the staged output shares
        return result
    }

    /// Converts `input` (in the format named, or the one detected) into `format`, streaming.
    public func convert(
        _ input: ByteInput, from source: SnapshotFormat? = nil, to output: ByteOutput, as format: SnapshotFormat,
        readOptions: ReadOptions = .init(), writeOptions: WriteOptions = .init(), diagnostics: Diagnostics = Diagnostics()
    ) throws -> Result {
        try convert(input, from: source?.name, to: output, format: format.name, readOptions: readOptions,
                    writeOptions: format.applied(to: writeOptions), diagnostics: diagnostics)
    }

    /// Converts `input` (in the format named, or the one detected) into the format named
    /// `targetFormat`, streaming; a binary stream its C daemon would not restore is written
    /// with a warning naming the first fault.
    public func convert(
        _ input: ByteInput, from sourceFormat: String? = nil, to output: ByteOutput, format targetFormat: String,
        readOptions: ReadOptions = .init(), writeOptions: WriteOptions = .init(), diagnostics: Diagnostics = Diagnostics()
    ) throws -> Result {
        let target = try registry.adapter(named: targetFormat)
        guard target.canWrite else {
            throw ConversionError(.usage, "\(target.name) can be read but not written")
        }
        let source = try readerAdapter(for: input, named: sourceFormat)
        let reader = try source.makeReader(input, options: readOptions, diagnostics: diagnostics)
        let writer = try target.makeWriter(output, source: reader.info, options: writeOptions, diagnostics: diagnostics)
        // What a daemon reads is written as asked, but what it would not restore is said so.
        let check = RestoreCheck(for: writer.info, watchExtendedLayout: writeOptions.watchExtendedLayout, maxNodes: readOptions.limits.nodes)
        let result: Result
        if orderIsMeaningful(source, reader.info) || target.requiredOrder == .any {
            result = try drain(reader.next, lendingFrom: reader as? any RecordViewReader, into: writer, output: output,
                               source: reader.info, input: input, checking: check, at: { reader.location })
        } else {
            // The only case that holds every record: the order has to be made.
            var all: [Record] = [], nodes = 0
            while let record = try reader.next() {
                if case .node = record {
                    nodes += 1
                    if nodes > readOptions.limits.nodes {
                        var error = ReadLimits.tooManyNodes(readOptions.limits.nodes, at: reader.location)
                        error.file = input.name
                        throw error
                    }
                }
                all.append(record)
            }
            let createMissing = writeOptions.createMissingParents
            var records = try namingInput(input) {
                target.requiredOrder == .parentsFirst
                    ? try ParentOrder.parentsFirst(in: all, createMissing: createMissing, diagnostics: diagnostics)
                    : try RestoreOrder.arrange(all, specialNodes: .writtenWith(version: writer.info.version ?? 1),
                                               createMissingParents: createMissing, diagnostics: diagnostics)
            }.makeIterator()
            result = try drain({ records.next() }, into: writer, output: output, source: reader.info,
                               input: input, checking: check)
        }
        check?.report(to: diagnostics, output: output.name, input: input.name)
        return result
    }

    /// Whether the records' order means something: they come from a format whose order
    /// does, or from a document that records such a source (a JSON document xsconvert wrote
    /// from a stream keeps that stream's order, as converting the stream itself would).
    func orderIsMeaningful(_ adapter: any FormatAdapter, _ info: StreamInfo) -> Bool {
        if adapter.recordOrderIsMeaningful { return true }
        guard let origin = info.origin, let originAdapter = try? registry.adapter(named: origin.format) else { return false }
        return originAdapter.recordOrderIsMeaningful
    }

    /// Runs `body`; a data error that names no file is about `input` (see `RecordWriting.naming`).
    private func namingInput<T>(_ input: ByteInput, at location: () -> SourceLocation? = { nil }, _ body: () throws -> T) throws -> T {
        try RecordWriting.naming(input, at: location, body)
    }

    /// Writes every record `next` yields (see `RecordWriting.writeAll`); a record the writer
    /// refuses is reported in `input`, where the reader read it.
    private func drain(
        _ next: () throws -> Record?, lendingFrom lender: (any RecordViewReader)? = nil, into writer: any RecordWriter,
        output: ByteOutput, source: StreamInfo, input: ByteInput, checking check: RestoreCheck? = nil,
        at location: () -> SourceLocation? = { nil }
    ) throws -> Result {
        let written = try RecordWriting.writeAll(next, lendingFrom: lender, into: writer, output: output, input: input,
                                                 checking: check, at: location)
        return Result(source: source, target: writer.info, records: written.records)
    }
}
