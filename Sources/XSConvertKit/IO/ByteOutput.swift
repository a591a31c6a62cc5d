/// Buffered output over a sink; writers append bytes and the buffer goes out in large chunks.
public final class ByteOutput {
    public let name: String
    let sink: ByteSink
    /// What is being written, for layers that describe their content.
    public let summary: ContentSummary
    // Unchecked at run time: one writer at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) var buffer: Bytes = []
    /// Bytes written so far (including what is still buffered).
    @exclusivity(unchecked) public private(set) var count: UInt64 = 0

    static let flushThreshold = 1 << 16

    public init(sink: ByteSink, name: String, summary: ContentSummary = ContentSummary()) {
        self.sink = sink
        self.name = name
        self.summary = summary
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    public func write(_ bytes: Bytes) throws {
        buffer.append(contentsOf: bytes)
        count += UInt64(bytes.count)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        count += UInt64(bytes.count)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func write(byte: UInt8) throws {
        buffer.append(byte)
        count += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Tells the layers under this output what is written into it (a gzip header's comment
    /// names the format, version and byte order): before the first byte. `Converter` and
    /// `FormatAdapter.writeSnapshot` do it for every writer.
    public func describe(_ content: StreamInfo) {
        summary.info = content
    }

    /// Flushes and completes the sink. `nodes`, how many nodes were written, completes the
    /// description (a gzip header's comment, where the output can be rewritten in place).
    public func finish(nodes: Int? = nil) throws {
        if let nodes { summary.nodes = nodes }
        try flush()
        try sink.finish()
    }
}
