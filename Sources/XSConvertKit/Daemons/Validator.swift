/// Finds every fault of a snapshot, not just the first: structural ones any daemon would trip
/// on, and, given a target, what that daemon refuses, crashes on, skips or loses (the driver of
/// `RuleCheck` that keeps every finding). Runs record by record (with each record's
/// location), so every finding says where.
public struct Validator {
    /// One fault found, as the report lists it.
    public typealias Finding = ValidationReport.Finding

    private let rules: RuleCheck

    /// - Parameters:
    ///   - target: the daemon to check for; nil for xenstore's own rules alone.
    ///   - maxNodes: the most nodes whose paths are remembered (for duplicates and parents);
    ///     past it, checking a node throws.
    public init(target: TargetProfile?, maxNodes: Int = ReadLimits().nodes) {
        rules = RuleCheck(target: target, mode: .everyFinding, maxNodes: maxNodes)
    }

    /// The daemon checked for; nil when only xenstore's own rules are checked.
    public var target: TargetProfile? { rules.target }
    /// Every finding so far, counted (see `ValidationReport.add`).
    public var report: ValidationReport { rules.report }

    /// Checks the input's encoding against the target (format, byte order, version).
    public mutating func check(_ info: StreamInfo) {
        rules.check(info)
    }

    /// Checks one record, read at `location` and laid out as `framing` says. Throws past
    /// `maxNodes` nodes.
    public mutating func check(_ record: Record, at location: SourceLocation?, framing: RecordFraming = .plain) throws {
        try rules.check(record, at: { location }, framing: framing)
    }

    /// The checks that need the whole input.
    public mutating func finish() {
        rules.finish()
    }

    /// Validates a whole input, read with `adapter`.
    public static func validate(
        _ input: ByteInput, adapter: any FormatAdapter, target: TargetProfile?, options: ReadOptions = .init(),
        diagnostics: Diagnostics
    ) throws -> ValidationReport {
        let reader = try adapter.makeReader(input, options: options, diagnostics: diagnostics)
        var validator = Validator(target: target, maxNodes: options.limits.nodes)
        validator.check(reader.info)
        while let record = try reader.next() {
            try RecordWriting.naming(input, at: { reader.location }) {
                try validator.check(record, at: reader.location, framing: reader.framing)
            }
        }
        validator.finish()
        return validator.report
    }
}

extension SourceLocation {
    /// For sorting findings in input order.
    var order: UInt64 {
        switch self {
        case .byte(let offset): offset
        case .line(let line): UInt64(line)
        case .path: 0
        }
    }
}
