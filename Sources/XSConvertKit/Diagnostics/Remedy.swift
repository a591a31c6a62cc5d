/// What the user can do about an error or a warning, in the library's own terms. Messages
/// never name a command-line flag: a program says the remedy in its own words (the CLI names
/// its option, an embedder its API).
public enum Remedy: Hashable, Sendable {
    /// Write anyway and report what was dropped (`WriteOptions.allowLoss`).
    case allowLoss
    /// Create the missing parents, inheriting the nearest ancestor's permissions
    /// (`WriteOptions.createMissingParents`).
    case createMissingParents
    /// Name the input's format instead of having it detected.
    case nameInputFormat
    /// Read the binary stream in this dialect instead of the one detected (`ReadOptions.dialect`).
    case readDialect(String)
    /// Shape the output for this daemon (`TargetShaping`, `Converter.convert(_:to:target:)`):
    /// it is then what the daemon restores.
    case shape(for: TargetProfile)
    /// Read within a higher limit (`ReadOptions.limits`): the input goes over this one.
    case raiseLimit(ReadLimits.Limit)
    /// Name the fd at which the restored daemon inherits its listening socket
    /// (`WriteOptions.socketFD`).
    case listeningSocket
}
