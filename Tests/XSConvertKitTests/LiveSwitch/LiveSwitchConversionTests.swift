import Testing
@testable import XSConvertKit

/// A running daemon's dump made into what the other restores: mapped, checked, or refused
/// with every reason.
@Suite struct LiveSwitchConversionTests {
    static func configuration(_ target: TargetProfile, quotas: TargetQuotas? = nil) -> LiveSwitchConfiguration {
        LiveSwitchConfiguration(
            target: target, daemon: "/usr/sbin/new-daemon", sourceDump: "source", targetDump: "target",
            quotas: quotas ?? TargetQuotas(nodeSize: nil, pathMax: nil, nodesPerDomain: nil, target: target))
    }

    static let owner0 = [Permission(access: Permission.none, domid: 0)]

    func reasons(_ body: () throws -> Void) -> [String] {
        do { try body() } catch let refusal as LiveSwitchRefusal { return refusal.reasons } catch { return ["\(error)"] }
        return []
    }

    /// oxenstored's real dump for C 4.17: what C restores, /tool/xenstored naming C, the fds
    /// the dump names; oxenstored's DOM_EXC port is not C's business.
    @Test func oxenstoredsDumpForC() throws {
        let conversion = LiveSwitchConversion(configuration: Self.configuration(.xenstored417))
        let prepared = try conversion.prepare(try Fixtures.bytes("oxenstored/basic.dump"), name: "db")
        #expect(prepared.sourceGlobal == GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1))
        #expect(prepared.descriptors.listeningSocket == 3 && prepared.descriptors.eventChannel == 5)
        #expect(prepared.descriptors.clients == [7, 9, 8])
        #expect(prepared.socketReplies.isEmpty)
        let written = try conversion.write(prepared, global: GlobalData(socketFD: 3, eventChannelFD: 5))
        let (snapshot, info) = try BinaryStreamAdapter().read(written)
        #expect(info.version == 1 && info.byteOrder == .little)
        #expect(snapshot.global == GlobalData(socketFD: 3, eventChannelFD: 5))
        #expect(snapshot.nodes.first { $0.path == Bytes(utf8: "/tool/xenstored") }?.value == Bytes(utf8: "/usr/sbin/new-daemon"))
        let original = try OxenstoredAdapter().read(try Fixtures.bytes("oxenstored/basic.dump")).0
        #expect(snapshot.nodes.count == original.nodes.count)
    }

    /// A C dump whose guests' ring addresses are nowhere cannot become oxenstored's.
    @Test func aCDumpWithoutGuestRingAddressesIsRefused() {
        let conversion = LiveSwitchConversion(configuration: Self.configuration(.oxenstored))
        let reasons = reasons { _ = try conversion.prepare(try Fixtures.bytes("cxenstored/basic.state_dump"), name: "state_dump") }
        #expect(reasons.contains { $0.hasPrefix("oxenstored could not hold: 3 × guest ring connection whose mfn (store/ring-ref) and remote port (store/port)") })
        #expect(reasons.contains { $0.hasPrefix("domain 3 acts for domain 2 (XS_SET_TARGET") })
    }

    @Test func theDumpMustBeTheRunningDaemons() {
        let conversion = LiveSwitchConversion(configuration: Self.configuration(.oxenstored))
        #expect(reasons { _ = try conversion.prepare(try Fixtures.bytes("oxenstored/basic.dump"), name: "db") }
                == ["db is a oxenstored snapshot, not the C xenstored dump this switch starts from"])
    }

    /// A C xenstored store, as a live update leaves it, with `extra` records.
    func cDump(_ extra: [Record]) throws -> Bytes {
        var records: [Record] = [
            .global(GlobalData(socketFD: 3, eventChannelFD: 6)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: 3)))),
        ]
        records += extra.filter { $0.kind != .node && $0.kind != .domain }
        records += ["/local", "/local/domain", "/local/domain/1", "/local/domain/1/store"].map {
            .node(Node(path: Bytes(utf8: $0), permissions: Self.owner0))
        }
        records += [("ring-ref", "1052949"), ("port", "2")].map {
            .node(Node(path: Bytes(utf8: "/local/domain/1/store/" + $0.0), value: Bytes(utf8: $0.1), permissions: Self.owner0))
        }
        records += extra.filter { $0.kind == .node || $0.kind == .domain }
        return try BinaryStreamAdapter().write(Snapshot(records: records), options: WriteOptions(byteOrder: .little, streamVersion: 2, allowLoss: true))
    }

    /// What C owed its socket clients (above all the OK for the live-update client) is sent
    /// before the exec; stale grants C ignores and a domain's server features are dropped; the
    /// guest's ring gets its address from the store.
    @Test func cStateIsMappedForOxenstored() throws {
        let ok = XenstoreMessage(type: 0, requestID: 0, payload: Bytes(utf8: "OK\0")).bytes
        let conversion = LiveSwitchConversion(configuration: Self.configuration(.oxenstored))
        let prepared = try conversion.prepare(try cDump([
            .connection(Connection(id: 3, endpoint: .socket(fd: 9), pendingOutput: ok)),
            .node(Node(path: Bytes(utf8: "/local/domain/1/data"), permissions: [
                Permission(access: Permission.none, domid: 1), Permission(access: Permission.read, domid: 7, flags: Permission.staleFlag),
            ])),
            .domain(DomainData(domid: 1, features: 2)),
        ]), name: "state_dump")
        #expect(prepared.socketReplies == [SocketReply(fd: 9, bytes: ok)])
        #expect(prepared.target.connections.allSatisfy { $0.pendingOutput.isEmpty && $0.uniqueID == nil })
        #expect(prepared.target.nodes.first { $0.path == Bytes(utf8: "/local/domain/1/data") }?.permissions == [Permission(access: Permission.none, domid: 1)])
        #expect(prepared.target.connections.contains { $0.endpoint == .ring(.init(domid: 1, eventChannel: 3, mfn: 1_052_949, remotePort: 2)) })
        let dropped = conversion.diagnostics.entries.filter { $0.severity == .dropped }.map(\.message)
        #expect(dropped.contains { $0.contains("1 stale permission entry") } && dropped.contains { $0.contains("server features") })
        let text = String(decoding: try conversion.write(prepared, global: GlobalData(socketFD: 3, eventChannelFD: 6, domExcPort: 9)), as: UTF8.self)
        #expect(text.hasPrefix("$xenstored-dump-format\nglobal,3\nevtchn-dev,6,9\n"))
        #expect(text.contains("\ndom,1,1052949,2,3\n") && text.contains("\nsocket,9\n"))
    }

    /// Written and validated once, before the hand-over: the dump with the hand-over's global
    /// data is, byte for byte, what writing it afresh gives (oxenstored: any DOM_EXC port put
    /// in place; C: the hand-over changes nothing it is given).
    @Test(arguments: [UInt32(1), 9, 1023, 65_535, UInt32.max])
    func theDumpIsWrittenOnce(port: UInt32) throws {
        let toOxenstored = LiveSwitchConversion(configuration: Self.configuration(.oxenstored))
        let fromC = try toOxenstored.prepare(try cDump([]), name: "state_dump")
        let handedOver = GlobalData(socketFD: 3, eventChannelFD: 6, domExcPort: port)
        let once = try toOxenstored.write(fromC, global: handedOver)
        #expect(once == (try toOxenstored.writeAndValidate(fromC.target, global: handedOver, source: fromC.source)))
        #expect(String(decoding: once, as: UTF8.self).contains("\nevtchn-dev,6,\(port)\n"))
        let toC = LiveSwitchConversion(configuration: Self.configuration(.xenstored417))
        let fromOxenstored = try toC.prepare(try Fixtures.bytes("oxenstored/basic.dump"), name: "db")
        let released = GlobalData(socketFD: 3, eventChannelFD: 5)
        #expect(try toC.write(fromOxenstored, global: released)
                == (try toC.writeAndValidate(fromOxenstored.target, global: released, source: fromOxenstored.source)))
        // another listening socket than the trial's: written afresh
        let moved = GlobalData(socketFD: 4, eventChannelFD: 5)
        #expect(try BinaryStreamAdapter().read(try toC.write(fromOxenstored, global: moved)).0.global == moved)
    }

    /// What oxenstored's dump cannot hold refuses the switch, every reason at once.
    @Test func whatOxenstoredCannotHoldIsRefused() throws {
        let dump = try cDump([
            .connection(Connection(id: 3, endpoint: .socket(fd: 9), pendingInput: Bytes(repeating: 1, count: 5))),
            .connection(Connection(id: 4, endpoint: .ring(.init(domid: 2, targetDomid: 1, eventChannel: 4)), pendingOutput: [1, 2])),
            .transaction(Transaction(connectionID: 3, id: 1)),
            .domain(DomainData(domid: 1, quotas: [Quota(name: Bytes(utf8: "nodes"), value: 9)])),
        ])
        let found = reasons { _ = try LiveSwitchConversion(configuration: Self.configuration(.oxenstored)).prepare(dump, name: "state_dump") }
        #expect(found.count == 6, "\(found)")
        for expected in ["socket client at fd 9 sent 5 bytes", "domain 2's ring has 0 bytes of input and 2 of output", "domain 2 acts for domain 1",
                         "1 open transaction", "domain 1 has quotas of its own (nodes=9)", "could not hold: guest ring connection"] {
            #expect(found.contains { $0.contains(expected) }, "\(expected)")
        }
    }

    @Test func aStoreOverTheNewDaemonsQuotasIsRefused() {
        let quotas = TargetQuotas(nodeSize: nil, pathMax: nil, nodesPerDomain: 2, target: .xenstored417)
        let conversion = LiveSwitchConversion(configuration: Self.configuration(.xenstored417, quotas: quotas))
        let found = reasons { _ = try conversion.prepare(try Fixtures.bytes("oxenstored/basic.dump"), name: "db") }
        #expect(!found.isEmpty && found.allSatisfy { $0.hasPrefix("over xenstored-4.17's quota: domain ") && $0.contains(" nodes, over the 2 a domain may own") })
    }
}
