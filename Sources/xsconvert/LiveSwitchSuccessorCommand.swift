import Glibc
import ArgumentParser
import XSConvertKit

struct LiveSwitchSuccessorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "successor",
        abstract: "Run by a daemon's live update, through the script 'live-switch setup' writes.",
        discussion: """
            Runs in the daemon's process after it wrote its dump: oxenstored runs it as \
            'SUCCESSOR --live --restart ARGS' (and first with --help, to check it), C xenstored \
            as 'SUCCESSOR ARGS -U'; ARGUMENTS are those, after --. It converts the dump for \
            the daemon the configuration names, checks it, and execs that daemon; if \
            anything stands in the way it execs ORIGINAL with ARGUMENTS, on its own dump, \
            and says why on stderr, in syslog and in the status file. With --help last \
            (oxenstored's check) it only says whether a switch could be attempted (exit 0) \
            or not (exit 1).
            """
    )

    @Option(help: ArgumentHelp("The configuration 'live-switch setup' wrote.", valueName: "path"))
    var config: String

    @Option(help: ArgumentHelp("The running daemon's executable, restarted if the switch cannot be made.", valueName: "path"))
    var original: String

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The arguments the daemon ran the successor with.", valueName: "arguments"))
    var arguments: [String] = []

    func run() throws {
        let inherited = Set(InheritedDescriptors.open())
        let running: Daemon = arguments.first == "--live" ? .oxenstored : .c
        let request: DaemonInvocation.Request
        do {
            request = try DaemonInvocation.request(from: arguments, runningDaemon: running)
        } catch {
            Reporting.printError("error: \(error) (this command is run by a daemon's live update, not by hand)")
            throw ExitCode(Reporting.exitStatus(for: .usage))
        }
        switch request {
        case .check: try check(running)
        case .handover(let arguments):
            guard !InheritedDescriptors.listeningSockets().isEmpty else {
                Reporting.printError("""
                    error: not run by a daemon's live update: this process holds no listening socket, and a daemon \
                    passes its own to its successor across the exec. Nothing was changed and no daemon was started. \
                    To switch, run 'xenstore-control live-update -t 60 SUCCESSOR' (docs/live-switch.md).
                    """)
                throw ExitCode(Reporting.exitStatus(for: .usage))
            }
            try handOver(from: running, arguments: arguments, inherited: inherited)
        }
    }

    /// oxenstored's check of its successor: could a switch be attempted?
    func check(_ running: Daemon) throws {
        var problems: [String] = []
        do {
            let configuration = try load(running)
            problems += LiveSwitch.problems(trusting: configuration)
            problems += StrictModes.problems(original, what: "the daemon to restart (--original)")
            problems += StrictModes.problems(ProcessImage.ownExecutable(), what: "xsconvert")
            do { _ = try LibXenEvtchn() } catch { problems.append("\(error)") }
        } catch {
            problems.append("\(error)")
        }
        guard problems.isEmpty else {
            report("live switch not possible: " + problems.joined(separator: "; "), statusFile: nil, error: true)
            throw ExitCode(1)
        }
        Reporting.printError("live-switch: a switch can be attempted (checked in \(SuccessorClock.text(SuccessorClock.secondsSinceProcessStart())))")
    }

    func handOver(from running: Daemon, arguments: [String], inherited: Set<Int32>) throws {
        let pid = getpid()
        // Until the configuration is found trustworthy, the default status file (one it names
        // could be anywhere).
        var statusFile: String? = LiveSwitchConfiguration.defaultStatusFile
        var targetName = "the other daemon"
        var forkSource: LiveSwitchConfiguration?
        do {
            let configuration = try load(running)
            if configuration.sourceIsXapiFork { forkSource = configuration }
            statusFile = configuration.statusFile
            targetName = configuration.target.name
            let liveSwitch = LiveSwitch(configuration: configuration)
            liveSwitch.alsoTrusted = [(ProcessImage.ownExecutable(), "xsconvert")]
            let exec: LiveSwitch.Exec
            do {
                exec = try liveSwitch.handOver()
            } catch {
                Reporting.show(liveSwitch.diagnostics, quiet: true)
                throw error
            }
            Reporting.show(liveSwitch.diagnostics, quiet: true)
            let restoring = DaemonInvocation.restoring(configuration.target.daemon, options: configuration.daemonOptions)
            let share = SuccessorClock.text(SuccessorClock.secondsSinceWritten(configuration.sourceDump))
            report("switched: pid \(pid): \(Self.name(running)) -> \(targetName) (\(([exec.executable] + restoring).joined(separator: " "))): \(exec.summary); xsconvert's share \(share) (from the dump's writing to this exec)",
                   statusFile: statusFile, error: false)
            let code = ProcessImage.replace(with: exec, arguments: restoring)
            throw LiveSwitchRefusal(["cannot run \(configuration.daemon): \(String(cString: strerror(code)))"] + liveSwitch.undo())
        } catch {
            var reason = error as? LiveSwitchRefusal, keep = inherited
            if let forkSource {
                let (problems, released) = LiveSwitch.prepareForkRestart(forkSource)
                if !problems.isEmpty { reason = LiveSwitchRefusal((reason?.reasons ?? ["\(error)"]) + problems) }
                if let released { keep.remove(released) }
            }
            // The client that asked is answered OK all the same (by the switch before a failed
            // exec, by C's own queued reply, by oxenstored at its next poll): say so.
            let note = " (xenstore-control is answered OK all the same: its exit status 0 does not mean the switch was made)"
            let unsafe = StrictModes.problems(original, what: "warning: the daemon to restart").joined(separator: "; ")
            report("refused: pid \(pid): \(Self.name(running)) -> \(targetName): \(reason?.description ?? "\(error)")\(note); restarting \(original) on its own dump"
                   + (unsafe.isEmpty ? "" : " (\(unsafe))"), statusFile: statusFile, error: true)
            let code = ProcessImage.replace(with: LiveSwitch.rollback(to: original, keep: keep, reason: reason?.description ?? "\(error)"),
                                            arguments: arguments)
            Reporting.printError("error: cannot restart \(original): \(String(cString: strerror(code))); xenstore is down")
            throw ExitCode(1)
        }
    }

    func load(_ running: Daemon) throws -> LiveSwitchConfiguration {
        let unsafe = StrictModes.problems(config, what: "the configuration")
        guard unsafe.isEmpty else { throw LiveSwitchRefusal(unsafe) }
        let configuration = try LiveSwitchConfiguration(contentsOf: config)
        guard configuration.sourceDaemon == running else {
            throw LiveSwitchRefusal(["\(config) switches from \(Self.name(configuration.sourceDaemon)), but \(Self.name(running)) ran it"])
        }
        return configuration
    }

    /// On stderr (the daemon's log), in syslog and, given one, in the status file.
    func report(_ message: String, statusFile: String?, error: Bool) {
        Reporting.printError("live-switch: " + message)
        SystemLog.write("live-switch: " + message, error: error)
        guard let statusFile else { return }
        do {
            let output = try Files.createOutput(statusFile)
            try output.write(Array((message + "\n").utf8))
            try output.finish()
        } catch {
            Reporting.printError("live-switch: cannot record it in \(statusFile): \(error)")
        }
    }

    static func name(_ daemon: Daemon) -> String { daemon == .c ? "C xenstored" : "oxenstored" }
}
