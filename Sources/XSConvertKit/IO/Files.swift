import Glibc
/// Opening inputs and creating outputs by the names users type: a path, or `-` for standard
/// input / standard output. Compression is handled here, under every format: a gzip input is
/// decompressed as it is read, and an output can be compressed as it is written.
public enum Files {
    /// The name `-` stands for standard input or output.
    public static let standardStream = "-"

    /// Opens `path` (or standard input); a gzip archive (magic 1f 8b) is decompressed
    /// transparently, within `limits`' expansion, and the returned input's `gzip` describes
    /// the archive. `progress`, if given, is told after each read how many bytes of the file
    /// have been read.
    public static func openInput(_ path: String, limits: ReadLimits = .init(), progress: ((UInt64) -> Void)? = nil) throws -> ByteInput {
        let name = path == standardStream ? "<stdin>" : path
        var file: ByteSource = path == standardStream
            ? FileDescriptorSource(fd: 0, name: name, closesOnDeinit: false)
            : try FileDescriptorSource(path: path)
        if let progress { file = CountingSource(file, observer: progress) }
        return try decompressed(ByteInput(source: file, name: name), limits: limits)
    }

    /// `raw`, or its content when it is a gzip archive (magic 1f 8b), within `limits`'
    /// expansion: the returned input's `gzip` then describes the archive.
    public static func decompressed(_ raw: ByteInput, limits: ReadLimits = .init()) throws -> ByteInput {
        guard GzipDecoder.matches(try raw.peek(2)) else { return raw }
        let decoder = try GzipDecoder(source: raw, name: raw.name, limits: limits)
        let decoded = ByteInput(source: decoder, name: raw.name + " (uncompressed)")
        decoded.gzip = decoder
        return decoded
    }

    /// An output that appears under `path` only once it is complete (written to a temporary
    /// file and renamed), or standard output for `-`; gzip-compressed when `compression` is set.
    /// The file gets `mode`, or else keeps the permissions of the file it replaces (a new one
    /// gets 0644 less the umask). A symbolic link is followed: the file it points to is written
    /// (atomically, beside it), and the link stays a link. In a sticky world-writable directory
    /// (`/tmp`) a link is followed, and an existing file written over, only when the caller or
    /// the directory's owner owns it (`StickyDirectories`).
    public static func createOutput(_ path: String, compression: OutputCompression? = nil, mode: mode_t? = nil) throws -> ByteOutput {
        let name = path == standardStream ? "<stdout>" : path
        let sink: ByteSink
        if path == standardStream {
            sink = FileDescriptorSink(fd: 1, name: name)
        } else {
            let target = try followingSymbolicLinks(path)
            var existing = stat()
            if lstat(target, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
                // A device or a pipe (/dev/null, a FIFO) is written in place: renaming over it
                // would replace it with a regular file.
                try StickyDirectories.checkReplacing(target, info: existing, output: path)
                let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
                guard fd >= 0 else { throw ConversionError(.cannotCreate, file: path, "cannot open: \(systemErrorText())") }
                sink = FileDescriptorSink(fd: fd, name: name, closesOnDeinit: true)
            } else {
                sink = try AtomicFileSink(path: target, name: path, mode: mode)
            }
        }
        let summary = ContentSummary()
        guard let compression else { return ByteOutput(sink: sink, name: name, summary: summary) }
        let encoder = try GzipEncoder(inner: sink, name: name, level: compression.level,
                                      metadata: compression.metadata, summary: summary)
        // Compressing costs more than most conversions: it runs on a second core.
        return ByteOutput(sink: BackgroundSink(inner: encoder), name: name, summary: summary)
    }

    /// Writes `bytes` as the whole of `path` (`createOutput`: it appears only once complete).
    public static func write(_ bytes: Bytes, to path: String) throws {
        let output = try createOutput(path)
        try output.write(bytes)
        try output.finish()
    }

    /// The file `path` names once symbolic links are followed (a link to a file that does not
    /// exist yet names that file); `path` itself when it is no link. Stops after 40 links, as
    /// the system does. Throws for a link the kernel's protected_symlinks rule would not
    /// follow (`StickyDirectories`).
    static func followingSymbolicLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            try StickyDirectories.checkFollowing(current, owner: info.st_uid, output: path)
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, target.count - 1)
            guard length > 0 else { return current }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        return current
    }

    /// The directory holding `path`'s last component, as a path to open or `stat`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The size of a regular file (nil for standard input, a pipe or a device).
    public static func size(of path: String) -> UInt64? {
        guard let info = status(of: path), (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return UInt64(info.st_size)
    }

    /// The modification time of a file, in seconds since the epoch (nil for standard input).
    public static func modificationTime(of path: String) -> UInt32? {
        guard let info = status(of: path) else { return nil }
        return UInt32(clamping: info.st_mtim.tv_sec)
    }

    /// `stat` of a file named by the user; nil for `-` (standard input or output) or a path
    /// that cannot be examined.
    private static func status(of path: String) -> stat? {
        guard path != standardStream else { return nil }
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }
}
