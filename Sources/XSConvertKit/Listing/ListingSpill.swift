import Glibc

/// The lines of a listing kept until their order is known (see `ListingOrder`): each as its
/// listed path and its line, in memory up to `memoryLimit` bytes, then on a temporary file,
/// written in large chunks and read back through a 1 MiB window, so a listing of any size costs
/// a few MiB of memory and that much disk. The file has no name (`O_TMPFILE`; where the file
/// system cannot, one removed as soon as it is created) and is closed on exec: nothing is left
/// behind, whatever ends the process, and no program it runs inherits it. Where no temporary
/// file can be created, the entries stay in memory (as every listing's did before).
final class ListingSpill {
    private let storage: SpillStorage
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
    /// What was last read back: `windowCount` bytes from `windowStart` (allocated at the first
    /// read, as large as it needs).
    private var window = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var windowStart: UInt64 = 0
    private var windowCount = 0

    /// The file, if one is needed, in `directory` (by default `$TMPDIR`, else `/tmp`).
    init(directory: String? = nil, memoryLimit: Int = 4 << 20) {
        let directory = directory ?? getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        storage = SpillStorage(directory: directory, memoryLimit: memoryLimit)
        writer = ByteOutput(sink: storage, name: "the listing's temporary file")
    }

    deinit {
        window.deallocate()
    }

    /// Whether the entries went to a temporary file (its descriptor), or are all in memory.
    var fileDescriptor: Int32? { storage.fd >= 0 ? storage.fd : nil }

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
        let kept = storage.count > start ? Int(storage.count - start) : 0
        let size = max(count, min(kept, start >= windowStart && start <= windowEnd + 4096 ? 1 << 20 : 4096))
        if window.count < size {
            window.deallocate()
            window = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        }
        let got = storage.read(into: UnsafeMutableRawBufferPointer(rebasing: window[..<size]), at: start)
        guard got >= count else {
            windowCount = 0
            throw ConversionError(.cannotCreate, file: "the listing's temporary file", "cannot read it back: \(got < 0 ? systemErrorText() : "it is short")")
        }
        windowStart = start
        windowCount = got
    }
}

/// Where a listing's entries are: memory, until they pass `memoryLimit` bytes; then a temporary
/// file without a name (or, where `O_TMPFILE` is not supported, one unlinked at once), closed
/// on exec. Where no file can be created, memory still.
private final class SpillStorage: ByteSink {
    let directory: String
    let memoryLimit: Int
    private var memory = Bytes()
    private(set) var fd: Int32 = -1
    private var triedFile = false
    /// Bytes written.
    private(set) var count: UInt64 = 0

    init(directory: String, memoryLimit: Int) {
        self.directory = directory
        self.memoryLimit = memoryLimit
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += UInt64(bytes.count)
        if fd < 0, !triedFile, memory.count + bytes.count > memoryLimit {
            triedFile = true
            fd = Self.createFile(in: directory)
            if fd >= 0 {
                try memory.withUnsafeBytes { try writeAll(fd: fd, $0, name: "the listing's temporary file") }
                memory = []
            }
        }
        if fd >= 0 {
            try writeAll(fd: fd, bytes, name: "the listing's temporary file")
        } else {
            memory.append(contentsOf: bytes)
        }
    }

    func finish() throws {}

    /// Up to `buffer.count` bytes from `offset`; how many (negative on a read error).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        guard fd < 0 else { return pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
        let got = max(0, min(buffer.count, memory.count - Int(offset)))
        memory.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + Int(offset), byteCount: got) }
        return got
    }

    /// A file in `directory` for this process alone: no name, closed on exec; -1 if none can
    /// be created.
    static func createFile(in directory: String) -> Int32 {
        let fd = open(directory, temporaryFileFlag | O_RDWR | O_CLOEXEC, 0o600)
        if fd >= 0 { return fd }
        var template = Array((directory + "/xsconvert-listing-XXXXXX").utf8CString)
        // (mkostemp, which would set O_CLOEXEC at once, is not imported into Swift.)
        let named = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if named >= 0 {
            _ = fcntl(named, F_SETFD, FD_CLOEXEC)
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        return named
    }

    /// `O_TMPFILE` (Linux's `__O_TMPFILE | O_DIRECTORY`, a macro Swift does not import).
    static let temporaryFileFlag: Int32 = 0o20000000 | O_DIRECTORY
}
