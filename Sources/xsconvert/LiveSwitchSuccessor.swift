import Glibc
import ArgumentParser
import XSConvertKit

/// What `xsconvert live-switch successor` does, run by a daemon's live update (through the
/// script `live-switch setup` writes): oxenstored's `--help` probe of it, or the switch itself.
/// Its time is the daemon's pause, so `main` runs it before ArgumentParser parses anything
/// (`init(commandLine:)`), and it logs where the time went (`SuccessorClock`).
struct LiveSwitchSuccessor {
    /// The configuration 'live-switch setup' wrote.
    var config: String
    /// The running daemon's executable, restarted if the switch cannot be made.
    var original: String
    /// The arguments the daemon ran the successor with.
    var arguments: [String]

    init(config: String, original: String, arguments: [String]) {
        (self.config, self.original, self.arguments) = (config, original, arguments)
    }

    /// The successor as the script `live-switch setup` writes runs it, `live-switch successor
    /// --config PATH --original PATH -- ARGUMENTS…`; nil for any other command line (parsed by
    /// ArgumentParser as usual, with the same meaning).
    init?(commandLine arguments: [String]) {
        guard arguments.count >= 7, Array(arguments[0..<2]) == ["live-switch", "successor"], arguments[2] == "--config",
              arguments[4] == "--original", arguments[6] == "--",
              ![arguments[3], arguments[5]].contains(where: { $0.hasPrefix("-") }) else { return nil }
        self.init(config: arguments[3], original: arguments[5], arguments: Array(arguments[7...]))
    }

    /// Runs it as `main` does, and exits with its status.
    func runAsMain() -> Never {
        do {
            try run()
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            Reporting.printError("error: \(error)")
            exit(Reporting.exitStatus(for: (error as? ConversionError)?.kind ?? .data))
        }
    }

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

    /// oxenstored's check of its successor: could a switch be attempted? Its time is recorded
    /// for the switch's share (`Self.probeRecord`).
    func check(_ running: Daemon) throws {
        let clock = SuccessorClock.sinceProcessStart()
        clock.ended(SuccessorClock.startUp)
        var problems: [String] = []
        var configuration: LiveSwitchConfiguration?
        do {
            configuration = try load(running)
            clock.ended("configuration")
            problems += LiveSwitch.problems(trusting: configuration!)
            problems += StrictModes.problems(original, what: "the daemon to restart (--original)")
            problems += StrictModes.problems(ProcessImage.ownExecutable(), what: "xsconvert")
            clock.ended("strict modes")
            do { _ = try LibXenEvtchn() } catch { problems.append("\(error)") }
            clock.ended("libxenevtchn loaded")
        } catch {
            problems.append("\(error)")
        }
        guard problems.isEmpty, let configuration else {
            report("live switch not possible: " + problems.joined(separator: "; "), statusFile: nil, error: true)
            throw ExitCode(1)
        }
        try? Files.write(Array((Self.probeRecord(parent: getppid()) + clock.text + "\n").utf8), to: Self.probeFile(configuration))
        print(LiveSwitchSuccessorCommand.configuration.abstract)
        Reporting.printError("live-switch: a switch can be attempted (checked in \(clock.text))")
    }

    /// Where the probe records its time, beside the status file; the switch that follows
    /// reads and removes it.
    static func probeFile(_ configuration: LiveSwitchConfiguration) -> String { configuration.statusFile + ".probe" }

    /// The probe's record starts so, naming the daemon that ran it (its parent: the process
    /// that then becomes the successor), then its time, "0.012 s: start-up 0.010, …".
    static func probeRecord(parent: pid_t) -> String { "the --help probe run by pid \(parent) took " }

    /// The probe's seconds and phases ("0.012 s: start-up 0.010, …"), when the daemon that runs
    /// this successor ran it; the record is removed. Only a small regular file of this user's
    /// is read, without waiting (a FIFO put there, where the status file's folder lets others
    /// write, would otherwise hold the switch up for good).
    static func probe(_ configuration: LiveSwitchConfiguration) -> (seconds: Double, text: String)? {
        let file = probeFile(configuration)
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(), info.st_size < 4096 else { return nil }
        unlink(file)
        var record = Bytes(repeating: 0, count: Int(info.st_size))
        guard read(fd, &record, record.count) == record.count else { return nil }
        let prefix = Bytes(probeRecord(parent: getpid()).utf8)
        guard record.starts(with: prefix) else { return nil }
        // only what the probe writes: names, numbers, punctuation
        let text = String(decoding: record.dropFirst(prefix.count).prefix { $0 >= 0x20 && $0 < 0x7f }, as: UTF8.self)
        guard let seconds = Double(text.prefix { $0 != " " }) else { return nil }
        return (seconds, text)
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
            let clock = SuccessorClock.sinceWritten(configuration.sourceDump)
            clock.ended(SuccessorClock.startUp)
            let probe = Self.probe(configuration)
            clock.ended("configuration")
            if configuration.sourceIsXapiFork { forkSource = configuration }
            statusFile = configuration.statusFile
            targetName = configuration.target.name
            let liveSwitch = LiveSwitch(configuration: configuration)
            liveSwitch.alsoTrusted = [(ProcessImage.ownExecutable(), "xsconvert")]
            liveSwitch.phaseEnded = clock.ended
            let exec: LiveSwitch.Exec
            do {
                exec = try liveSwitch.handOver()
            } catch {
                Reporting.show(liveSwitch.diagnostics, quiet: true)
                throw error
            }
            Reporting.show(liveSwitch.diagnostics, quiet: true)
            let restoring = DaemonInvocation.restoring(configuration.target.daemon, options: configuration.daemonOptions)
            let share = SuccessorClock.text(clock.total.map { $0 + (probe?.seconds ?? 0) })
                + " (" + (probe.map { "the --help probe \($0.text); " } ?? "") + "from the dump's writing to this exec \(clock.text))"
            report("switched: pid \(pid): \(Self.name(running)) -> \(targetName) (\(([exec.executable] + restoring).joined(separator: " "))): \(exec.summary); xsconvert's share \(share)",
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
            try Files.write(Array((message + "\n").utf8), to: statusFile)
        } catch {
            Reporting.printError("live-switch: cannot record it in \(statusFile): \(error)")
        }
    }

    static func name(_ daemon: Daemon) -> String { daemon == .c ? "C xenstored" : "oxenstored" }
}
