/// Buffered input with look-ahead, the way every reader consumes a source.
///
/// It knows the input's name and the offset of the next byte, so errors can say where they
/// happened. It never allocates for bytes that have not arrived: asking for `n` bytes grows
/// the buffer only as data is actually read, so a corrupt length field cannot make it
/// reserve gigabytes.
public final class ByteInput: ByteSource {
    /// The name errors use: the file's path, or `<stdin>` for standard input.
    public let name: String
    /// The gzip layer this input is decoded from, if it was compressed.
    public internal(set) var gzip: GzipDecoder?
    let source: ByteSource
    // Not checked for exclusive access at run time (each check costs more than the access):
    // the input is used by one reader at a time, and no access overlaps another.
    /// Storage, allocated (zeroed) only when it grows; `buffer[start..<end]` is what has been
    /// read and not consumed.
    @exclusivity(unchecked) var buffer: Bytes = []
    @exclusivity(unchecked) var start = 0
    @exclusivity(unchecked) var end = 0
    @exclusivity(unchecked) var reachedEnd = false
    /// How much one read asks for: a chunk at first, twice as much after each read the source
    /// filled, up to `largeRead`.
    @exclusivity(unchecked) var readSize = chunkSize
    /// Offset, from the start of the input, of `buffer[start]`.
    @exclusivity(unchecked) public private(set) var offset: UInt64 = 0

    static let chunkSize = 1 << 16
    static let largeRead = 1 << 20

    /// An input reading `source`, named `name` in messages.
    public init(source: ByteSource, name: String) {
        self.source = source
        self.name = name
    }

    /// Reads `bytes`, held as they are: no buffer is allocated, nothing is copied.
    public convenience init(bytes: Bytes, name: String = "<memory>") {
        self.init(source: MemorySource([]), name: name)
        buffer = bytes
        end = bytes.count
        reachedEnd = true
    }

    var available: Int { end - start }

    /// Fills the buffer until it holds at least `count` bytes or the input ends.
    func fill(atLeast count: Int) throws {
        while available < count, !reachedEnd {
            if end == buffer.count { makeRoom(for: count) }
            let want = min(buffer.count - end, readSize)
            let got = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + want)]))
            }
            end += got
            if got == 0 { reachedEnd = true }
            if got == want, readSize < Self.largeRead { readSize *= 2 }
        }
    }

    /// Room after `end` in a full buffer: what is left moves to the front, and the buffer grows
    /// to hold a read of `readSize` beside it, or `count` bytes — by at most as much again as
    /// has arrived, so that a length field claiming gigabytes in a small input costs a chunk,
    /// not gigabytes. Storage is zeroed only when it grows, not for each read.
    private func makeRoom(for count: Int) {
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        var grow = max(0, available + readSize - buffer.count)
        if end == buffer.count { grow = max(grow, Self.chunkSize, min(count - available, available, 1 << 22)) }
        if grow > 0 { buffer.append(contentsOf: Bytes(repeating: 0, count: grow)) }  // not repeatElement: byte by byte in debug builds
    }

    /// Up to `count` bytes from the current position, without consuming them (fewer only at
    /// the end of the input).
    public func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        try fill(atLeast: count)
        return buffer[start..<(start + min(count, available))]
    }

    /// True when no byte is left.
    public func isAtEnd() throws -> Bool {
        try fill(atLeast: 1)
        return available == 0
    }

    /// Consumes exactly `count` bytes, or throws a truncation error naming `what`.
    public func read(_ count: Int, what: @autoclosure () -> String) throws -> Bytes {
        Array(try readWindow(count, what: what()))
    }

    /// Consumes exactly `count` bytes and returns them as a window on the buffer, not a copy:
    /// valid until the next call on this input (which may move the buffer).
    public func readWindow(_ count: Int, what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        try fill(atLeast: count)
        guard available >= count else {
            throw ConversionError(
                .data, file: name, at: .byte(offset),
                "input ends after \(available) of the \(count) bytes of \(what())")
        }
        let window = buffer[start..<(start + count)]
        consume(count)
        return window
    }

    /// Consumes up to `count` bytes; returns how many were skipped.
    @discardableResult
    public func skip(_ count: Int) throws -> Int {
        try fill(atLeast: count)
        let n = min(count, available)
        consume(n)
        return n
    }

    /// How a line read by `readLine` ended.
    public enum LineEnding: Sendable {
        /// At a `\n` (not part of the line).
        case newline
        /// At the end of the input, without a `\n`.
        case endOfInput
        /// Not at all within `maxLength` bytes: the line holds its first `maxLength` bytes,
        /// which are not consumed.
        case overLimit
    }

    /// The next line without its `\n`, and how it ended; `nil` at the end of the input. The
    /// search for the `\n` stops after `maxLength + 1` bytes, so an endless line (a device, a
    /// pipe) costs a buffer of about that size, not the whole input.
    public func readLine(maxLength: Int = .max) throws -> (line: ArraySlice<UInt8>, ending: LineEnding)? {
        var searchFrom = start
        while true {
            let searchEnd = start + min(available, maxLength == .max ? available : maxLength + 1)
            if let newline = buffer.withUnsafeBufferPointer({ chunk in
                UnsafeBufferPointer(rebasing: chunk[searchFrom..<max(searchFrom, searchEnd)]).firstIndex(of: 0x0A).map { searchFrom + $0 }
            }) {
                let line = buffer[start..<newline]
                consume(newline + 1 - start)
                return (line, .newline)
            }
            if available > maxLength {
                return (buffer[start..<(start + maxLength)], .overLimit)
            }
            if reachedEnd {
                guard available > 0 else { return nil }
                let line = buffer[start..<end]
                consume(available)
                return (line, .endOfInput)
            }
            let scanned = available
            try fill(atLeast: available + Self.chunkSize)
            searchFrom = start + scanned
        }
    }

    /// Reads everything that is left.
    public func readToEnd() throws -> Bytes {
        while !reachedEnd { try fill(atLeast: available + Self.chunkSize) }
        let rest = Array(buffer[start..<end])
        consume(available)
        return rest
    }

    /// As a source for a layer above (a decompressor): what is buffered, then the rest.
    public func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        if available == 0 {
            if reachedEnd { return 0 }
            let n = try source.read(into: destination)
            offset += UInt64(n)
            return n
        }
        let n = min(destination.count, available)
        buffer.withUnsafeBytes { whole in
            destination.baseAddress!.copyMemory(from: whole.baseAddress! + start, byteCount: n)
        }
        consume(n)
        return n
    }

    /// Lends the next `count` bytes, which the caller made sure are buffered (`fill`), to
    /// `body`, without consuming them; the span cannot outlive the call.
    func withBuffered<R>(_ count: Int, _ body: (RawSpan) throws -> R) rethrows -> R {
        precondition(count <= available, "lending bytes not buffered")
        return try buffer.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)]).bytes)
        }
    }

    func consume(_ count: Int) {
        start += count
        offset += UInt64(count)
        if start == end {
            start = 0
            end = 0
        }
    }
}
