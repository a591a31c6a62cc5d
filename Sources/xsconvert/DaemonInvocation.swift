import XSConvertKit

/// The daemons' command lines: how each runs its live-update successor, how a daemon is
/// started to restore a dump, and the quotas a C xenstored's options set. The successor must
/// fit the running daemon's convention exactly:
///
/// - oxenstored first checks the binary by running `SUCCESSOR --live --restart <its
///   arguments> --help`, which must exit 0; after writing its dump it execs
///   `SUCCESSOR --live --restart <its arguments>`.
/// - C xenstored execs `SUCCESSOR <its arguments> -U` (it adds `-U` unless present) and runs
///   no check first.
enum DaemonInvocation {
    /// What the running daemon asked of its successor.
    enum Request: Hashable, Sendable {
        /// oxenstored's check of the binary: exit 0 if a switch could be attempted.
        case check
        /// Restore the daemon's dump; `arguments` are as received (for a rollback).
        case handover(arguments: [String])
    }

    /// Reads the successor's arguments (after its own) as `daemon` passed them.
    static func request(from arguments: [String], runningDaemon daemon: Daemon) throws -> Request {
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
    static func restoring(_ daemon: Daemon, options: [String]) -> [String] {
        switch daemon {
        case .oxenstored: oxenstoredRestore + options.filter { !oxenstoredRestore.contains($0) }
        case .c: options.filter { $0 != "-U" && $0 != "--live-update" } + ["-U"]
        }
    }

    static let oxenstoredRestore = ["--live", "--restart"]

    /// C xenstored's limits from its command line (`-E`/`--entry-nb`, `-S`/`--entry-size`,
    /// `-M`/`--path-max`, and `-Q`/`--quota nodes=|node-size=|path-max=` of 4.21), over its
    /// defaults (1000 nodes, 2048 bytes, 2048 path bytes, which is also path-max's ceiling).
    static func cQuotas(options: [String], target: TargetProfile) throws -> TargetQuotas {
        var nodes = 1000, size = 2048, path = TargetQuotas.relativePathCeiling
        var index = 0
        func number(_ text: String, _ option: String) throws -> Int {
            guard let value = Int(text) else { throw ConversionError(.usage, "\(option) \(text): expected a number") }
            return value
        }
        while index < options.count {
            let option = options[index]
            var (name, attached) = (option, String?.none)
            if option.hasPrefix("--"), let equals = option.firstIndex(of: "=") {
                (name, attached) = (String(option[..<equals]), String(option[option.index(after: equals)...]))
            } else if !option.hasPrefix("--"), option.count > 2, option.hasPrefix("-") {
                (name, attached) = (String(option.prefix(2)), String(option.dropFirst(2)))
            }
            let takesValue = ["-E", "--entry-nb", "-S", "--entry-size", "-M", "--path-max", "-Q", "--quota"].contains(name)
            guard takesValue else { index += 1; continue }
            guard let value = attached ?? (index + 1 < options.count ? options[index + 1] : nil) else {
                throw ConversionError(.usage, "\(name) needs a value")
            }
            index += attached == nil ? 2 : 1
            switch name {
            case "-E", "--entry-nb": nodes = try number(value, name)
            case "-S", "--entry-size": size = try number(value, name)
            case "-M", "--path-max": path = min(try number(value, name), TargetQuotas.relativePathCeiling)
            default:
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ConversionError(.usage, "\(name) \(value): expected NAME=NUMBER") }
                switch parts[0] {
                case "nodes": nodes = try number(parts[1], name)
                case "node-size": size = try number(parts[1], name)
                case "path-max": path = min(try number(parts[1], name), TargetQuotas.relativePathCeiling)
                default: break
                }
            }
        }
        return TargetQuotas(nodeSize: size, pathMax: path, nodesPerDomain: nodes, target: target)
    }
}
