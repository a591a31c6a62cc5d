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
        let (snapshot, source) = try readerAdapter(for: input, named: sourceFormat)
            .readSnapshot(input, options: readOptions, diagnostics: diagnostics)
        let shaped = try TargetShaping(target, createMissingParents: writeOptions.createMissingParents)
            .shape(snapshot, diagnostics: diagnostics)
        var options = writeOptions
        options.byteOrder = target.byteOrder
        options.streamVersion = target.writeVersion
        options.dialect = target.format == BinaryStreamAdapter.formatName ? BinaryStreamAdapter.standardDialect : nil
        let writer = try registry.adapter(named: target.format)
            .makeWriter(output, source: source, options: options, diagnostics: diagnostics)
        output.summary.info = writer.info
        for record in shaped.records { try writer.write(record) }
        try writer.finish()
        output.summary.nodes = shaped.nodes.count
        try output.finish()
        return Result(source: source, target: writer.info, records: shaped.records.count)
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
        output.summary.info = writer.info
        var count = 0, nodes = 0
        func write(_ record: Record) throws {
            try writer.write(record)
            count += 1
            if case .node = record { nodes += 1 }
        }
        if !source.recordOrderIsMeaningful && target.needsRestorableOrder {
            // The only case that holds every record: the order has to be made.
            var records: [Record] = []
            while let record = try reader.next() { records.append(record) }
            for record in try RestoreOrder.arrange(records, createMissingParents: writeOptions.createMissingParents, diagnostics: diagnostics) {
                try write(record)
            }
        } else {
            while let record = try reader.next() { try write(record) }
        }
        try writer.finish()
        output.summary.nodes = nodes
        try output.finish()
        return Result(source: reader.info, target: writer.info, records: count)
    }
}
