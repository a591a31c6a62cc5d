/// What `validate` found: the findings (the first `findingLimit` of them) and how many of each
/// severity. A finding can only be added through `add(_:)`, which counts it, so the verdict
/// (`isValid`), the counts and the listing always agree.
public struct ValidationReport: Sendable, CustomStringConvertible {
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public var severity: Severity
        public var location: SourceLocation?
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
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public static let findingLimit = 1000

    public init(target: TargetProfile?) {
        self.target = target
    }

    /// Whether the target (or any daemon, without one) would take the input: no errors.
    public var isValid: Bool { errorCount == 0 }
    /// The listed errors (all of them while fewer than `findingLimit` findings were made).
    public var errors: [Finding] { findings.filter { $0.severity == .error } }
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
