/// Hands VIRQ_DOM_EXC (a domain died) from one daemon to the other on the event-channel
/// handle they share across the exec. The daemons treat it in opposite ways:
///
/// - oxenstored keeps it bound over its own live update and names the port in its dump
///   (`evtchn-dev,FD,PORT`); a new oxenstored uses that handle and port.
/// - C xenstored unbinds it before its exec and binds it again when it restores; Xen refuses
///   a second binding of a VIRQ (EEXIST), and C then exits: every guest loses xenstore.
///
/// - the xapi fork ignores the handle (`evtchn-dev`): it opens its own, binds VIRQ_DOM_EXC on
///   it and each ring's channel from the remote port (its dump is written without local ports).
///
/// So oxenstored → C unbinds oxenstored's port on the inherited handle before the exec, and
/// C → oxenstored binds it on C's inherited handle and gives oxenstored that port, so it
/// reuses the handle and the ports C bound on it. → the fork: oxenstored's VIRQ port is
/// unbound as for C (C has unbound its own), and, last before the exec, every ring's port
/// (`release(ports:handle:)`); the handle is not passed on. `undo()` puts the VIRQ back as
/// the running daemon expects it, for a rollback; released ring channels cannot be put back
/// at their ports, and it says so.
public final class DomExcHandover {
    private let device: EventChannelDevice
    private var done: Step?
    private var releasedRings: (handle: Int32, ports: [UInt32])?
    /// Whether the new daemon takes the running daemon's event-channel handle (false for the
    /// xapi fork); set by `perform`.
    public private(set) var keepsHandle = true

    private enum Step {
        case unbound(handle: Int32, port: UInt32)
        case bound(handle: Int32, port: UInt32)
    }

    /// Off only for a test (`TestOnlySetting.noDomExcHandover`): oxenstored is then given port 0.
    private let bindsForOxenstored: Bool

    /// A hand-over through `device`; `bindsForOxenstored` is false only for a test's negative control.
    public init(device: EventChannelDevice, bindsForOxenstored: Bool = !TestOnlySetting.noDomExcHandover.isOn) {
        self.device = device
        self.bindsForOxenstored = bindsForOxenstored
    }

    /// Hands the VIRQ over for a switch from `source` (the running daemon's global data) to
    /// `target`; returns the global data the new daemon gets.
    public func perform(_ source: GlobalData, to target: TargetProfile) throws -> GlobalData {
        var global = source
        guard let handle = source.eventChannelFD, handle >= 0 else {
            throw ConversionError(.data, "the dump names no event-channel handle, so VIRQ_DOM_EXC cannot be handed over")
        }
        if target.oxenstoredDialect?.usesInheritedEventChannel == false {
            keepsHandle = false
            if let port = source.domExcPort {
                try device.unbind(port: port, handle: handle)
                done = .unbound(handle: handle, port: port)
            }
            (global.eventChannelFD, global.domExcPort) = (nil, nil)
            return global
        }
        switch target.daemon {
        case .c:
            guard let port = source.domExcPort else {
                throw ConversionError(.data, "oxenstored's dump has no DOM_EXC port (no evtchn-dev line), so its VIRQ_DOM_EXC binding cannot be released for C xenstored")
            }
            try device.unbind(port: port, handle: handle)
            done = .unbound(handle: handle, port: port)
            global.domExcPort = nil
        case .oxenstored:
            guard bindsForOxenstored else {
                global.domExcPort = 0
                return global
            }
            let port = try device.bindVirq(VirtualInterrupt.domainException, handle: handle)
            done = .bound(handle: handle, port: port)
            global.domExcPort = port
        }
        return global
    }

    /// Reverses `perform`. After oxenstored's port was released, the VIRQ is bound again,
    /// possibly at another port: that port is returned (oxenstored's dump must name it).
    public func undo() throws -> UInt32? {
        defer { done = nil }
        switch done {
        case .unbound(let handle, _): return try device.bindVirq(VirtualInterrupt.domainException, handle: handle)
        case .bound(let handle, let port): try device.unbind(port: port, handle: handle)
        case nil: break
        }
        return nil
    }

    /// What `undo()` cannot put back: ring channels released by `release(ports:handle:)`.
    public var unrecoverable: String? {
        guard let released = releasedRings, !released.ports.isEmpty else { return nil }
        return "the event channels of \(released.ports.count) rings were released on fd \(released.handle) and cannot be bound again at their ports: those guests get no notification until each is introduced again"
    }

    /// Unbinds `ports` (the rings' local ports) on the handle at `handle`, for a new daemon
    /// that binds them afresh on its own handle.
    public func release(ports: [UInt32], handle: Int32) throws {
        releasedRings = (handle, [])
        for port in ports {
            try device.unbind(port: port, handle: handle)
            releasedRings?.ports.append(port)
        }
    }

    /// oxenstored's dump without its `evtchn-dev` line and its `dom` lines' local ports (the
    /// fifth field on), every other byte as it was: what makes oxenstored open a fresh
    /// event-channel handle and bind every channel on it.
    public static func freshHandleDump(_ dump: Bytes) -> Bytes {
        var output = Bytes()
        output.reserveCapacity(dump.count)
        var start = 0
        while start < dump.count {
            let end = dump[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? dump.count
            let line = dump[start..<end]
            if line.starts(with: Bytes(utf8: "evtchn-dev,")) {
                // dropped
            } else if line.starts(with: Bytes(utf8: "dom,")), let fourth = line.indices.filter({ line[$0] == UInt8(ascii: ",") }).dropFirst(3).first {
                output += line[..<fourth]
                if line.last == UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
            } else {
                output += line
            }
            start = end
        }
        return output
    }

    /// oxenstored's dump with its `evtchn-dev` line naming `port`, every other byte as it was.
    public static func oxenstoredDump(_ dump: Bytes, domExcPort port: UInt32) throws -> Bytes {
        let prefix = Bytes(utf8: "evtchn-dev,")
        var start = 0
        while start < dump.count {
            let end = dump[start...].firstIndex(of: UInt8(ascii: "\n")) ?? dump.count
            let line = dump[start..<end]
            if line.starts(with: prefix), let comma = line.lastIndex(of: UInt8(ascii: ",")), comma > line.startIndex + prefix.count - 1 {
                return Bytes(dump[..<(comma + 1)]) + Bytes(utf8: String(port)) + Bytes(dump[end...])
            }
            start = end + 1
        }
        throw ConversionError(.data, "oxenstored's dump has no evtchn-dev line to give the DOM_EXC port \(port)")
    }
}
