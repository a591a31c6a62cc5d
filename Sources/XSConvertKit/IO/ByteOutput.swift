/// Buffered output over a sink. Writers append bytes, or build a record straight in the buffer
/// (`withSpace`); the buffer goes out when full, in chunks of `capacity`. It starts small and
/// doubles as it fills, up to `capacity`: a small output never costs a 1 MiB buffer.
public final class ByteOutput {
    /// The output's name in messages (its path, or `<stdout>`).
    public let name: String
    let sink: ByteSink
    /// What is being written, for layers that describe their content.
    public let summary: ContentSummary
    /// `allocated` bytes (at most `capacity`), of which the first `used` wait to be written.
    // Unchecked at run time: one writer at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private var storage: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var allocated = ByteOutput.initialCapacity
    @exclusivity(unchecked) private var used = 0
    /// Bytes written so far (including what is still buffered).
    @exclusivity(unchecked) public private(set) var count: UInt64 = 0

    /// 1 MiB: few system calls (and few chunks for a compressing thread), little memory.
    static let capacity = 1 << 20
    /// What the buffer starts with (it doubles from there).
    static let initialCapacity = 1 << 14

    /// An output writing to `sink`, buffered, named `name`; `summary` describes its content (for a gzip header).
    public init(sink: ByteSink, name: String, summary: ContentSummary = ContentSummary()) {
        self.sink = sink
        self.name = name
        self.summary = summary
        storage = .allocate(byteCount: Self.initialCapacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Writes `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        if bytes.count > allocated - used {
            if bytes.count >= Self.capacity {
                try flush()
                try sink.write(bytes)
                count += UInt64(bytes.count)
                return
            }
            try makeRoom(for: bytes.count)
        }
        (storage + used).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        used += bytes.count
        count += UInt64(bytes.count)
    }

    /// Room for `size` more bytes (at most `capacity`): what is buffered goes out when a full
    /// buffer could not hold them beside it, and the buffer grows when it is smaller than that.
    @inline(never)
    private func makeRoom(for size: Int) throws {
        if size > Self.capacity - used { try flush() }
        guard size > allocated - used else { return }
        let grown = min(Self.capacity, max(allocated * 2, used + size))
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        larger.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        storage = larger
        allocated = grown
    }

    /// Writes `bytes`.
    public func write(_ bytes: Bytes) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes `bytes`.
    public func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        if try bytes.withContiguousStorageIfAvailable({ try write(UnsafeRawBufferPointer($0)) }) == nil {
            try write(Array(bytes))
        }
    }

    /// Writes one byte.
    public func write(byte: UInt8) throws {
        if used == allocated { try makeRoom(for: 1) }
        storage.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
        count += 1
    }

    /// Lets `body` write exactly `size` bytes (at most `capacity`) straight into the buffer:
    /// a record whose size is known before it is built, written without a copy. The span does
    /// not outlive the call.
    func withSpace<R>(_ size: Int, _ body: (inout MutableRawSpan) throws -> R) throws -> R {
        precondition(size <= Self.capacity, "a record larger than the output buffer")
        if size > allocated - used { try makeRoom(for: size) }
        var span = UnsafeMutableRawBufferPointer(start: storage + used, count: size).mutableBytes
        let result = try body(&span)
        used += size
        count += UInt64(size)
        return result
    }

    /// Hands what is buffered to the sink.
    public func flush() throws {
        guard used > 0 else { return }
        try sink.write(UnsafeRawBufferPointer(start: storage, count: used))
        used = 0
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
