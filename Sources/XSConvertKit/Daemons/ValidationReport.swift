/// What `validate` found: the findings (the first `findingLimit` of them) and how many of each
/// severity. A finding can only be added through `add(_:)`, which counts it, so the verdict
/// (`isValid`), the counts and the listing always agree.
public struct ValidationReport: Sendable, CustomStringConvertible {
    /// One fault found: the rule it breaks, how grave it is for the target, where its record
    /// was read and what is wrong; printed as `LOCATION: SEVERITY: MESSAGE`.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        /// How grave a finding is for the target; its raw value is the word printed.
        public enum Severity: String, Sendable {
            /// The daemon refuses, crashes on or misapplies the input: it is not valid for it.
            case error
            /// The daemon restores the input but skips or ignores this part of it.
            case warning
        }
        /// How grave the fault is for the target (the rule's column in `Rule.severities`).
        public var severity: Severity
        /// Where the faulty record was read: a byte offset, a line, or a JSON path such as
        /// `$.records[3]`; nil for a fault of the input as a whole (a missing GLOBAL_DATA).
        public var location: SourceLocation?
        /// What is wrong, in a sentence naming the record (a path, a domid, a conn-id).
        public var message: String
        /// What the user can do about it (a program says it in its own terms).
        public var remedy: Remedy?
        /// The rule it breaks.
        public var rule: Rule

        /// A finding of `rule`, at `location` (nil: of the input as a whole).
        public init(rule: Rule, severity: Severity, location: SourceLocation?, message: String, remedy: Remedy? = nil) {
            self.rule = rule
            self.severity = severity
            self.location = location
            self.message = message
            self.remedy = remedy
        }

        public var description: String {
            (location.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)"
        }
    }

    /// The daemon the input was checked for, if any.
    public let target: TargetProfile?
    /// The first `findingLimit` findings, in input order (an input of millions of faults costs
    /// counters, not a list of millions); `errorCount` and `warningCount` count them all.
    public private(set) var findings: [Finding] = []
    /// How many errors were found, listed or not: the input is valid when it is 0.
    public private(set) var errorCount = 0
    /// How many warnings were found, listed or not.
    public private(set) var warningCount = 0
    /// The most findings listed in `findings`; the rest are only counted.
    public static let findingLimit = 1000

    /// An empty report (valid, no findings) for checking against `target`, or xenstore's own
    /// rules alone when nil.
    public init(target: TargetProfile?) {
        self.target = target
    }

    /// Whether the target (or any daemon, without one) would take the input: no errors.
    public var isValid: Bool { errorCount == 0 }
    /// The listed errors (all of them while fewer than `findingLimit` findings were made).
    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    /// The listed warnings: what the target skips or ignores but restores around.
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    /// The findings counted but not listed.
    public var unlistedFindings: Int { errorCount + warningCount - findings.count }

    /// Counts `finding` and lists it while under the limit: the one way a finding is made.
    mutating func add(_ finding: Finding) {
        switch finding.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        }
        if findings.count < Self.findingLimit { findings.append(finding) }
    }

    /// Puts the listed findings in input order (those of the whole input first).
    mutating func sortByLocation() {
        findings.sort { ($0.location?.order ?? 0) < ($1.location?.order ?? 0) }
    }

    public var description: String {
        findings.map(\.description).joined(separator: "\n")
    }
}
