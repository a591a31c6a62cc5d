/// Makes a snapshot exactly what a target daemon restores (`convert --target`): the records it
/// needs, in the order it needs them (`RestoreOrder`), without what it would refuse, crash on,
/// skip or misapply. What is made up is reported as synthesized; what the daemon cannot hold is
/// a loss (refused unless loss is allowed); what it has no use for (oxenstored's mfn and ports
/// in a C target) is reported as dropped.
///
/// One rule holds by construction: what `convert --target X` writes passes
/// `validate --target X`. `Converter` writes the shaped snapshot in memory, reads it back and
/// validates it for the target (`requireValid`), and writes nothing if that finds an error.
///
/// Reordering needs the whole snapshot, so a conversion with a target holds it in memory.
public struct TargetShaping {
    /// The daemon the snapshot is shaped for.
    public let profile: TargetProfile
    /// Whether a node whose parent is missing gets that parent created (inheriting the
    /// nearest ancestor's permissions, reported as synthesized) rather than refused
    /// (`convert --create-parents`).
    public var createMissingParents: Bool
    /// The listening socket's fd to write in place of the input's (`WriteOptions.socketFD`).
    public var socketFD: Int32?

    /// Shaping for `profile`, creating missing parents if `createMissingParents`, and with
    /// the listening socket at `socketFD` if one is given (else the input's).
    public init(_ profile: TargetProfile, createMissingParents: Bool = false, socketFD: Int32? = nil) {
        self.profile = profile
        self.createMissingParents = createMissingParents
        self.socketFD = socketFD
    }

    /// `snapshot` repaired (`StoreRepair`) and made what the profile's daemon restores. What
    /// is synthesized, dropped or lost goes to `diagnostics`, whose losses the caller settles
    /// (`Diagnostics.settleLosses`; `Snapshot.shaped` does); throws on what cannot be shaped,
    /// such as a C target without dom0's ring connection, or nodes whose parents are missing
    /// without `createMissingParents`.
    public func shape(_ snapshot: Snapshot, diagnostics: Diagnostics = Diagnostics()) throws -> Snapshot {
        let repaired = StoreRepair(profile: profile, diagnostics: diagnostics).repair(snapshot.records)
        switch profile.daemon {
        case .c: return try shapeForC(repaired, diagnostics: diagnostics)
        case .oxenstored: return try shapeForOxenstored(repaired, diagnostics: diagnostics)
        }
    }

    /// The options that make a writer produce this target's format, byte order, version and
    /// WATCH_DATA_EXTENDED layout.
    public func writeOptions(_ options: WriteOptions) -> WriteOptions {
        profile.outputFormat.applied(to: options)
    }

    /// Refuses `output` (the bytes a conversion for `profile` wrote, named `name`) unless
    /// `validate --target` finds no error in it.
    public static func requireValid(_ output: Bytes, for profile: TargetProfile, name: String) throws {
        let input = ByteInput(bytes: output, name: name)
        let adapter = try FormatRegistry.standard.adapter(named: profile.format)
        let report = try Validator.validate(input, adapter: adapter, target: profile, diagnostics: Diagnostics())
        guard !report.isValid else { return }
        let errors = report.errors
        let shown = 10
        throw ConversionError(
            .data, file: name,
            "xsconvert cannot make this input what \(profile.name) restores; nothing was written. What it would write fails validation for \(profile.name):",
            details: errors.prefix(shown).map { "- \($0)" } + (report.errorCount > shown ? ["- … and \(report.errorCount - shown) more"] : []))
    }

    /// `global` with the listening socket at `socketFD`, when one was given.
    func withSocket(_ global: GlobalData, diagnostics: Diagnostics) -> GlobalData {
        guard let socketFD, socketFD != global.socketFD else { return global }
        diagnostics.note("the listening socket at fd \(socketFD), as asked, not \(global.socketFD) as recorded")
        var changed = global
        changed.socketFD = socketFD
        return changed
    }

    /// Warns that the restored daemon will listen on nothing when `socketFD` is not a socket.
    func warnIfDeaf(_ socketFD: Int32, diagnostics: Diagnostics) {
        guard socketFD < 0 else { return }
        diagnostics.warn("no listening socket (fd \(socketFD)): \(profile.name) would restore this and listen on nothing, reachable only through the rings",
                         remedy: .listeningSocket)
    }
}
