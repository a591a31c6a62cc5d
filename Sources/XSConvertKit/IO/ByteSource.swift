import Glibc
/// Where input bytes come from: a file, standard input, memory, or a decoding layer (such as a
/// decompressor) over another source.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file descriptor (a file, a pipe, standard input).
public final class FileDescriptorSource: ByteSource {
    /// The file descriptor read.
    public let fd: Int32
    let name: String
    let closesOnDeinit: Bool

    /// A source reading file descriptor `fd`, named `name`; closed when done if `closesOnDeinit`.
    public init(fd: Int32, name: String, closesOnDeinit: Bool) {
        self.fd = fd
        self.name = name
        self.closesOnDeinit = closesOnDeinit
    }

    /// Opens `path` for reading.
    public convenience init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ConversionError(.cannotOpen, file: path, "cannot open: \(systemErrorText())")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ConversionError(.cannotOpen, file: path, "is a directory, expected a file")
        }
        self.init(fd: fd, name: path, closesOnDeinit: true)
    }

    deinit {
        if closesOnDeinit { close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = posixRead(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ConversionError(.io, file: name, "read failed: \(systemErrorText())")
        }
    }
}

/// Serves bytes held in memory.
public final class MemorySource: ByteSource {
    let bytes: Bytes
    var position = 0

    /// A source of `bytes` in memory.
    public init(_ bytes: Bytes) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        if n > 0 {
            bytes.withUnsafeBytes { whole in
                buffer.baseAddress!.copyMemory(from: whole.baseAddress! + position, byteCount: n)
            }
            position += n
        }
        return n
    }
}

