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
    public let configuration: LiveSwitchConfiguration
    public let diagnostics = Diagnostics()
    private let makeDevice: () throws -> EventChannelDevice
    private var handover: DomExcHandover?
    private var sourceDump: Bytes = []
    /// How long to wait for oxenstored's client to ask again (it polls every second).
    public var clientTimeout: Double = 3

    public init(configuration: LiveSwitchConfiguration, device: @escaping () throws -> EventChannelDevice = { try LibXenEvtchn() }) {
        self.configuration = configuration
        self.makeDevice = device
    }

    /// A process image to exec (its arguments are the caller's: each daemon's command line).
    public struct Exec: Hashable, Sendable {
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
        let conversion = LiveSwitchConversion(configuration: configuration, diagnostics: diagnostics)
        sourceDump = try Files.openInput(configuration.sourceDump).readToEnd()
        let prepared = try conversion.prepare(sourceDump, name: configuration.sourceDump)
        var refusals = InheritedDescriptors.problems(prepared.descriptors)
        if access(configuration.daemon, X_OK) != 0 {
            refusals.append("\(configuration.daemon) cannot be run: \(systemErrorText())")
        }
        guard refusals.isEmpty else { throw LiveSwitchRefusal(refusals) }
        let handover = DomExcHandover(device: try makeDevice())
        let global = try handover.perform(prepared.sourceGlobal, to: configuration.target.daemon)
        self.handover = handover
        do {
            let output = try Files.createOutput(configuration.targetDump)
            try output.write(try conversion.write(prepared, global: global))
            try output.finish()
        } catch {
            _ = undo()
            throw error
        }
        var summary = "store converted for \(configuration.target.name) and checked (\(prepared.target.nodes.count) nodes, \(prepared.target.connections.count) connections); "
        summary += configuration.target.daemon == .c ? "VIRQ_DOM_EXC port \(prepared.sourceGlobal.domExcPort ?? 0) released" : (global.domExcPort == 0 ? "VIRQ_DOM_EXC not bound (test-only setting \(TestOnlySetting.noDomExcHandover.rawValue))" : "VIRQ_DOM_EXC bound at port \(global.domExcPort ?? 0)")
        summary += "; " + answerClient(prepared)
        return Exec(executable: configuration.daemon, environment: configuration.daemonEnvironment,
                    keep: prepared.descriptors.all, summary: summary)
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
        do {
            if let port = try handover.undo() {
                let output = try Files.createOutput(configuration.sourceDump)
                try output.write(try DomExcHandover.oxenstoredDump(sourceDump, domExcPort: port))
                try output.finish()
            }
            return []
        } catch {
            return ["VIRQ_DOM_EXC could not be put back: \(error)"]
        }
    }

    /// The running daemon again, on its own dump, with the fds it passed on (`keep`).
    public static func rollback(to original: String, keep: Set<Int32>, reason: String) -> Exec {
        Exec(executable: original, environment: [], keep: keep, summary: reason)
    }
}
