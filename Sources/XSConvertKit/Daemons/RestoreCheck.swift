/// The first fault for which a daemon would not restore what is being written — it crashes,
/// aborts, refuses or applies something wrongly — found while the records stream past, in
/// memory that does not grow with the store beyond 8–16 bytes a node (the driver of
/// `RuleCheck` that stops at the first error). A conversion without a target runs it on its
/// output, to say in one warning that what it wrote as asked is not what the daemon reading
/// that format restores; `Validator` lists every fault, `TargetShaping` repairs them.
public final class RestoreCheck {
    private let rules: RuleCheck

    /// The daemon whose restore is checked: the one given, or the one that reads the output.
    public var target: TargetProfile { rules.target! }
    /// The first fault found (an error, at where its record was read, with the remedy of
    /// shaping for the target); nil while there is none.
    public var fault: ValidationReport.Finding? { rules.report.findings.first }

    /// - Parameters:
    ///   - target: the daemon to check for.
    ///   - maxNodes: the most nodes whose paths are remembered (for duplicates and parents);
    ///     past it, checking a node throws.
    public init(_ target: TargetProfile, maxNodes: Int = ReadLimits().nodes) {
        rules = RuleCheck(target: target, mode: .firstError, maxNodes: maxNodes)
    }

    /// The check for what is written as `info` says (a binary stream's WATCH_DATA_EXTENDED in
    /// `watchExtendedLayout`): against the daemon that reads it (`TargetProfile.reading`),
    /// its byte order aside (that was asked for). Nil for what no daemon reads (JSON, a
    /// listing, the seed's layout).
    public convenience init?(for info: StreamInfo, watchExtendedLayout: WatchExtendedLayout? = nil, maxNodes: Int = ReadLimits().nodes) {
        guard let profile = TargetProfile.reading(info, watchExtendedLayout: watchExtendedLayout) else { return nil }
        self.init(profile, maxNodes: maxNodes)
        rules.streamVersion = info.format == BinaryStreamAdapter.formatName ? info.version : nil
    }

    /// Checks the next record, read at `location`; does nothing once a fault is found.
    public func check(_ record: Record, at location: SourceLocation? = nil) throws {
        try rules.check(record, at: { location })
    }

    /// Checks the next record, lent as it lies (see `RecordView`), read where `location` says.
    func check(_ view: borrowing RecordView, at location: () -> SourceLocation?) throws {
        try rules.check(view, at: location)
    }

    /// The checks that need the whole stream.
    public func finish() {
        rules.finish()
    }

    /// Finishes the check and reports its fault, if any, as one warning about `output`, with
    /// where in `input` its record was read.
    public func report(to diagnostics: Diagnostics, output: String, input: String?) {
        finish()
        guard let fault else { return }
        let place = fault.location.map { location in " (" + (input.map { "input: \($0), " } ?? "") + "\(location))" } ?? ""
        diagnostics.warn("\(target.name) would not restore this stream: " + fault.message + place, file: output, remedy: fault.remedy)
    }
}
