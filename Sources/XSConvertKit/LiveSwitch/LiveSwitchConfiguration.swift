/// What a live-update successor turns the running daemon into: written once by
/// `xsconvert live-switch setup`, read by the successor at every switch. A text file of
/// `key = value` lines (`#` starts a comment); keys that hold a list repeat.
///
/// ```
/// source = oxenstored
/// target = xenstored-4.17
/// daemon = /usr/lib/xen-4.17/bin/xenstored
/// daemon-option = -N
/// source-dump = /var/run/xenstored/db
/// target-dump = /var/run/xenstored/state_dump
/// quota-node-size = 2048
/// ```
public struct LiveSwitchConfiguration: Hashable, Sendable {
    /// The profile of the daemon to become (`xenstored-4.17`, `xenstored-4.21`, `oxenstored`).
    public var target: TargetProfile
    /// The daemon the switch leaves (key `source`): by default the other one; oxenstored 4.17
    /// → the xapi fork (the upgrade XCP-ng hosts take) is from oxenstored to oxenstored.
    public var sourceDaemon: Daemon
    /// Whether the daemon the switch leaves is the xapi fork (`source = oxenstored-xapi`),
    /// which a rollback restarts as it must be restarted: with VIRQ_DOM_EXC and the rings'
    /// channels released on the handle it leaves, as it binds them afresh on its own.
    public var sourceIsXapiFork = false
    /// Its executable.
    public var daemon: String
    /// Its options, as the operator runs it (the successor adds what a restore needs: `-U`
    /// for C, `--live --restart` for oxenstored).
    public var daemonOptions: [String]
    /// `NAME=VALUE` settings added to the environment it inherits from the running daemon.
    public var daemonEnvironment: [String]
    /// Where the running daemon writes its dump before it execs the successor.
    public var sourceDump: String
    /// Where the new daemon reads its dump.
    public var targetDump: String
    /// The daemons' socket (for `live-switch wait`).
    public var socket: String
    /// Where the successor records how the last switch went (one line).
    public var statusFile: String
    /// The new daemon's limits, checked against the store before the switch.
    public var quotas: TargetQuotas
    /// The successor script that reads this file (written by `setup`; checked by
    /// `live-switch check`).
    public var successor: String?
    /// The daemon running now, which the successor restarts when a switch cannot be made
    /// (written by `setup`; checked by `live-switch check`).
    public var original: String?

    /// A configuration as `setup` writes it; `source` is the daemon the switch leaves (by
    /// default the other one than `target`'s).
    public init(
        target: TargetProfile, source: Daemon? = nil, daemon: String, daemonOptions: [String] = [], daemonEnvironment: [String] = [],
        sourceDump: String, targetDump: String, socket: String = Self.defaultSocket,
        statusFile: String = Self.defaultStatusFile, quotas: TargetQuotas, successor: String? = nil, original: String? = nil
    ) {
        self.successor = successor
        self.original = original
        self.target = target
        self.sourceDaemon = source ?? Self.otherDaemon(than: target.daemon)
        self.daemon = daemon
        self.daemonOptions = daemonOptions
        self.daemonEnvironment = daemonEnvironment
        self.sourceDump = sourceDump
        self.targetDump = targetDump
        self.socket = socket
        self.statusFile = statusFile
        self.quotas = quotas
    }

    /// Both daemons' run directory on a Xen host (oxenstored has it compiled in).
    public static let defaultRunDirectory = "/var/run/xenstored"
    /// `/var/run/xenstored/socket`: where both daemons listen unless the file's `socket` key
    /// says otherwise.
    public static let defaultSocket = defaultRunDirectory + "/socket"
    /// `/var/run/xenstored/xsconvert-live-switch.status`: where the successor records the
    /// last switch's outcome unless the file's `status-file` key says otherwise.
    public static let defaultStatusFile = defaultRunDirectory + "/xsconvert-live-switch.status"

    /// The daemon a switch to `daemon` leaves unless told otherwise.
    public static func otherDaemon(than daemon: Daemon) -> Daemon { daemon == .c ? .oxenstored : .c }


    // MARK: - Text

    /// The file's text: a comment saying what it is, then one key per line.
    public func text(comment: [String] = []) -> String {
        var lines = comment.map { "# " + $0 }
        lines.append("source = \(sourceIsXapiFork ? TargetProfile.oxenstoredXapi.name : sourceDaemon.rawValue)")
        lines.append("target = \(target.name)")
        lines.append("daemon = \(daemon)")
        lines += daemonOptions.map { "daemon-option = \($0)" }
        lines += daemonEnvironment.map { "daemon-environment = \($0)" }
        lines += ["source-dump = \(sourceDump)", "target-dump = \(targetDump)", "socket = \(socket)", "status-file = \(statusFile)"]
        if let successor { lines.append("successor = \(successor)") }
        if let original { lines.append("original = \(original)") }
        lines += quotas.settings.map { "\($0.key) = \($0.value)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the configuration file at `path`; errors name it and the line.
    public init(contentsOf path: String) throws {
        try self.init(text: String(decoding: try Files.openInput(path).readToEnd(), as: UTF8.self), file: path)
    }

    /// Reads the file's text; errors name `file` and the line.
    public init(text: String, file: String) throws {
        var single: [String: String] = [:]
        var options: [String] = [], environment: [String] = [], quotaSettings: [(String, String)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = SourceLocation.line(index + 1)
            guard let equals = line.firstIndex(of: "=") else {
                throw ConversionError(.data, file: file, at: at, "expected 'key = value'")
            }
            let key = String(line[..<equals]).trimmingSpaces, value = String(line[line.index(after: equals)...]).trimmingSpaces
            switch key {
            case "daemon-option": options.append(value)
            case "daemon-environment":
                guard value.contains("=") else { throw ConversionError(.data, file: file, at: at, "daemon-environment: expected NAME=VALUE, got '\(value)'") }
                environment.append(value)
            case _ where TargetQuotas.keys.contains(key): quotaSettings.append((key, value))
            case "source", "target", "daemon", "source-dump", "target-dump", "socket", "status-file", "successor", "original":
                guard single.updateValue(value, forKey: key) == nil else {
                    throw ConversionError(.data, file: file, at: at, "\(key) is given twice")
                }
            default:
                throw ConversionError(.data, file: file, at: at, "unknown key '\(key)'")
            }
        }
        func required(_ key: String) throws -> String {
            guard let value = single[key], !value.isEmpty else { throw ConversionError(.data, file: file, "no '\(key) = …' line") }
            return value
        }
        let target: TargetProfile
        do { target = try TargetProfile.named(try required("target")) } catch var error as ConversionError {
            error.file = file
            throw error
        }
        var source: Daemon?, fork = false
        if let name = single["source"] {
            fork = name == TargetProfile.oxenstoredXapi.name
            guard let daemon = fork ? .oxenstored : Daemon(rawValue: name) else {
                throw ConversionError(.data, file: file, "source = \(name): expected c, oxenstored or oxenstored-xapi")
            }
            source = daemon
        }
        self.init(
            target: target, source: source, daemon: try required("daemon"), daemonOptions: options, daemonEnvironment: environment,
            sourceDump: try required("source-dump"), targetDump: try required("target-dump"),
            socket: single["socket"] ?? Self.defaultSocket, statusFile: single["status-file"] ?? Self.defaultStatusFile,
            quotas: try TargetQuotas(settings: quotaSettings, daemon: target, file: file), successor: single["successor"], original: single["original"])
        sourceIsXapiFork = fork
    }
}

extension String {
    /// Without the spaces and tabs before and after it (and a carriage return at its end).
    /// Byte by byte: the successor reads its configuration while the daemon's clients wait.
    var trimmingSpaces: String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
            start = bytes.index(after: start)
        }
        while start < end {
            let last = bytes[bytes.index(before: end)]
            guard last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") else { break }
            end = bytes.index(before: end)
        }
        return String(self[start..<end])
    }
}
