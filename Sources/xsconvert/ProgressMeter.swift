import Glibc
import XSConvertKit

/// Shows how far a long conversion is, on one line of standard error that it rewrites, only
/// when standard error is a terminal: never into a pipe or a file, where it would be noise in
/// a log. Quiet for the first half second, so quick conversions print nothing.
final class ProgressMeter {
    private let total: UInt64?
    private let start = seconds(on: CLOCK_MONOTONIC)
    private var lastShown = -Double.infinity
    private var shown = false

    static let delay = 0.5
    static let interval = 0.1

    /// A meter for reading `path`, or nil when progress is off or stderr is not a terminal.
    static func make(for path: String, enabled: Bool) -> ProgressMeter? {
        guard enabled, isatty(2) == 1 else { return nil }
        return ProgressMeter(total: Files.size(of: path))
    }

    private init(total: UInt64?) {
        self.total = total
    }

    /// Called after each read with the bytes of the file read so far.
    func update(_ done: UInt64) {
        let now = seconds(on: CLOCK_MONOTONIC)
        guard now - start >= Self.delay, now - lastShown >= Self.interval else { return }
        lastShown = now
        shown = true
        let seconds = now - start
        var line = "xsconvert: read " + Self.megabytes(done)
        if let total, total > 0 {
            line += " of \(Self.megabytes(total)) (\(min(100, done * 100 / total))%)"
        }
        line += ", " + Self.oneDecimal(seconds) + " s"
        write("\r" + line + "\u{1B}[K")
    }

    /// Clears the line, so messages after it start on a clean line.
    func finish() {
        if shown { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        Reporting.writeToStandardError(text)
    }

    private static func megabytes(_ bytes: UInt64) -> String {
        oneDecimal(Double(bytes) / 1_000_000) + " MB"
    }

    /// `12.3` for 12.34 (no Foundation formatting: the executable does without Foundation,
    /// which would take a third of its start-up time).
    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
