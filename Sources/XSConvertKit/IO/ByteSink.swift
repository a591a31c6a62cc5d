import Glibc
/// Where output bytes go: a file, standard output, memory, or an encoding layer (such as a
/// compressor) over another sink.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`, or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes what is buffered and completes the output (a file is put in place only here).
    func finish() throws
}

/// A sink that can rewrite bytes it already wrote (a file, not a pipe): used to fill in a
/// header field only known at the end.
public protocol RewritableSink: ByteSink {
    /// Writes `bytes` over what was written at `offset`.
    func rewrite(at offset: UInt64, with bytes: Bytes) throws
}

func rewriteAll(fd: Int32, at offset: UInt64, _ bytes: Bytes, name: String) throws {
    let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
    guard written == bytes.count else {
        throw ConversionError(.cannotCreate, file: name, "cannot rewrite bytes at \(offset): \(systemErrorText())")
    }
}

/// Collects output in memory.
public final class MemorySink: ByteSink {
    /// What was written.
    public private(set) var bytes: Bytes = []
    /// An empty sink.
    public init() {}
    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }
    public func finish() throws {}
}

/// Writes to a file descriptor: standard output, or a device or pipe named as the output.
public final class FileDescriptorSink: RewritableSink {
    let fd: Int32
    let name: String
    let closesOnDeinit: Bool

    /// A sink writing to file descriptor `fd`, named `name`; closed when done if `closesOnDeinit`.
    public init(fd: Int32, name: String, closesOnDeinit: Bool = false) {
        self.fd = fd
        self.name = name
        self.closesOnDeinit = closesOnDeinit
    }

    deinit {
        if closesOnDeinit { close(fd) }
    }

    /// Writes all of `bytes` to the descriptor.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(fd: fd, bytes, name: name)
    }

    public func finish() throws {}

    /// Works when standard output is a regular file; fails on a pipe or terminal.
    public func rewrite(at offset: UInt64, with bytes: Bytes) throws {
        try rewriteAll(fd: fd, at: offset, bytes, name: name)
    }
}

func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws {
    var done = 0
    while done < bytes.count {
        let n = posixWrite(fd, bytes.baseAddress! + done, bytes.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            throw ConversionError(.cannotCreate, file: name, "write failed: \(systemErrorText())")
        }
        done += n
    }
}

/// Writes a file atomically: into a temporary file beside it (see `TemporaryFiles`), renamed
/// over the target only when `finish()` succeeds. If the sink is abandoned before that, the
/// temporary file is removed and the target is left as it was.
public final class AtomicFileSink: RewritableSink {
    /// Where the output goes (a symbolic link named by the user already followed).
    public let path: String
    /// The name errors use: the output as the user named it.
    let name: String
    let temporaryPath: String
    var fd: Int32
    var finished = false
    /// Where `TemporaryFiles` remembers the temporary file until it is renamed or removed.
    let registration: Int?

    /// The file gets `mode`; without one, a file replaced keeps its permissions (less
    /// set-user-ID and set-group-ID when another user owns it) and a new one gets 0644 less
    /// the umask. In a sticky
    /// world-writable directory, only a file of the caller's or the directory owner's is
    /// replaced (`StickyDirectories`).
    public init(path: String, name: String? = nil, mode: mode_t? = nil) throws {
        self.path = path
        self.name = name ?? path
        // lstat: a link put there since the caller followed links gives nothing.
        var existing = stat()
        let replacing = lstat(path, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFREG
        if replacing { try StickyDirectories.checkReplacing(path, info: existing, output: self.name) }
        let created: (fd: Int32, path: String, slot: Int?)
        do {
            created = try TemporaryFiles.create(beside: path)
        } catch var error as ConversionError {
            error.file = name ?? path
            throw error
        }
        fd = created.fd
        temporaryPath = created.path
        registration = created.slot
        let kept = existing.st_mode & (existing.st_uid == geteuid() ? 0o7777 : 0o1777)
        _ = fchmod(fd, mode ?? (replacing ? kept : 0o644 & ~currentUmask()))
    }

    /// Writes all of `bytes` to the temporary file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(fd: fd, bytes, name: name)
    }

    /// Writes `bytes` over what was written at `offset`.
    public func rewrite(at offset: UInt64, with bytes: Bytes) throws {
        try rewriteAll(fd: fd, at: offset, bytes, name: name)
    }

    /// Syncs the file, renames it into place (still holding it, so that no other run takes it
    /// for abandoned), then closes it and syncs the directory.
    public func finish() throws {
        guard !finished else { return }
        if fsync(fd) != 0 && errno != EINVAL {
            throw ConversionError(.cannotCreate, file: name, "cannot flush: \(systemErrorText())")
        }
        finished = true
        defer {
            close(fd)
            fd = -1
            TemporaryFiles.unregister(registration)
        }
        guard rename(temporaryPath, path) == 0 else {
            let text = systemErrorText()
            unlink(temporaryPath)
            throw ConversionError(.cannotCreate, file: name, "cannot put the output in place: \(text)")
        }
        syncDirectory()
    }

    /// Makes the rename itself durable (a crash right after it could otherwise lose it).
    private func syncDirectory() {
        let fd = open(Files.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    deinit {
        if !finished {
            if fd >= 0 { close(fd) }
            unlink(temporaryPath)
            TemporaryFiles.unregister(registration)
        }
    }
}

private func currentUmask() -> mode_t {
    let mask = umask(0)
    umask(mask)
    return mask
}
