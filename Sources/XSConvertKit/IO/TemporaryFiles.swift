import Glibc
/// The temporary files of outputs being written, so that a process stopped by a signal
/// (Ctrl-C, `kill`) can remove them on its way out instead of leaving a hidden, half-written
/// file beside the output. A program opts in with `removeOnTermination()`; a library must not
/// take over a process's signals by itself.
public enum TemporaryFiles {
    /// Paths as C strings, in fixed slots: the signal handler may only read memory and call
    /// async-signal-safe functions (`unlink`, `signal`, `raise`).
    nonisolated(unsafe) private static var slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
    private static let slotCount = 16
    nonisolated(unsafe) private static var initialized = false

    /// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE that remove every
    /// registered temporary file, then let the signal end the process as it would have.
    /// Unblocks those signals too: a process started with them blocked (as Foundation's
    /// `Process` starts its children on Linux) could otherwise not be stopped at all.
    public static func removeOnTermination() {
        prepareSlots()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] {
            signal(signalNumber) { received in
                TemporaryFiles.removeAll()
                signal(received, SIG_DFL)
                raise(received)
            }
            sigaddset(&unblocked, signalNumber)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
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
}
