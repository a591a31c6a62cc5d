import Glibc
/// The live-update successor's work: it runs in the daemon's process (same pid) after the
/// daemon wrote its dump and exec'd it, and ends in an exec of either the other daemon, on a
/// dump made for it, or, when anything stands in the way, the daemon that was running, on
/// its own dump (a rollback: the host never loses xenstore).
///
/// Order matters: everything that can be checked is checked before the one step that
/// changes shared state (the VIRQ hand-over), and that step is undone if a later one fails.
///
/// 1. the running daemon's dump converted for the new daemon and checked (`LiveSwitchConversion`);
/// 2. the fds the new dump names checked open, the new daemon's executable checked runnable;
/// 3. VIRQ_DOM_EXC handed over on the shared event-channel handle (`DomExcHandover`);
/// 4. the new dump written where the new daemon reads it;
/// 5. the client that asked for the update answered (`LiveUpdateClient`);
/// 6. the exec prepared: the dump's fds kept open across it, every other fd closed by it.
public final class LiveSwitch {
    /// What the host's configuration file says: the source and target daemons, the dump
    /// files, the new daemon's command and quotas.
    public let configuration: LiveSwitchConfiguration
    /// What the switch dropped, synthesized or noted on the way, for the successor's log.
    public let diagnostics = Diagnostics()
    private let makeDevice: () throws -> EventChannelDevice
    private var handover: DomExcHandover?
    /// The switch as prepared, kept until the exec (which frees it with the process image):
    /// freeing its thousands of nodes first would only hold the switch up.
    private var prepared: LiveSwitchConversion.Prepared?
    private var sourceDump: Bytes = []
    /// How long to wait for oxenstored's client to ask again (it polls every second).
    public var clientTimeout: Double = 3
    /// More files the switch trusts, checked as the configuration's (`StrictModes`): the
    /// running xsconvert, which the successor script execs as root.
    public var alsoTrusted: [(path: String, what: String)] = []
    /// Told as each step ends, with its name ("dump read", "converted", …): the successor
    /// logs how long each took.
    public var phaseEnded: (String) -> Void = { _ in }

    /// A switch as `configuration` says, handing VIRQ_DOM_EXC over on the event-channel
    /// device `device` makes when first needed (libxenevtchn; a test passes a fake).
    public init(configuration: LiveSwitchConfiguration, device: @escaping () throws -> EventChannelDevice = { try LibXenEvtchn() }) {
        self.configuration = configuration
        self.makeDevice = device
    }

    /// A process image to exec (its arguments are the caller's: each daemon's command line).
    public struct Exec: Hashable, Sendable {
        /// The daemon to exec: the new one's after a switch, the running one's after a rollback.
        public var executable: String
        /// Changes to the inherited environment (`NAME=VALUE`).
        public var environment: [String]
        /// The fds that must stay open across the exec.
        public var keep: Set<Int32>
        /// What was done, for the logs.
        public var summary: String
    }

    /// Steps 1–6. Throws `LiveSwitchRefusal` (or another error) when the switch cannot be made;
    /// any VIRQ hand-over done by then has been undone.
    public func handOver() throws -> Exec {
        let (prepared, device) = try checked()
        self.prepared = prepared
        let conversion = LiveSwitchConversion(configuration: configuration, diagnostics: diagnostics)
        let handover = DomExcHandover(device: device)
        let global = try handover.perform(prepared.sourceGlobal, to: configuration.target)
        self.handover = handover
        phaseEnded("VIRQ hand-over")
        do {
            try Files.write(try conversion.write(prepared, global: global), to: configuration.targetDump)
        } catch {
            _ = undo()
            throw error
        }
        phaseEnded("dump written")
        // (counted by their tags alone: no record copied)
        let (nodes, connections) = prepared.target.records.withUnsafeBufferPointer { records in
            var counts = (nodes: 0, connections: 0)
            for index in records.indices {
                switch records[index] {
                case .node: counts.nodes += 1
                case .connection: counts.connections += 1
                default: break
                }
            }
            return counts
        }
        var summary = "store converted for \(configuration.target.name) and checked (\(nodes) nodes, \(connections) connections); "
        if configuration.target.daemon == .c || !handover.keepsHandle {
            summary += prepared.sourceGlobal.domExcPort.map { "VIRQ_DOM_EXC port \($0) released" } ?? "VIRQ_DOM_EXC released by C xenstored"
        } else if global.domExcPort == 0 {
            summary += "VIRQ_DOM_EXC not bound (test-only setting \(TestOnlySetting.noDomExcHandover.rawValue))"
        } else {
            summary += "VIRQ_DOM_EXC bound at port \(global.domExcPort ?? 0)"
        }
        summary += "; " + answerClient(prepared)
        phaseEnded("client answered")
        // Last, as nothing but the exec can fail after it: the rings' event channels, for a
        // daemon that opens its own handle and binds them afresh (the xapi fork).
        if !handover.keepsHandle {
            summary += "; " + (try releaseRingChannels(prepared, handover: handover))
            phaseEnded("ring channels released")
        }
        return Exec(executable: configuration.daemon, environment: configuration.daemonEnvironment,
                    keep: prepared.descriptors.all, summary: summary)
    }

    /// Unbinds every ring's event channel on the running daemon's handle, which the new
    /// daemon does not take: it binds each afresh on its own, from the remote port.
    private func releaseRingChannels(_ prepared: LiveSwitchConversion.Prepared, handover: DomExcHandover) throws -> String {
        guard let handle = prepared.sourceGlobal.eventChannelFD, handle >= 0 else { return "no event-channel handle to release" }
        let ports = prepared.sourceRingPorts
        do {
            try handover.release(ports: ports, handle: handle)
        } catch {
            throw LiveSwitchRefusal(["\(error)"] + undo())
        }
        return "the event channels of \(ports.count) ring\(ports.count == 1 ? "" : "s") released on fd \(handle) (the new daemon binds them afresh; the handle is closed by the exec)"
    }

    /// Steps 1 and 2, and the event-channel library loaded: every reason to refuse the switch
    /// is found before one is reported, so that an operator fixes them all before the next
    /// live update (each retry on a host is one).
    private func checked() throws -> (LiveSwitchConversion.Prepared, EventChannelDevice) {
        var refusals = Self.problems(trusting: configuration) + alsoTrusted.flatMap { StrictModes.problems($0.path, what: $0.what) }
        phaseEnded("strict modes")
        var prepared: LiveSwitchConversion.Prepared?
        do {
            sourceDump = try Files.openInput(configuration.sourceDump).readToEnd()
            phaseEnded("dump read")
            var conversion = LiveSwitchConversion(configuration: configuration, diagnostics: diagnostics)
            conversion.phaseEnded = phaseEnded
            let examined = try conversion.examine(sourceDump, name: configuration.sourceDump)
            refusals += examined.refusals + InheritedDescriptors.problems(examined.descriptors)
            prepared = examined
        } catch let refusal as LiveSwitchRefusal {
            refusals += refusal.reasons
        } catch {
            refusals.append("\(error)")
        }
        var device: EventChannelDevice?
        do { device = try makeDevice() } catch { refusals.append("\(error)") }
        phaseEnded("fds and libxenevtchn")
        guard refusals.isEmpty, let prepared, let device else { throw LiveSwitchRefusal(refusals) }
        return (prepared, device)
    }

    /// What the switch `configuration` describes runs as root that cannot be trusted: the
    /// successor script (when the configuration names it) and the daemon to become.
    public static func problems(trusting configuration: LiveSwitchConfiguration) -> [String] {
        var problems: [String] = []
        if let successor = configuration.successor {
            problems += access(successor, X_OK) == 0 ? StrictModes.problems(successor, what: "the successor")
                : ["the successor \(successor) cannot be run: \(systemErrorText())"]
        }
        return problems + Self.problems(running: configuration.daemon)
    }

    /// Why the executable `path` cannot be run as the daemon: not runnable, or not safe to
    /// run as root (`StrictModes`).
    public static func problems(running path: String) -> [String] {
        guard access(path, X_OK) == 0 else { return ["\(path) cannot be run: \(systemErrorText())"] }
        return StrictModes.problems(path, what: "the executable")
    }

    private func answerClient(_ prepared: LiveSwitchConversion.Prepared) -> String {
        if configuration.sourceDaemon == .c {
            let failed = LiveUpdateClient.deliver(prepared.socketReplies)
            let sent = prepared.socketReplies.count - failed.count
            return "\(sent) queued repl\(sent == 1 ? "y" : "ies") sent" + (failed.isEmpty ? "" : " (not sent: \(failed.joined(separator: "; ")))")
        }
        if let requester = LiveUpdateClient.answerAhead(among: prepared.descriptors.clients) {
            return "answered xenstore-control (pid \(requester.pid)) at fd \(requester.fd) ahead of its next poll"
        }
        if let fd = LiveUpdateClient.answerStart(onOneOf: prepared.descriptors.clients, timeout: clientTimeout) {
            return "answered the live-update client at fd \(fd)"
        }
        return "no live-update client asked within \(clientTimeout) s"
    }

    /// Puts the VIRQ back as the running daemon expects it (after a failed exec of the new
    /// daemon). Returns what could not be undone.
    public func undo() -> [String] {
        guard let handover else { return [] }
        self.handover = nil
        let lost = handover.unrecoverable.map { [$0] } ?? []
        do {
            if let port = try handover.undo() {
                try Files.write(try DomExcHandover.oxenstoredDump(sourceDump, domExcPort: port), to: configuration.sourceDump)
            }
            return lost
        } catch {
            return ["VIRQ_DOM_EXC could not be put back: \(error)"] + lost
        }
    }

    /// Before the xapi fork is restarted on its own dump (a rollback): it ignores the handle
    /// its dump names and binds VIRQ_DOM_EXC and each ring's channel afresh on a new one, which
    /// Xen refuses (EEXIST) while the handle it leaves holds them; the fork then dies. So they
    /// are released on that handle, and the dump is rewritten without its `evtchn-dev` line
    /// and the rings' local ports, which makes the fork bind each afresh. Returns what could
    /// not be done, and the handle's fd, which the restart need not keep open (the fork
    /// would leak it).
    public static func prepareForkRestart(_ configuration: LiveSwitchConfiguration,
                                          device makeDevice: () throws -> EventChannelDevice = { try LibXenEvtchn() })
        -> (problems: [String], released: Int32?) {
        var released: Int32?
        do {
            let dump = try Files.openInput(configuration.sourceDump).readToEnd()
            let input = ByteInput(bytes: dump, name: configuration.sourceDump)
            let (snapshot, _) = try OxenstoredAdapter().readSnapshot(input, diagnostics: Diagnostics())
            var problems: [String] = []
            if let global = snapshot.global, let handle = global.eventChannelFD, handle >= 0 {
                let device = try makeDevice()
                let ports = (global.domExcPort.map { [$0] } ?? [])
                    + snapshot.connections.compactMap { if case .ring(let ring) = $0.endpoint { ring.eventChannel } else { nil } }
                for port in ports where port != 0 {
                    do { try device.unbind(port: port, handle: handle) } catch { problems.append("\(error)") }
                }
                released = handle
            }
            try Files.write(DomExcHandover.freshHandleDump(dump), to: configuration.sourceDump)
            return (problems, released)
        } catch {
            return (["the xapi fork's dump could not be made to bind its event channels afresh: \(error)"], released)
        }
    }

    /// The running daemon again, on its own dump, with the fds it passed on (`keep`).
    public static func rollback(to original: String, keep: Set<Int32>, reason: String) -> Exec {
        Exec(executable: original, environment: [], keep: keep, summary: reason)
    }
}
