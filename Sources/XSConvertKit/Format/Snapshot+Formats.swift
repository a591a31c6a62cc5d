/// A whole snapshot read from, or written to, a file or bytes in one call, the format named
/// or detected. What a reader or writer wants the user to know goes to the `Diagnostics`
/// given: no warning is dropped on the way.
///
/// ```swift
/// let diagnostics = Diagnostics()
/// let snapshot = try Snapshot(contentsOf: "/var/run/xenstored/db", diagnostics: diagnostics)
/// try snapshot.write(to: "state.json", as: .json, diagnostics: diagnostics)
/// for entry in diagnostics.entries { print(entry) }
/// ```
extension Snapshot {
    /// Reads the file at `path` (`-`: standard input); a gzip archive is decompressed. Its
    /// format is the one named, or the one its first bytes show.
    public init(contentsOf path: String, format: SnapshotFormat? = nil, options: ReadOptions = .init(), diagnostics: Diagnostics = Diagnostics()) throws {
        try self.init(reading: try Files.openInput(path, limits: options.limits), format: format, options: options, diagnostics: diagnostics)
    }

    /// Reads a snapshot from bytes in memory (a gzip archive too), its format named or detected.
    public init(bytes: Bytes, format: SnapshotFormat? = nil, options: ReadOptions = .init(), diagnostics: Diagnostics = Diagnostics()) throws {
        try self.init(reading: try Files.decompressed(ByteInput(bytes: bytes), limits: options.limits), format: format, options: options, diagnostics: diagnostics)
    }

    private init(reading input: ByteInput, format: SnapshotFormat?, options: ReadOptions, diagnostics: Diagnostics) throws {
        let adapter = try Converter().readerAdapter(for: input, named: format?.name)
        self = try adapter.readSnapshot(input, options: options, diagnostics: diagnostics).0
    }

    /// Writes the snapshot to the file at `path` (`-`: standard output) in `format`,
    /// gzip-compressed when `compression` is given (its header then describes the content).
    /// The file appears only once complete. What the format cannot hold is refused with the
    /// list, unless `options.allowLoss`; a binary stream that its C daemon would not restore
    /// is written with a warning naming the first fault (`shaped(for:)` makes it restorable).
    public func write(
        to path: String, as format: SnapshotFormat, options: WriteOptions = .init(), compression: OutputCompression? = nil,
        diagnostics: Diagnostics = Diagnostics()
    ) throws {
        try write(to: try Files.createOutput(path, compression: compression), as: format, options: options, diagnostics: diagnostics)
    }

    /// The snapshot's bytes in `format` (see `write(to:as:options:compression:diagnostics:)`).
    public func serializedBytes(as format: SnapshotFormat, options: WriteOptions = .init(), diagnostics: Diagnostics = Diagnostics()) throws -> Bytes {
        let sink = MemorySink()
        try write(to: ByteOutput(sink: sink, name: "<memory>"), as: format, options: options, diagnostics: diagnostics)
        return sink.bytes
    }

    private func write(to output: ByteOutput, as format: SnapshotFormat, options: WriteOptions, diagnostics: Diagnostics) throws {
        let adapter = try format.adapter()
        guard adapter.canWrite else { throw ConversionError(.usage, "\(adapter.name) can be read but not written") }
        let options = format.applied(to: options)
        let writer = try adapter.makeWriter(output, source: nil, options: options, diagnostics: diagnostics)
        let check = RestoreCheck(for: writer.info, watchExtendedLayout: options.watchExtendedLayout, maxNodes: .max)
        var index = -1
        var records = self.records.makeIterator()
        _ = try RecordWriting.writeAll({ index += 1; return records.next() }, into: writer, output: output,
                                       checking: check, at: { .path("$.records[\(index)]") })
        check?.report(to: diagnostics, output: output.name, input: nil)
    }
}
