import Glibc

/// The temporary files outputs are written to before they are renamed into place: how they
/// are named, and how none is left behind.
///
/// - Name: `.NAME.xsconvert-XXXXXX` beside the output, NAME cut short (at a UTF-8 boundary)
///   when the whole would not fit a file name (255 bytes).
/// - A process stopped by a signal (Ctrl-C, `kill`, SIGUSR1, SIGXFSZ, and the aborts of a
///   crash or of running out of memory) removes its temporary files on its way out, then ends
///   by that signal as it would have (a crash still reaches the runtime's crash report). A
///   program opts in with `removeOnTermination()`; a library must not take over a process's
///   signals by itself.
/// - A process killed outright (SIGKILL: the kernel's out-of-memory killer) cannot: its writer
///   held a lock on the file while it lived, so the next output written beside it removes
///   the temporary files of that name no process holds (`create(beside:)`).
public enum TemporaryFiles {
    /// Paths as C strings, in fixed slots: the signal handler may only read memory and call
    /// async-signal-safe functions (`unlink`, `sigaction`, `raise`).
    nonisolated(unsafe) private static var slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
    private static let slotCount = 16
    nonisolated(unsafe) private static var initialized = false
    /// What each signal did before `removeOnTermination`, to do it again after the clean-up.
    nonisolated(unsafe) private static var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// Every signal whose default action ends the process and that a handler can catch.
    static var terminatingSignals: [Int32] {
        [SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE,
         SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS]
            + Array(__libc_current_sigrtmin()...min(__libc_current_sigrtmax(), 64))
    }

    /// Installs a handler for every signal that would end the process (except one it was told
    /// to ignore, which would not): it removes every registered temporary file, then does what
    /// the signal did before, ending the process by it. Unblocks those signals too: a process
    /// started with them blocked (as Foundation's `Process` starts its children on Linux)
    /// could otherwise not be stopped at all.
    public static func removeOnTermination() {
        prepareSlots()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in terminatingSignals {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { continue }
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }  // SIG_IGN
            previousActions[Int(number)] = current
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, context in TemporaryFiles.handle(number, info, context) }
            action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART
            sigfillset(&action.sa_mask)
            sigaction(number, &action, nil)
            sigaddset(&unblocked, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// Removes the temporary files, restores what the signal did before, and has it do that:
    /// a fault of an instruction (the kernel's SIGSEGV, SIGBUS, …) comes again when the
    /// handler returns, any other signal is raised again. A signal the runtime's crash
    /// reporter catches (SIGSEGV, SIGABRT, …) is fatal only when the kernel sends it for a
    /// fault or the process sends it itself (an abort, running out of memory); sent by
    /// another process, it goes to the reporter, which lets the process go on, output and all.
    private static func handle(_ number: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        let previous = previousActions[Int(number)]
        let reporter = previous.sa_flags & SA_SIGINFO != 0 ? previous.__sigaction_handler.sa_sigaction : nil
        if let reporter, let info, info.pointee.si_code <= 0, info.pointee._sifields._kill.si_pid != getpid() {
            reporter(number, info, context)
            return
        }
        removeAll()
        sigaction(number, previousActions + Int(number), nil)
        switch number {
        case SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV:
            if let info, info.pointee.si_code > 0 { return }
        default:
            break
        }
        raise(number)
    }

    /// Registers `path`; returns its slot for `unregister`, or nil when every slot is taken
    /// (the file is then only removed by the sink's own clean-up).
    static func register(_ path: String) -> Int? {
        prepareSlots()
        guard let slot = (0..<slotCount).first(where: { slots[$0] == nil }) else { return nil }
        slots[slot] = strdup(path)
        return slot
    }

    static func unregister(_ slot: Int?) {
        guard let slot, let path = slots[slot] else { return }
        slots[slot] = nil
        free(path)
    }

    private static func prepareSlots() {
        guard !initialized else { return }
        slots.initialize(repeating: nil, count: slotCount)
        initialized = true
    }

    private static func removeAll() {
        guard initialized else { return }
        for slot in 0..<slotCount {
            if let path = slots[slot] { unlink(path) }
        }
    }

    // MARK: - Names, and what a killed process left

    static let marker = Bytes(utf8: ".xsconvert-")
    /// mkstemp's six random characters.
    static let uniqueLength = 6

    /// The name of `base`'s temporary files up to their six random characters:
    /// `.BASE.xsconvert-`, BASE cut short (at a UTF-8 boundary) so that the name fits.
    static func prefix(for base: Bytes) -> Bytes {
        let room = Int(NAME_MAX) - 1 - marker.count - uniqueLength
        var end = min(base.count, room)
        if end < base.count {
            while end > 0, base[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a character
        }
        return [UInt8(ascii: ".")] + base[..<end] + marker
    }

    /// Creates a temporary file beside `path` (0600, locked for as long as the process holds
    /// it open) and registers it, signals held off in between so that none finds it created
    /// but not registered; first removes the ones an earlier run of that name left. Returns
    /// its descriptor, path and slot (for `unregister`).
    static func create(beside path: String) throws -> (fd: Int32, path: String, slot: Int?) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let prefix = prefix(for: Bytes(utf8: slash.map { String(path[path.index(after: $0)...]) } ?? path))
        removeAbandoned(in: directory.isEmpty ? "." : directory, prefix: prefix)
        var template = Bytes(utf8: directory) + prefix + Bytes(repeating: UInt8(ascii: "X"), count: uniqueLength) + [0]
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mkstemp($0.baseAddress!) }
        }
        guard fd >= 0 else {
            throw ConversionError(.cannotCreate, file: path, "cannot create a temporary file beside it: \(systemErrorText())")
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = flock(fd, LOCK_EX | LOCK_NB)
        let created = String(decoding: template.dropLast(), as: UTF8.self)
        return (fd, created, register(created))
    }

    /// A temporary file younger than this may be one whose writer has not locked it yet.
    static let abandonedAge = 2

    /// Removes the files in `directory` named `prefix` and six characters that this user owns,
    /// that no process holds locked (their writer died without removing them: killed, or on a
    /// machine that went down) and that are not brand new.
    static func removeAbandoned(in directory: String, prefix: Bytes) {
        guard let listing = opendir(directory) else { return }
        defer { closedir(listing) }
        let now = time(nil)
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Bytes(raw.prefix { $0 != 0 }) }
            guard name.count == prefix.count + uniqueLength, name.starts(with: prefix) else { continue }
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + String(decoding: name, as: UTF8.self)
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
                  now - info.st_mtim.tv_sec >= abandonedAge, flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            // Still the same file under that name (not one put there since it was opened).
            var named = stat()
            if lstat(path, &named) == 0, named.st_dev == info.st_dev, named.st_ino == info.st_ino { unlink(path) }
        }
    }
}
