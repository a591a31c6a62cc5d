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
    /// memory, since the order changes.
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
        let shaped = try TargetShaping(target, createMissingParents: writeOptions.createMissingParents, socketFD: writeOptions.socketFD)
            .shape(snapshot, diagnostics: diagnostics)
        return try write(shaped, for: target, to: output, source: source, writeOptions: writeOptions, diagnostics: diagnostics)
    }

    /// Writes a snapshot already shaped for `target` (`TargetShaping`) in the format, byte
    /// order and version that daemon restores.
    public func write(
        _ shaped: Snapshot, for target: TargetProfile, to output: ByteOutput, source: StreamInfo,
        writeOptions: WriteOptions = .init(), diagnostics: Diagnostics
    ) throws -> Result {
        var options = writeOptions
        options.byteOrder = target.byteOrder
        options.streamVersion = target.writeVersion
        options.dialect = target.format == BinaryStreamAdapter.formatName ? BinaryStreamAdapter.standardDialect : nil
        let writer = try registry.adapter(named: target.format)
            .makeWriter(output, source: source, options: options, diagnostics: diagnostics)
        var records = shaped.records.makeIterator()
        return try drain({ records.next() }, into: writer, output: output, source: source)
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
        guard !source.recordOrderIsMeaningful, target.requiredOrder != .any else {
            return try drain(reader.next, into: writer, output: output, source: reader.info)
        }
        // The only case that holds every record: the order has to be made.
        var all: [Record] = []
        while let record = try reader.next() { all.append(record) }
        let createMissing = writeOptions.createMissingParents
        var records = try namingInput(input) {
            target.requiredOrder == .parentsFirst
                ? try ParentOrder.parentsFirst(in: all, createMissing: createMissing, diagnostics: diagnostics)
                : try RestoreOrder.arrange(all, createMissingParents: createMissing, diagnostics: diagnostics)
        }.makeIterator()
        return try drain({ records.next() }, into: writer, output: output, source: reader.info)
    }

    /// Runs `body`; a data error that names no file (one about the records as a whole, such as
    /// missing parents) is about `input`, and names it.
    private func namingInput<T>(_ input: ByteInput, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ConversionError where error.kind == .data && error.file == nil {
            error.file = input.name
            throw error
        }
    }

    /// Writes every record `next` yields, completes the writer and the output, and tells the
    /// output's layers (an archive's comment) what was written.
    private func drain(
        _ next: () throws -> Record?, into writer: any RecordWriter, output: ByteOutput, source: StreamInfo
    ) throws -> Result {
        output.summary.info = writer.info
        var count = 0, nodes = 0
        while let record = try next() {
            try writer.write(record)
            count += 1
            if case .node = record { nodes += 1 }
        }
        try writer.finish()
        output.summary.nodes = nodes
        try output.finish()
        return Result(source: source, target: writer.info, records: count)
    }
}
