/// Runs a conversion: picks the reader (named or detected) and the writer, and streams the
/// records from one to the other, so memory does not grow with the number of records.
public struct Converter: Sendable {
    public var registry: FormatRegistry

    public init(registry: FormatRegistry = .standard) {
        self.registry = registry
    }

    /// What a conversion read and wrote.
    public struct Result: Sendable {
        public var source: StreamInfo
        public var target: StreamInfo
        public var records: Int
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
        readOptions: ReadOptions = .init(), writeOptions: WriteOptions = .init(), diagnostics: Diagnostics
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
        try diagnostics.settleLosses(allowLoss: writeOptions.allowLoss, output: output.name,
                                     refusal: "\(target.name) would not restore everything in the input")
        let staged = MemorySink()
        let stagedOutput = ByteOutput(sink: staged, name: output.name, summary: output.summary)
        let writer = try registry.adapter(named: target.format)
            .makeWriter(stagedOutput, source: source, options: shaping.writeOptions(writeOptions), diagnostics: diagnostics)
        var records = shaped.records.makeIterator()
        let result = try drain({ records.next() }, into: writer, output: stagedOutput, source: source, input: input)
        try TargetShaping.requireValid(staged.bytes, for: target, name: output.name)
        try output.write(staged.bytes)
        try output.finish()
        return result
    }

    public func convert(
        _ input: ByteInput, from sourceFormat: String? = nil, to output: ByteOutput, format targetFormat: String,
        readOptions: ReadOptions = .init(), writeOptions: WriteOptions = .init(), diagnostics: Diagnostics
    ) throws -> Result {
        let target = try registry.adapter(named: targetFormat)
        guard target.canWrite else {
            throw ConversionError(.usage, "\(target.name) can be read but not written")
        }
        let source = try readerAdapter(for: input, named: sourceFormat)
        let reader = try source.makeReader(input, options: readOptions, diagnostics: diagnostics)
        let writer = try target.makeWriter(output, source: reader.info, options: writeOptions, diagnostics: diagnostics)
        // A binary stream is written as asked, but one its daemon would not restore is said so.
        // Parents need no check (8 bytes a node) after a reader that skips a node without its
        // parent, nor in a standard stream re-encoded: a C daemon's own order, which a
        // conversion without a target keeps.
        let standardStream = reader.info.format == BinaryStreamAdapter.formatName
            && reader.info.dialect == BinaryStreamAdapter.standardDialect
        let check = RestoreCheck(for: writer.info, checksParents: !source.readsParentsFirst && !standardStream)
        let result: Result
        if orderIsMeaningful(source, reader.info) || target.requiredOrder == .any {
            result = try drain(reader.next, into: writer, output: output, source: reader.info, input: input,
                               checking: check, at: { reader.location })
        } else {
            // The only case that holds every record: the order has to be made.
            var all: [Record] = []
            while let record = try reader.next() { all.append(record) }
            let createMissing = writeOptions.createMissingParents
            var records = try namingInput(input) {
                target.requiredOrder == .parentsFirst
                    ? try ParentOrder.parentsFirst(in: all, createMissing: createMissing, diagnostics: diagnostics)
                    : try RestoreOrder.arrange(all, specialNodes: .writtenWith(version: writer.info.version ?? 1),
                                               createMissingParents: createMissing, diagnostics: diagnostics)
            }.makeIterator()
            result = try drain({ records.next() }, into: writer, output: output, source: reader.info, input: input, checking: check)
        }
        check?.finish()
        if let check, let fault = check.fault {
            diagnostics.warn("\(check.target.name) would not restore this stream: " + fault.message
                                + (fault.location.map { " (input: \(input.name), \($0))" } ?? ""),
                             file: output.name, remedy: fault.remedy)
        }
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

    /// Runs `body`; a data error that names no file (one about the records as a whole, such as
    /// missing parents, or a record a writer refuses) is about `input`, and names it, and the
    /// place `location` gives if the error has none.
    private func namingInput<T>(_ input: ByteInput, at location: () -> SourceLocation? = { nil }, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ConversionError where error.kind == .data && error.file == nil {
            error.file = input.name
            error.location = error.location ?? location()
            throw error
        }
    }

    /// Writes every record `next` yields (each seen by `check` first, with where it was read),
    /// completes the writer and the output, and tells the output's layers (an archive's
    /// comment) what was written. A record the writer refuses is reported in `input`, at
    /// `location`, where the reader read it (when records stream).
    private func drain(
        _ next: () throws -> Record?, into writer: any RecordWriter, output: ByteOutput, source: StreamInfo,
        input: ByteInput, checking check: RestoreCheck? = nil, at location: () -> SourceLocation? = { nil }
    ) throws -> Result {
        output.summary.info = writer.info
        var count = 0, nodes = 0
        while let record = try next() {
            check?.check(record, at: location())
            try namingInput(input, at: location) { try writer.write(record) }
            count += 1
            if case .node = record { nodes += 1 }
        }
        try namingInput(input) { try writer.finish() }
        output.summary.nodes = nodes
        try output.finish()
        return Result(source: source, target: writer.info, records: count)
    }
}
