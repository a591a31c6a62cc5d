/// Something a reader or writer wants the user to know without failing: a line skipped the
/// way the real daemon skips it, a record kept but not understood, data dropped or
/// synthesized by a conversion.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How much a diagnostic matters, and of what kind.
    public enum Severity: String, Hashable, Sendable {
        /// Something the user should look at; the input was read or written all the same.
        case warning
        /// Data the conversion left out (allowed by the user).
        case dropped
        /// Data the conversion made up because the target needs it.
        case synthesized
        /// Information: what was done, nothing lost.
        case note
    }

    /// Its kind: warning, dropped, synthesized or note.
    public var severity: Severity
    /// The file it is about, if any.
    public var file: String?
    /// Where in that file, if known.
    public var location: SourceLocation?
    /// What happened, in one line.
    public var message: String
    /// How many times the same thing happened (for aggregated notes), and the first instance.
    public var count = 1
    /// The first instance, for a diagnostic that aggregates several.
    public var example: String?
    /// What the user can do about it (a program says it in its own terms).
    public var remedy: Remedy?

    /// A diagnostic of `severity` about `file` at `location`.
    public init(
        _ severity: Severity, file: String? = nil, at location: SourceLocation? = nil, _ message: String,
        remedy: Remedy? = nil
    ) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        var text = severity.rawValue + ": "
        if let file { text += file + ": " }
        if let location { text += location.description + ": " }
        if count > 1 { text += "\(count) × " }
        return text + message + (example.map { " (e.g. \($0))" } ?? "")
    }
}

/// Collects diagnostics during one conversion, and the losses a writer would cause. Warnings
/// are counted and only the first `warningLimit` are kept, so that an input of millions of
/// skipped lines or unknown records costs a counter, not a list.
public final class Diagnostics {
    /// The first `warningLimit` warnings, and every other diagnostic (which are aggregated by
    /// message: few).
    public private(set) var entries: [Diagnostic] = []
    /// How many warnings were reported in all.
    public private(set) var warningCount = 0
    /// How many warnings `entries` keeps.
    public let warningLimit: Int
    /// The warnings counted but not kept.
    public var unlistedWarnings: Int { max(0, warningCount - warningLimit) }
    /// What writers could not express, by category, with a count and a first example.
    public private(set) var losses: [Loss] = []

    /// One kind of data a writer could not express, counted.
    public struct Loss: Hashable, Sendable {
        /// What could not be expressed.
        public var category: String
        /// How many times.
        public var count: Int
        /// The first instance.
        public var example: String?

        /// `3 × what (e.g. first)`.
        public var description: String {
            let times = count == 1 ? "" : "\(count) × "
            return times + category + (example.map { " (e.g. \($0))" } ?? "")
        }
    }

    /// An empty collection that keeps the first `warningLimit` warnings (it counts them all).
    public init(warningLimit: Int = 20) {
        self.warningLimit = warningLimit
    }

    /// Adds `diagnostic` (a warning beyond the limit is only counted).
    public func report(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .warning {
            warningCount += 1
            guard warningCount <= warningLimit else { return }
        }
        entries.append(diagnostic)
    }

    /// Adds a warning.
    public func warn(_ message: String, file: String? = nil, at location: SourceLocation? = nil, remedy: Remedy? = nil) {
        report(Diagnostic(.warning, file: file, at: location, message, remedy: remedy))
    }

    /// Adds a note.
    public func note(_ message: String, file: String? = nil, at location: SourceLocation? = nil) {
        report(Diagnostic(.note, file: file, at: location, message))
    }

    /// Records data made up for the target. The same `message` is reported once, with a
    /// count and its first `example`.
    public func synthesized(_ message: String, example: String? = nil, file: String? = nil) {
        if let index = entries.firstIndex(where: { $0.severity == .synthesized && $0.message == message && $0.file == file }) {
            entries[index].count += 1
            return
        }
        var entry = Diagnostic(.synthesized, file: file, message)
        entry.example = example
        report(entry)
    }

    /// Records that the output cannot hold something of `category` (e.g. "DOMAIN_DATA record
    /// (not in stream version 1)"). Counted per category; the first example is kept.
    public func lose(_ category: String, example: @autoclosure () -> String? = nil) {
        if let index = losses.firstIndex(where: { $0.category == category }) {
            losses[index].count += 1
        } else {
            losses.append(Loss(category: category, count: 1, example: example()))
        }
    }

    /// Called by a writer when it completes: refuses the output if it would lose data and the
    /// user did not allow that; otherwise reports each loss as dropped.
    public func settleLosses(allowLoss: Bool, output: String, format: String) throws {
        try settleLosses(allowLoss: allowLoss, file: output,
                         refusal: "\(format) cannot hold everything in the input; nothing was written. It would lose:")
    }

    /// Refuses with `refusal` and the list of losses, unless loss is allowed; then reports
    /// each as dropped from `file`.
    public func settleLosses(allowLoss: Bool, file: String?, refusal: String) throws {
        guard !losses.isEmpty else { return }
        if !allowLoss {
            throw ConversionError(.loss, file: file, refusal, details: losses.map { "- " + $0.description }, remedy: .allowLoss)
        }
        for loss in losses {
            report(Diagnostic(.dropped, file: file, loss.description))
        }
        losses.removeAll()
    }
}
