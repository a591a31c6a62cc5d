import Glibc
import CZlib

/// Decompresses a gzip archive as it is read: a byte source over the compressed source, so
/// memory stays at a few buffers whatever the size.
///
/// Reads multi-member files (concatenated archives) as one stream. zlib checks each member's
/// CRC32 and ISIZE; a mismatch, invalid data, a member cut short or bytes after the last
/// member that are not another member are errors naming the offset in the compressed input.
/// So is an archive that expands more than the limits allow: `ReadLimits.expansion` times
/// what has been read of it, plus one record of the largest size (`textRecordLength`), so
/// that a small archive of a bomb costs bounded time, not what its content claims.
public final class GzipDecoder: ByteSource {
    /// The archive's name (its path, or `<stdin>`).
    public let name: String
    let compressed: ByteSource
    let expansion: UInt64
    let allowance: UInt64
    /// Bytes decompressed so far.
    public private(set) var decompressedOffset: UInt64 = 0
    let zlib = ZlibStream()
    let inputCapacity = 1 << 16
    let inputBuffer: UnsafeMutablePointer<UInt8>
    var sourceEnded = false
    var inMember = false
    var finished = false
    /// Compressed bytes consumed by zlib so far.
    public private(set) var compressedOffset: UInt64 = 0
    /// How many gzip members were read so far.
    public private(set) var members = 0

    // The first member's header, filled in by zlib.
    let header: UnsafeMutablePointer<gz_header>
    let nameBuffer: UnsafeMutablePointer<UInt8>
    let commentBuffer: UnsafeMutablePointer<UInt8>
    static let fieldCapacity = 4096

    /// The first member's header, once the first bytes have been read.
    public var metadata: GzipMetadata? {
        guard header.pointee.done == 1 else { return nil }
        func text(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
            guard let pointer else { return nil }
            return String(decoding: UnsafeBufferPointer(start: pointer, count: strnlen(pointer, Self.fieldCapacity - 1)), as: UTF8.self)
        }
        return GzipMetadata(
            fileName: text(header.pointee.name), modificationTime: UInt32(truncatingIfNeeded: header.pointee.time),
            comment: text(header.pointee.comment))
    }

    /// Whether `prefix` starts with gzip's magic number 1f 8b.
    public static func matches(_ prefix: ArraySlice<UInt8>) -> Bool {
        prefix.starts(with: [0x1F, 0x8B])
    }

    /// A decoder of the gzip archive `source` (named `name` in messages), within `limits`.
    public init(source: ByteSource, name: String, limits: ReadLimits = .init()) throws {
        self.name = name
        compressed = source
        expansion = UInt64(limits.expansion)
        allowance = UInt64(limits.textRecordLength)
        inputBuffer = .allocate(capacity: inputCapacity)
        header = .allocate(capacity: 1)
        header.initialize(to: gz_header())
        nameBuffer = .allocate(capacity: Self.fieldCapacity)
        commentBuffer = .allocate(capacity: Self.fieldCapacity)
        nameBuffer.initialize(repeating: 0, count: Self.fieldCapacity)
        commentBuffer.initialize(repeating: 0, count: Self.fieldCapacity)
        header.pointee.name = nameBuffer
        header.pointee.name_max = UInt32(Self.fieldCapacity - 1)
        header.pointee.comment = commentBuffer
        header.pointee.comm_max = UInt32(Self.fieldCapacity - 1)
        let status = inflateInit2_(zlib.pointer, ZlibStream.gzipWindowBits, zlibVersion(), ZlibStream.structSize)
        guard status == Z_OK else {
            throw ConversionError(.io, file: name, "gzip: cannot start decompressing: \(zlib.message(status))")
        }
    }

    deinit {
        inflateEnd(zlib.pointer)
        inputBuffer.deallocate()
        header.deallocate()
        nameBuffer.deallocate()
        commentBuffer.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let stream = zlib.pointer
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(clamping: buffer.count)
        let capacity = Int(stream.pointee.avail_out)
        while Int(stream.pointee.avail_out) == capacity {
            if stream.pointee.avail_in == 0 {
                try refill()
                if stream.pointee.avail_in == 0 {
                    if inMember {
                        throw ConversionError(
                            .data, file: name, at: .byte(compressedOffset),
                            "gzip: the archive ends inside member \(members + 1), before its CRC32 and size: truncated (or corrupt)")
                    }
                    finished = true
                    break
                }
            }
            if !inMember { try startMember() }
            let before = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            compressedOffset += UInt64(before - stream.pointee.avail_in)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // zlib has checked this member's CRC32 and ISIZE.
                inMember = false
                members += 1
            default:
                throw ConversionError(
                    .data, file: name, at: .byte(compressedOffset),
                    "gzip: corrupt archive in member \(members + 1): \(describe(zlib.message(status)))")
            }
        }
        let produced = capacity - Int(stream.pointee.avail_out)
        decompressedOffset += UInt64(produced)
        if decompressedOffset > expansion * compressedOffset + allowance {
            throw ConversionError(
                .data, file: name, at: .byte(compressedOffset),
                "gzip: the first \(compressedOffset) bytes of the archive expand to \(decompressedOffset), over the limit of \(expansion) times as many plus \(allowance) (a decompression bomb?)",
                remedy: .raiseLimit(.expansion))
        }
        return produced
    }

    /// Checks that what follows is another member, and prepares zlib for it.
    private func startMember() throws {
        let stream = zlib.pointer
        if stream.pointee.avail_in < 2 { try refill(keepingUnread: true) }
        let available = Int(stream.pointee.avail_in)
        let next = stream.pointee.next_in!
        guard available >= 2, next[0] == 0x1F, next[1] == 0x8B else {
            let what = members == 0 ? "a gzip header (1f 8b)" : "another gzip member (1f 8b) or the end of the archive"
            throw ConversionError(.data, file: name, at: .byte(compressedOffset), "gzip: expected \(what)")
        }
        if members > 0 {
            inflateReset(stream)
        } else {
            inflateGetHeader(stream, header)
        }
        inMember = true
    }

    /// Reads more compressed bytes; keeps the unread ones in front when asked.
    private func refill(keepingUnread: Bool = false) throws {
        guard !sourceEnded else { return }
        let stream = zlib.pointer
        var kept = 0
        if keepingUnread, stream.pointee.avail_in > 0 {
            kept = Int(stream.pointee.avail_in)
            inputBuffer.update(from: stream.pointee.next_in, count: kept)
        }
        let got = try compressed.read(into: UnsafeMutableRawBufferPointer(start: inputBuffer + kept, count: inputCapacity - kept))
        if got == 0 { sourceEnded = true }
        stream.pointee.next_in = inputBuffer
        stream.pointee.avail_in = UInt32(kept + got)
    }

    private func describe(_ message: String) -> String {
        switch message {
        case "incorrect data check": "CRC32 mismatch (the data does not match its checksum)"
        case "incorrect length check": "ISIZE mismatch (the data does not have the length the trailer records)"
        default: message
        }
    }
}
