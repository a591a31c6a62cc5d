import Glibc

/// How long the successor holds the switch up (docs/live-switch.md, "The pause"), phase by
/// phase: its share runs from the daemon's exec of it to its exec of the new daemon, and
/// oxenstored's `--help` probe of it (a process of its own) is counted too.
///
/// Linux keeps no time of a process's last exec, so the switch is counted from the running
/// daemon's dump being written, just before that exec: a little more than the successor's own
/// share, never less. Its first phase, "start-up", runs from there to `main` (the daemon's exec
/// of the successor script, the shell's of xsconvert, loading and linking it). The probe is
/// counted from its process's start (10 ms steps).
///
/// `ended` is also where tools/bench-switch has valgrind split its count of instructions
/// (`--dump-before`), so each phase's instructions and time come from the same marks.
final class SuccessorClock {
    private(set) var phases: [(name: String, seconds: Double)] = []
    private let start: Double?
    private var last: Double
    /// Minor page faults at the first mark and the last: each page the process touches costs
    /// one, and a paravirtualised guest under an emulator pays for each dearly.
    private var faults: (first: Int, last: Int)?

    /// A clock started at `start` (realtime seconds), nil when unknown: the first phase is
    /// then left out, and the total is "unknown".
    private init(start: Double?) {
        self.start = start
        last = start ?? Self.now()
    }

    /// Started when `path` (the running daemon's dump) was last written.
    static func sinceWritten(_ path: String) -> SuccessorClock {
        var status = stat()
        guard stat(path, &status) == 0 else { return SuccessorClock(start: nil) }
        return SuccessorClock(start: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
    }

    /// Started when this process started.
    static func sinceProcessStart() -> SuccessorClock {
        SuccessorClock(start: processStart().map { now() - (seconds(on: CLOCK_BOOTTIME) - $0) })
    }

    /// Ends the phase `name`, which ran since the last phase ended (or the clock's start).
    @inline(never)
    func ended(_ name: String) {
        let time = Self.now()
        if start != nil || !phases.isEmpty || name != Self.startUp {
            phases.append((name, time - last))
        }
        last = time
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        faults = (faults?.first ?? usage.ru_minflt, usage.ru_minflt)
    }

    /// The phase from the clock's start to `main`.
    static let startUp = "start-up"

    /// Seconds from the clock's start to the end of the last phase; nil when the start is unknown.
    var total: Double? {
        start.map { last - $0 }
    }

    /// "0.123 s: start-up 0.010, configuration 0.001, …; 2345 page faults after start-up"
    var text: String {
        Self.text(total) + ": " + phases.map { "\($0.name) " + Self.number($0.seconds) }.joined(separator: ", ")
            + (faults.map { "; \($0.last - $0.first) page faults after start-up" } ?? "")
    }

    static func text(_ seconds: Double?) -> String {
        seconds.map { number($0) + " s" } ?? "unknown"
    }

    /// Seconds to the millisecond: "0.012".
    static func number(_ seconds: Double) -> String {
        let milliseconds = Int((max(seconds, 0) * 1000).rounded())
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private static func now() -> Double { seconds(on: CLOCK_REALTIME) }

    /// When this process started, in seconds of CLOCK_BOOTTIME, or nil.
    private static func processStart() -> Double? {
        guard let file = fopen("/proc/self/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // after the command's name, in parentheses, field 22 is the start in clock ticks since boot
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
