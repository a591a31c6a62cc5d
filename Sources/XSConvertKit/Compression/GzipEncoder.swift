import CZlib

/// Compresses into gzip as it is written: a byte sink over another sink. The header carries
/// the original file name, a modification time and xsconvert's comment describing the content
/// (see `ArchiveComment`); the node count is filled in at the end when the sink beneath can
/// rewrite bytes in place.
public final class GzipEncoder: ByteSink {
    let inner: ByteSink
    let name: String
    let metadata: GzipMetadata
    let summary: ContentSummary
    let level: Int32
    let zlib = ZlibStream()
    let outputCapacity = 1 << 16
    let outputBuffer: UnsafeMutablePointer<UInt8>
    var started = false
    /// The comment as written (to find the node count in it at the end).
    var commentBytes: [UInt8] = []
    /// The header and its C strings, alive until zlib has written the header.
    var headerPointer: UnsafeMutablePointer<gz_header>?
    var fieldPointers: [UnsafeMutablePointer<UInt8>] = []

    /// - Parameters:
    ///   - inner: the sink the compressed bytes go to.
    ///   - name: the output's name, for errors.
    ///   - level: 1 (fastest) … 9 (smallest).
    ///   - metadata: the header's file name and time; a comment here replaces xsconvert's.
    ///   - summary: what is being written, read when the header is written and at the end.
    public init(inner: ByteSink, name: String, level: Int, metadata: GzipMetadata, summary: ContentSummary) throws {
        guard (1...9).contains(level) else {
            throw ConversionError(.usage, "gzip: compression level \(level) is out of range; use 1 to 9")
        }
        self.inner = inner
        self.name = name
        self.level = Int32(level)
        self.metadata = metadata
        self.summary = summary
        outputBuffer = .allocate(capacity: outputCapacity)
    }

    deinit {
        if started { deflateEnd(zlib.pointer) }
        outputBuffer.deallocate()
        headerPointer?.deallocate()
        fieldPointers.forEach { $0.deallocate() }
    }

    /// The comment as it goes into the header: xsconvert's description of the content.
    var comment: String { metadata.comment ?? ArchiveComment.make(version: XSConvertKitVersion.current, info: summary.info) }

    private func start() throws {
        started = true
        let status = deflateInit2_(zlib.pointer, level, Z_DEFLATED, ZlibStream.gzipWindowBits, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), ZlibStream.structSize)
        guard status == Z_OK else {
            throw ConversionError(.cannotCreate, file: name, "gzip: cannot start compressing: \(zlib.message(status))")
        }
        if level == OutputCompression.defaultLevel { tuneDefaultLevel() }
        let pointer = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
        pointer.initialize(to: gz_header())
        pointer.pointee.time = UInt(metadata.modificationTime)
        pointer.pointee.os = 3  // Unix
        if let fileName = metadata.fileName { pointer.pointee.name = cString(fileName) }
        commentBytes = Array(comment.utf8)
        pointer.pointee.comment = cString(comment)
        headerPointer = pointer
        deflateSetHeader(zlib.pointer, pointer)
    }

    /// zlib's level 6 with lazy matching up to 24 bytes instead of 16 (its other parameters as
    /// zlib's and gzip(1)'s table has them: good 8, nice 128, chain 128). gzip(1)'s own deflate
    /// at level 6 compresses xenstore dumps slightly better than zlib's; this one is smaller
    /// than both on every form of the benchmark's stores (0.0–0.8 %), in the same time
    /// (docs/performance.md).
    private func tuneDefaultLevel() {
        deflateTune(zlib.pointer, 8, 24, 128, 128)
    }

    private func cString(_ text: String) -> UnsafeMutablePointer<UInt8> {
        let bytes = Array(text.utf8) + [0]
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        fieldPointers.append(pointer)
        return pointer
    }

    /// Compresses `bytes` into the archive.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if !started { try start() }
        guard bytes.count > 0 else { return }
        let stream = zlib.pointer
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        while stream.pointee.avail_in > 0 { try deflateStep(Z_NO_FLUSH) }
    }

    public func finish() throws {
        if !started { try start() }
        while try deflateStep(Z_FINISH) != Z_STREAM_END {}
        fillInNodeCount()
        try inner.finish()
    }

    @discardableResult
    private func deflateStep(_ flush: Int32) throws -> Int32 {
        let stream = zlib.pointer
        stream.pointee.next_out = outputBuffer
        stream.pointee.avail_out = UInt32(outputCapacity)
        let status = deflate(stream, flush)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw ConversionError(.cannotCreate, file: name, "gzip: compression failed: \(zlib.message(status))")
        }
        let produced = outputCapacity - Int(stream.pointee.avail_out)
        if produced > 0 { try inner.write(UnsafeRawBufferPointer(start: outputBuffer, count: produced)) }
        return status
    }

    /// Rewrites the `nodes=?` placeholder in the header's comment, if the sink allows it.
    private func fillInNodeCount() {
        guard metadata.comment == nil, let nodes = summary.nodes, let rewritable = inner as? RewritableSink,
              let key = commentBytes.firstRange(of: Array((ArchiveComment.nodesKey + "=").utf8)) else { return }
        // Fixed header (10 bytes), then the NUL-terminated name, then the comment.
        let commentStart = 10 + (metadata.fileName.map { $0.utf8.count + 1 } ?? 0)
        let field = Array(ArchiveComment.nodesField(nodes).utf8)
        guard field.count == ArchiveComment.nodesWidth else { return }
        try? rewritable.rewrite(at: UInt64(commentStart + key.upperBound), with: field)
    }
}
