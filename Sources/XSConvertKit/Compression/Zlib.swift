import CZlib

/// zlib's stream state at a fixed address (zlib checks that a stream is not moved), with
/// errors turned into sentences.
final class ZlibStream {
    let pointer: UnsafeMutablePointer<z_stream>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// zlib's own message for the last error, or the name of `code`.
    func message(_ code: Int32) -> String {
        if let text = pointer.pointee.msg { return String(cString: text) }
        switch code {
        case Z_DATA_ERROR: return "invalid compressed data"
        case Z_MEM_ERROR: return "out of memory"
        case Z_BUF_ERROR: return "no progress possible"
        case Z_STREAM_ERROR: return "inconsistent stream state"
        default: return "zlib error \(code)"
        }
    }

    /// gzip framing: zlib's window bits 15, plus 16 for a gzip header and trailer.
    static let gzipWindowBits: Int32 = 15 + 16
    static var structSize: Int32 { Int32(MemoryLayout<z_stream>.size) }
}
