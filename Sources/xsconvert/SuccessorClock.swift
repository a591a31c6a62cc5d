import Glibc

/// How long the successor holds the switch up (docs/live-switch.md, "The pause"): its share
/// runs from the daemon's exec of it to its exec of the new daemon. Linux keeps no time of a
/// process's last exec, so the share is counted from the running daemon's dump being written,
/// just before that exec: a little more than the successor's own share, never less. The
/// `--help` check runs in a process of its own, counted from that process's start.
enum SuccessorClock {
    /// Seconds since `path` (the running daemon's dump) was last written, or nil.
    static func secondsSinceWritten(_ path: String) -> Double? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let written = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        return seconds(on: CLOCK_REALTIME) - written
    }

    /// Seconds since this process started (10 ms steps), or nil.
    static func secondsSinceProcessStart() -> Double? {
        guard let file = fopen("/proc/self/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(cString: buffer)
        // after the command's name, in parentheses, field 22 is the start in clock ticks since boot
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return seconds(on: CLOCK_BOOTTIME) - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func text(_ seconds: Double?) -> String {
        guard let seconds else { return "unknown" }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([seconds]) { vsnprintf(&buffer, buffer.count, "%.3f s", $0) }
        return String(cString: buffer)
    }
}
