import Glibc
import ArgumentParser
import XSConvertKit

struct LiveSwitchSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Write a live-update successor that switches the running daemon to another.",
        discussion: """
            Writes OUTPUT, a small script to hand to 'xenstore-control live-update' (it runs \
            'xsconvert live-switch successor'), and OUTPUT.conf, what it switches to: the \
            daemon (its profile, executable, options and environment), where each daemon's \
            dump is, and the new daemon's quotas, which the store is checked against before \
            each switch. Quotas come from the options of a C xenstored (-E, -S, -M, -Q) or \
            from the configuration file of an oxenstored (--config-file, else \
            /etc/xen/oxenstored.conf).

            --original is the daemon running now: the successor restarts it on its own dump \
            whenever a switch cannot be made.

            Run as root. Both files are written owned by whoever runs it (root), OUTPUT 0755 and \
            OUTPUT.conf 0644, with absolute paths inside. Like sshd's StrictModes, a \
            configuration, successor or executable that someone other than root could change \
            (it, or a directory above it) is refused, here and at every switch.

            Defaults: dumps and socket in /var/run/xenstored (db for oxenstored, state_dump \
            for C), status file /var/run/xenstored/xsconvert-live-switch.status.

            Examples (oxenstored -> C xenstored, then back; oxenstored's quotas from the file its \
            --config-file option names):
            \(LiveSwitchCommand.setupToC)
            \(LiveSwitchCommand.setupToOxenstored)
            """
    )

    @Option(help: ArgumentHelp("The daemon to switch to.", valueName: "profile"))
    var to: TargetProfile

    @Option(help: ArgumentHelp("The daemon running now: c, oxenstored or oxenstored-xapi (default: the other one than --to's; give it for --to oxenstored-xapi, which either may run, and when the xapi fork runs now).", valueName: "daemon"),
            completion: .list(["c", "oxenstored", "oxenstored-xapi"]))
    var from: String?

    @Option(help: ArgumentHelp("Its executable (absolute path).", valueName: "path"))
    var daemon: String

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("One of its options, as you run it (repeat for more; the successor adds -U or --live --restart).", valueName: "option"))
    var option: [String] = []

    @Option(help: ArgumentHelp("An environment setting for it, added to the running daemon's (repeat for more).", valueName: "name=value"))
    var env: [String] = []

    @Option(help: ArgumentHelp("The executable of the daemon running now (absolute path; restarted if a switch cannot be made).", valueName: "path"))
    var original: String

    @Option(help: ArgumentHelp("Where the running daemon writes its dump.", valueName: "path"))
    var sourceDump: String?

    @Option(help: ArgumentHelp("Where the new daemon reads its dump.", valueName: "path"))
    var targetDump: String?

    @Option(help: ArgumentHelp("The daemons' socket (for 'live-switch wait').", valueName: "path"))
    var socket: String = LiveSwitchConfiguration.defaultSocket

    @Option(help: ArgumentHelp("Where each switch records how it went.", valueName: "path"))
    var statusFile: String = LiveSwitchConfiguration.defaultStatusFile

    @Option(name: .shortAndLong, help: ArgumentHelp("The successor to write (its configuration goes to OUTPUT.conf).", valueName: "output"))
    var output: String

    func validate() throws {
        for path in [daemon, original] where !path.hasPrefix("/") {
            throw ValidationError("\(path): give the executable's absolute path (the successor runs in the daemon's process)")
        }
        for setting in env where !setting.contains("=") {
            throw ValidationError("--env \(setting): expected NAME=VALUE")
        }
        if (option + env + [daemon, original, output]).contains(where: { $0.contains("\n") }) {
            throw ValidationError("options, settings and paths cannot contain a newline")
        }
    }

    func run() throws {
        try Reporting.run(diagnostics: Diagnostics(), quiet: false) {
            for path in [daemon, original] where access(path, X_OK) != 0 {
                throw ConversionError(.cannotOpen, file: path, "cannot be run: \(String(cString: strerror(errno)))")
            }
            let unsafe = StrictModes.problems(daemon, what: "--daemon") + StrictModes.problems(original, what: "--original")
                + StrictModes.problems(ProcessImage.ownExecutable(), what: "xsconvert (the successor runs it as root)")
            guard unsafe.isEmpty else { throw ConversionError(.data, unsafe.joined(separator: "; ")) }
            let output = Self.absolute(self.output)
            let folder = String(output[..<output.lastIndex(of: "/")!])
            let unsafeFolder = StrictModes.problems(directory: folder.isEmpty ? "/" : folder, what: "the folder of -o")
            guard unsafeFolder.isEmpty else {
                throw ConversionError(.cannotCreate, file: output, unsafeFolder.joined(separator: "; ") + ": a switch would refuse what is written there; write it where only root can change it")
            }
            let run = LiveSwitchConfiguration.defaultRunDirectory
            let (oxenstoredDump, cDump) = (run + "/db", run + "/state_dump")
            let toC = to.daemon == .c
            let fromFork = from == TargetProfile.oxenstoredXapi.name
            guard let source = from.map({ fromFork ? .oxenstored : Daemon(rawValue: $0) }) ?? LiveSwitchConfiguration.otherDaemon(than: to.daemon) else {
                throw ConversionError(.usage, "--from \(from ?? ""): expected c, oxenstored or oxenstored-xapi")
            }
            guard source != to.daemon || (to.oxenstoredDialect == .xapi) != fromFork else {
                throw ConversionError(.usage, "--from \(from ?? source.rawValue) --to \(to.name): a daemon switches to the other one (or oxenstored 4.17 to the xapi fork and back)")
            }
            var configuration = LiveSwitchConfiguration(
                target: to, source: source, daemon: daemon, daemonOptions: option, daemonEnvironment: env,
                sourceDump: sourceDump ?? (source == .c ? cDump : oxenstoredDump), targetDump: targetDump ?? (toC ? cDump : oxenstoredDump),
                socket: socket, statusFile: statusFile, quotas: try quotas(), successor: output, original: original)
            configuration.sourceIsXapiFork = fromFork
            let configurationPath = output + ".conf"
            try write([
                (configurationPath, 0o644, configuration.text(comment: [
                    "xsconvert live-switch: \(fromFork ? "the xapi fork" : source == .c ? "C xenstored" : "oxenstored") -> \(to.name), written by 'xsconvert live-switch setup'.",
                    "The successor \(output) reads it at every switch (docs/live-switch.md).",
                ])),
                (output, 0o755, successorScript(configuration: configurationPath)),
            ])
            let written = StrictModes.problems(output, what: "the successor") + StrictModes.problems(configurationPath, what: "its configuration")
            guard written.isEmpty else {
                throw ConversionError(.cannotCreate, written.joined(separator: "; ") + ": a switch would refuse it; write them where only root can change them")
            }
            if geteuid() != 0 {
                Reporting.printError("xsconvert: warning: not run as root: \(output) and \(configurationPath) are owned by uid \(geteuid()), and a switch, run as root, refuses files another user owns")
            }
            print("""
                wrote \(output) (the live-update successor) and \(configurationPath)
                switch:  xenstore-control live-update -t 60 \(output)
                then:    xsconvert live-switch wait --config \(configurationPath)
                """)
        }
    }

    /// The new daemon's limits: a C daemon's from its options, an oxenstored's from its
    /// configuration file.
    func quotas() throws -> TargetQuotas {
        if to.daemon == .c { return try DaemonInvocation.cQuotas(options: option, target: to) }
        let file = option.firstIndex(of: "--config-file").flatMap { option.indices.contains($0 + 1) ? option[$0 + 1] : nil }
            ?? option.first { $0.hasPrefix("--config-file=") }.map { String($0.dropFirst("--config-file=".count)) }
            ?? "/etc/xen/oxenstored.conf"
        let text = try Files.openInput(file).readToEnd()
        return TargetQuotas.oxenstored(configuration: String(decoding: text, as: UTF8.self))
    }

    /// A shell script, so that `xenstore-control live-update` has one file to run: xsconvert
    /// with this configuration, or, if xsconvert is gone, the original daemon.
    func successorScript(configuration: String) -> String {
        let xsconvert = ProcessImage.ownExecutable()
        return """
            #!/bin/sh
            # Live-update successor written by 'xsconvert live-switch setup': switches the running
            # daemon to \(to.name) as \(configuration) says, or restarts \(original) (docs/live-switch.md).
            [ -x \(shellQuoted(xsconvert)) ] && exec \(shellQuoted(xsconvert)) live-switch successor --config \(shellQuoted(configuration)) --original \(shellQuoted(original)) -- "$@"
            echo 'xsconvert live-switch successor: xsconvert is missing; restarting the original daemon' >&2
            exec \(shellQuoted(original)) "$@"

            """
    }

    func shellQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// `path` from the root: the daemon runs the successor from its own working directory.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (directory == "/" ? "" : directory) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Writes each text to its path with its mode (set on the file before it is put in place,
    /// so there is no moment to swap the file for a link to another). Every output is created
    /// before any is written, so one that is refused (a planted link) leaves none written.
    func write(_ files: [(path: String, mode: mode_t, text: String)]) throws {
        let outputs = try files.map { try Files.createOutput($0.path, mode: $0.mode) }
        for (file, output) in zip(files, outputs) {
            try output.write(Array(file.text.utf8))
            try output.finish()
        }
    }
}
