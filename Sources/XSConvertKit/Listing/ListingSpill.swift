import Glibc

/// The lines of a listing kept on a temporary file until their order is known (see
/// `ListingOrder`): each as its listed path and its line, written in large chunks and read
/// back through a 1 MiB window, so a listing of any size costs a few MiB of memory and that
/// much disk. The file is removed as soon as it is created: nothing is left behind, whatever
/// ends the process. Where no temporary file can be created, the entries are kept in memory
/// instead (as every listing was before).
final class ListingSpill {
    private let fd: Int32
    private let memory: MemorySink?
    private let writer: ByteOutput
    /// Where each slot's entry is, in units of 8 bytes (entries are padded to 8: `u32 path
    /// length, u32 line length, path, line`), in about a byte a slot: where every 16th slot's
    /// entry starts, and for each slot how far the next slot's entry is (its own entry, and
    /// any replacing an earlier slot's written before the next; past 255 units, in `longSpans`).
    /// A slot whose line was replaced is found in `replaced`.
    private var checkpoints: [UInt32] = []
    private var spans = ChunkedArray<UInt8>()
    private var longSpans: [Int: UInt64] = [:]
    private var replaced: [Int: UInt32] = [:]
    /// What was last read of the file: `windowCount` bytes from `windowStart`.
    private var window = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
    private var windowStart: UInt64 = 0
    private var windowCount = 0

    /// Kept in `directory` (by default `$TMPDIR`, else `/tmp`).
    init(directory: String? = nil) {
        let directory = directory ?? getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/xsconvert-listing-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            memory = nil
            writer = ByteOutput(sink: FileDescriptorSink(fd: fd, name: "the listing's temporary file"), name: "the listing's temporary file")
        } else {
            let memory = MemorySink()
            self.memory = memory
            writer = ByteOutput(sink: memory, name: "the listing's lines")
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
        window.deallocate()
    }

    /// Keeps `line` for `slot` (the next new slot, or one whose line it replaces), listed as
    /// `path`.
    func keep(_ line: String, path: Bytes, for slot: Int) throws {
        guard let start = UInt32(exactly: writer.count / 8) else {
            throw ConversionError(.cannotCreate, file: "the listing's temporary file", "a listing of more than 32 GiB is not supported")
        }
        let spanning: Int
        if slot == spans.count {
            if slot % 16 == 0 { checkpoints.append(start) }
            spans.append(0)
            spanning = slot
        } else {
            replaced[slot] = start
            spanning = spans.count - 1
        }
        var line = line
        try line.withUTF8 { line in
            var lengths = (UInt32(path.count).littleEndian, UInt32(line.count).littleEndian)
            try withUnsafeBytes(of: &lengths) { try writer.write($0) }
            try writer.write(path)
            try writer.write(UnsafeRawBufferPointer(line))
            let padding = Int(writer.count % 8 == 0 ? 0 : 8 - writer.count % 8)
            try withUnsafeBytes(of: UInt64(0)) { try writer.write(UnsafeRawBufferPointer(rebasing: $0[..<padding])) }
        }
        let span = self.span(of: spanning) + writer.count / 8 - UInt64(start)
        if span < 256 {
            spans[spanning] = UInt8(span)
        } else {
            spans[spanning] = 0
            longSpans[spanning] = span
        }
    }

    private func span(of slot: Int) -> UInt64 {
        spans[slot] == 0 ? longSpans[slot] ?? 0 : UInt64(spans[slot])
    }

    /// Where `slot`'s entry starts, in bytes.
    private func start(of slot: Int) -> UInt64 {
        if let start = replaced[slot] { return UInt64(start) * 8 }
        var start = UInt64(checkpoints[slot >> 4])
        for earlier in (slot & ~15)..<slot { start += span(of: earlier) }
        return start * 8
    }

    /// Everything kept is on the file (before reading).
    func flush() throws {
        try writer.flush()
    }

    /// The listed path of `slot`.
    func path(of slot: Int) throws -> Bytes {
        try entry(of: slot) { path, _ in Bytes(path) }
    }

    /// Lends `slot`'s line to `body`.
    func withLine<R>(of slot: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try entry(of: slot) { _, line in try body(line) }
    }

    private func entry<R>(of slot: Int, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> R) throws -> R {
        let start = start(of: slot)
        try load(start, 8)
        var at = Int(start - windowStart)
        let pathLength = Int(UInt32(littleEndian: window.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        let lineLength = Int(UInt32(littleEndian: window.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
        try load(start, 8 + pathLength + lineLength)
        at = Int(start - windowStart) + 8
        return try body(UnsafeRawBufferPointer(rebasing: window[at..<(at + pathLength)]),
                        UnsafeRawBufferPointer(rebasing: window[(at + pathLength)..<(at + pathLength + lineLength)]))
    }

    /// Makes the window hold `count` bytes from `start`, reading from there if it does not: 1
    /// MiB when `start` follows the window (entries are mostly read in the order they were
    /// written), else a page or so.
    private func load(_ start: UInt64, _ count: Int) throws {
        let windowEnd = windowStart + UInt64(windowCount)
        if start >= windowStart, start + UInt64(count) <= windowEnd { return }
        let size = max(count, start >= windowStart && start <= windowEnd + 4096 ? 1 << 20 : 4096)
        if window.count < size {
            window.deallocate()
            window = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        }
        let got: Int
        if let memory {
            got = max(0, min(size, memory.bytes.count - Int(start)))
            memory.bytes.withUnsafeBytes { window.baseAddress!.copyMemory(from: $0.baseAddress! + Int(start), byteCount: got) }
        } else {
            got = pread(fd, window.baseAddress, size, off_t(start))
        }
        guard got >= count else {
            windowCount = 0
            throw ConversionError(.cannotCreate, file: "the listing's temporary file", "cannot read it back: \(got < 0 ? systemErrorText() : "it is short")")
        }
        windowStart = start
        windowCount = got
    }
}
