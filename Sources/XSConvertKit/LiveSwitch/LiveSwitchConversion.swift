/// The store a running daemon left for its successor, made into what the other daemon
/// restores, and checked for it, before anything that cannot be undone. In two steps, because
/// the new daemon's dump must name the DOM_EXC port that only the hand-over of the event
/// channel gives (`DomExcHandover`):
///
/// 1. `prepare`: the differences between the daemons mapped or refused (`LiveSwitchMapping`),
///    the store checked against the new daemon's quotas, shaped for it (`TargetShaping`),
///    written and validated for it, once; any loss, quota or validation error refuses;
/// 2. `write`: that dump with the global data the hand-over gave. Written once: for C and the
///    xapi fork the hand-over changes nothing they are given, and for oxenstored only the
///    DOM_EXC port (a number validation does not judge), which is put in place in the
///    `evtchn-dev` line; any other change is written and validated afresh.
public struct LiveSwitchConversion {
    /// The switch's configuration: which daemon is left, which one the dump is made for and
    /// with what quotas, and the new dump's file name.
    public let configuration: LiveSwitchConfiguration
    /// Where reading, mapping and shaping report what they drop or synthesize; a loss here
    /// refuses the switch.
    public let diagnostics: Diagnostics
    /// Told as each step ends ("converted", "written and validated"), for the successor's log.
    public var phaseEnded: (String) -> Void = { _ in }

    /// A conversion for the switch `configuration` describes, reporting to `diagnostics`.
    public init(configuration: LiveSwitchConfiguration, diagnostics: Diagnostics = Diagnostics()) {
        self.configuration = configuration
        self.diagnostics = diagnostics
    }

    /// A switch ready to be made.
    public struct Prepared {
        /// The store for the new daemon.
        public var target: Snapshot
        /// The running daemon's global data: its listening socket, event-channel handle and
        /// (oxenstored) DOM_EXC port.
        public var sourceGlobal: GlobalData
        /// What the running daemon owed its socket clients, to be sent before the exec.
        public var socketReplies: [SocketReply]
        /// The local ports of the running daemon's ring connections (on its handle).
        public var sourceRingPorts: [UInt32]
        /// The fds the new daemon's dump names, which must reach it open.
        public var descriptors: NamedDescriptors
        /// Why the switch cannot be made, every reason found (`examine`); empty from `prepare`.
        public var refusals: [String] = []
        let source: StreamInfo
        /// The new daemon's dump as written and validated with `trialGlobal` (nil when it
        /// could not be).
        var written: (bytes: Bytes, trialGlobal: GlobalData)?
    }

    /// The new daemon's profile, with the limits its operator configured.
    public var profile: TargetProfile {
        var profile = configuration.target
        if profile.daemon == .oxenstored {
            profile.maxValueLength = configuration.quotas.nodeSize ?? XenstoreMessage.maximumPayload
        }
        return profile
    }

    /// Step 1, from the running daemon's dump. Throws `LiveSwitchRefusal` with every reason.
    public func prepare(_ dump: Bytes, name: String) throws -> Prepared {
        let examined = try examine(dump, name: name)
        guard examined.refusals.isEmpty else { throw LiveSwitchRefusal(examined.refusals) }
        return examined
    }

    /// Step 1 without the verdict: the switch as far as it can be prepared, with every reason
    /// found to refuse it in `refusals` (empty: it can be made). Throws `LiveSwitchRefusal`
    /// only when the dump is not one to start from at all.
    public func examine(_ dump: Bytes, name: String) throws -> Prepared {
        let input = ByteInput(bytes: dump, name: name)
        let (snapshot, source) = try Converter().readerAdapter(for: input, named: nil)
            .readSnapshot(input, diagnostics: diagnostics)
        guard source.format == (configuration.sourceDaemon == .c ? BinaryStreamAdapter.formatName : OxenstoredAdapter.formatName) else {
            throw LiveSwitchRefusal(["\(name) is a \(source.format) snapshot, not the \(configuration.sourceDaemon == .c ? "C xenstored" : "oxenstored") dump this switch starts from"])
        }
        guard let global = snapshot.global else { throw LiveSwitchRefusal(["\(name) has no global data (listening socket, event channel)"]) }
        var mapping = LiveSwitchMapping(diagnostics: diagnostics)
        let mapped = mapping.map(snapshot, for: configuration)
        var refusals = mapping.refusals
        refusals += configuration.quotas.problems(in: mapped, daemonName: profile.name).map { "over \(profile.name)'s quota: " + $0 }
        let shaped = try TargetShaping(profile).shape(mapped, diagnostics: diagnostics)
        refusals += diagnostics.losses.map { "\(profile.name) could not hold: " + $0.description }
        let ringPorts = snapshot.connections.compactMap { if case .ring(let ring) = $0.endpoint, let port = ring.eventChannel, port != 0 { port } else { nil } }
        phaseEnded("converted")
        var prepared = Prepared(target: shaped, sourceGlobal: global, socketReplies: mapping.socketReplies, sourceRingPorts: ringPorts,
                                descriptors: NamedDescriptors(shaped), source: source)
        // Once in full, so that whatever the new daemon cannot hold refuses the switch now
        // (oxenstored's DOM_EXC port is not known until the hand-over: any will do here).
        var trial = global
        if profile.oxenstoredDialect?.usesInheritedEventChannel == true, trial.domExcPort == nil { trial.domExcPort = 0 }
        do {
            prepared.written = (try writeAndValidate(prepared.target, global: trial, source: source), trial)
        } catch let refusal as LiveSwitchRefusal {
            // What the writer could not hold, when something is refused already, is what was
            // refused, said again (the mapping keeps what it refuses); what is not valid is new.
            refusals += refusals.isEmpty ? refusal.reasons : refusal.reasons.filter { $0.hasPrefix(Self.invalid) }
        }
        phaseEnded("written and validated")
        prepared.refusals = refusals
        return prepared
    }

    static let invalid = "not valid for "

    /// Step 2: the new daemon's dump, with `global` (the running daemon's after the
    /// hand-over), valid for the new daemon.
    public func write(_ prepared: Prepared, global: GlobalData) throws -> Bytes {
        if let written = prepared.written {
            let (given, trial) = (daemonsGlobal(global), daemonsGlobal(written.trialGlobal))
            if given == trial { return written.bytes }
            var portOnly = given
            portOnly.domExcPort = trial.domExcPort
            if profile.daemon == .oxenstored, portOnly == trial, let port = given.domExcPort {
                return try DomExcHandover.oxenstoredDump(written.bytes, domExcPort: port)
            }
        }
        return try writeAndValidate(prepared.target, global: global, source: prepared.source)
    }

    /// The global data as the new daemon is given it: C keeps no DOM_EXC port (it binds
    /// VIRQ_DOM_EXC itself) and names its handle -1 when there is none; the xapi fork opens its
    /// own handle.
    func daemonsGlobal(_ global: GlobalData) -> GlobalData {
        var shaped = global
        if profile.daemon == .c {
            shaped.domExcPort = nil
            shaped.eventChannelFD = global.eventChannelFD ?? -1
        } else if profile.oxenstoredDialect?.usesInheritedEventChannel == false {
            (shaped.eventChannelFD, shaped.domExcPort) = (nil, nil)
        }
        return shaped
    }

    /// `target` with `global` written for the new daemon and validated for it (`validate
    /// --target`'s checks of the bytes, read back).
    func writeAndValidate(_ target: Snapshot, global: GlobalData, source: StreamInfo) throws -> Bytes {
        let sink = MemorySink()
        let checks = Diagnostics()
        do {
            let output = ByteOutput(sink: sink, name: configuration.targetDump)
            let writer = try FormatRegistry.standard.adapter(named: profile.format).makeWriter(
                output, source: source, options: TargetShaping(profile).writeOptions(WriteOptions()), diagnostics: checks)
            // the records as they are, the global one replaced as it goes (not a copy of them all)
            let given = Record.global(daemonsGlobal(global))
            var records = target.records.makeIterator()
            _ = try RecordWriting.writeAll({ records.next().map { $0.kind == .global ? given : $0 } }, into: writer, output: output)
        } catch let error as ConversionError where error.kind == .loss {
            throw LiveSwitchRefusal(checks.losses.map { "\(profile.name) could not hold: " + $0.description })
        }
        do {
            try TargetShaping.requireValid(sink.bytes, for: profile, name: configuration.targetDump)
        } catch let error as ConversionError {
            throw LiveSwitchRefusal(error.details.map { "\(Self.invalid)\(profile.name): " + $0.dropFirst(2) })
        }
        return sink.bytes
    }
}

/// Why a switch is not made; the running daemon is restarted on its own dump instead.
public struct LiveSwitchRefusal: Error, CustomStringConvertible {
    /// Every reason found, one sentence each (a file that is not safe to trust, a difference
    /// the mapping refuses, a quota exceeded, a loss, a validation error); printed joined by `; `.
    public var reasons: [String]

    /// A refusal giving `reasons`: every one found, not just the first.
    public init(_ reasons: [String]) {
        self.reasons = reasons
    }

    public var description: String { reasons.joined(separator: "; ") }
}

/// The fds a dump names: the listening socket, the event-channel handle, each socket client.
public struct NamedDescriptors: Hashable, Sendable {
    /// GLOBAL_DATA's listening socket; nil where it records none (a negative fd).
    public var listeningSocket: Int32?
    /// GLOBAL_DATA's event-channel device fd, the handle VIRQ_DOM_EXC is handed over on; nil
    /// where it records none.
    public var eventChannel: Int32?
    /// The fds of the socket connections, in the dump's order.
    public var clients: [Int32]

    /// The fds `snapshot`'s global data and socket connections name.
    public init(_ snapshot: Snapshot) {
        let global = snapshot.global
        listeningSocket = global.flatMap { $0.socketFD >= 0 ? $0.socketFD : nil }
        eventChannel = global?.eventChannelFD.flatMap { $0 >= 0 ? $0 : nil }
        clients = snapshot.connections.compactMap { if case .socket(let fd) = $0.endpoint, fd >= 0 { fd } else { nil } }
    }

    /// Every fd named: those kept open across the exec into the new daemon.
    public var all: Set<Int32> {
        Set(clients + [listeningSocket, eventChannel].compactMap { $0 })
    }
}
