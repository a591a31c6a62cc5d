/// A snapshot made restorable by a daemon, and checked, in one call each:
///
/// ```swift
/// let restorable = try snapshot.shaped(for: .xenstored417, diagnostics: diagnostics)
/// let report = restorable.validate(for: .xenstored417)   // report.errors is empty
/// try restorable.write(to: "state_dump", as: TargetProfile.xenstored417.outputFormat, diagnostics: diagnostics)
/// ```
extension Snapshot {
    /// The snapshot made exactly what `target`'s daemon restores (`TargetShaping`): the
    /// records it needs, in the order it needs them. What was made up is reported to
    /// `diagnostics` as synthesized. What the daemon cannot hold is refused, with the list,
    /// unless `allowLoss`; then it is reported as dropped.
    /// - Parameters:
    ///   - target: the daemon that is to restore it.
    ///   - allowLoss: drop what the daemon cannot hold, reporting each, instead of refusing.
    ///   - createMissingParents: create the parents of nodes that lack one (inheriting the
    ///     nearest ancestor's permissions) instead of refusing.
    ///   - socketFD: the fd at which the restored daemon inherits its listening socket, in
    ///     place of the snapshot's (which a seed dump does not record).
    ///   - diagnostics: where what was made up or dropped is reported.
    public func shaped(
        for target: TargetProfile, allowLoss: Bool = false, createMissingParents: Bool = false, socketFD: Int32? = nil,
        diagnostics: Diagnostics = Diagnostics()
    ) throws -> Snapshot {
        let shaped = try TargetShaping(target, createMissingParents: createMissingParents, socketFD: socketFD)
            .shape(self, diagnostics: diagnostics)
        try diagnostics.settleLosses(allowLoss: allowLoss, file: nil,
                                     refusal: "\(target.name) cannot restore everything in the snapshot. It would lose:")
        return shaped
    }

    /// Every fault of the snapshot, and, given a target, what that daemon refuses, crashes
    /// on, skips or loses (`Validator`). Findings name their record as `$.records[N]`.
    public func validate(for target: TargetProfile? = nil) -> ValidationReport {
        var validator = Validator(target: target, maxNodes: .max)
        for (index, record) in records.enumerated() {
            do { try validator.check(record, at: .path("$.records[\(index)]")) } catch { preconditionFailure("no limit, but \(error)") }
        }
        validator.finish()
        return validator.report
    }
}

extension TargetProfile {
    /// The format, byte order, version and layout this daemon restores: what to write a
    /// snapshot shaped for it in.
    public var outputFormat: SnapshotFormat {
        guard format == BinaryStreamAdapter.formatName else { return SnapshotFormat(name: format, dialect: oxenstoredDialect?.rawValue) }
        return .binary(byteOrder: byteOrder, version: writeVersion, dialect: BinaryStreamAdapter.standardDialect,
                       watchExtendedLayout: watchExtendedLayout ?? .document)
    }
}
