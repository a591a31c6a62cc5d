/// How each daemon runs its live-update successor, and how a daemon is started to restore a
/// dump. The successor must fit the running daemon's convention exactly:
///
/// - oxenstored first checks the binary by running `SUCCESSOR --live --restart <its
///   arguments> --help`, which must exit 0; after writing its dump it execs
///   `SUCCESSOR --live --restart <its arguments>`.
/// - C xenstored execs `SUCCESSOR <its arguments> -U` (it adds `-U` unless present) and runs
///   no check first.
public enum DaemonInvocation {
    /// What the running daemon asked of its successor.
    public enum Request: Hashable, Sendable {
        /// oxenstored's check of the binary: exit 0 if a switch could be attempted.
        case check
        /// Restore the daemon's dump; `arguments` are as received (for a rollback).
        case handover(arguments: [String])
    }

    /// Reads the successor's arguments (after its own) as `daemon` passed them.
    public static func request(from arguments: [String], runningDaemon daemon: Daemon) throws -> Request {
        switch daemon {
        case .oxenstored:
            guard arguments.starts(with: oxenstoredRestore) else {
                throw ConversionError(.usage, "oxenstored runs its successor with --live --restart first; got: \(arguments.joined(separator: " "))")
            }
            return arguments.last == "--help" ? .check : .handover(arguments: arguments)
        case .c:
            guard arguments.contains("-U") else {
                throw ConversionError(.usage, "C xenstored runs its successor with -U; got: \(arguments.joined(separator: " "))")
            }
            return .handover(arguments: arguments)
        }
    }

    /// The argument vector (without the program) that starts `daemon` restoring its dump,
    /// with the operator's `options`.
    public static func restoring(_ daemon: Daemon, options: [String]) -> [String] {
        switch daemon {
        case .oxenstored: oxenstoredRestore + options.filter { !oxenstoredRestore.contains($0) }
        case .c: options.filter { $0 != "-U" && $0 != "--live-update" } + ["-U"]
        }
    }

    static let oxenstoredRestore = ["--live", "--restart"]
}
