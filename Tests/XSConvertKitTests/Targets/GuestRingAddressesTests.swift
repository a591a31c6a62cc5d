import Testing
import XSConvertKit

/// C xenstored → oxenstored: a guest's ring is mapped by the mfn and port the toolstack keeps
/// in `/local/domain/N/store/ring-ref` and `store/port`; never by a made-up 0.
@Suite struct GuestRingAddressesTests {
    static let owner = [Permission(access: Permission.none, domid: 0)]

    /// A C-shaped store: dom0's and guest 1's rings (no mfn, no remote port), a watch of the
    /// guest, and `store` nodes with the given values (nil: the node is absent).
    func cSnapshot(ringRef: String?, port: String?) -> Snapshot {
        var records: [Record] = [
            .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 9)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: 3)))),
            .watch(Watch(connectionID: 2, path: Bytes(utf8: "/local/domain/1/device"), token: Bytes(utf8: "tok"))),
        ]
        var paths = ["/local", "/local/domain", "/local/domain/1", "/local/domain/1/store"]
        var values: [String: String] = [:]
        if let ringRef { paths.append("/local/domain/1/store/ring-ref"); values["/local/domain/1/store/ring-ref"] = ringRef }
        if let port { paths.append("/local/domain/1/store/port"); values["/local/domain/1/store/port"] = port }
        records += paths.map { .node(Node(path: Bytes(utf8: $0), value: Bytes(utf8: values[$0] ?? ""), permissions: Self.owner)) }
        return Snapshot(records: records)
    }

    func shape(_ snapshot: Snapshot) throws -> (Snapshot, Diagnostics) {
        let diagnostics = Diagnostics()
        return (try TargetShaping(.oxenstored).shape(snapshot, diagnostics: diagnostics), diagnostics)
    }

    func text(_ snapshot: Snapshot, allowLoss: Bool = false) throws -> String {
        String(decoding: try OxenstoredAdapter().write(snapshot, options: WriteOptions(allowLoss: allowLoss)), as: UTF8.self)
    }

    @Test func theStoreGivesAGuestRingItsMfnAndPort() throws {
        let (shaped, diagnostics) = try shape(cSnapshot(ringRef: "1052949", port: "7"))
        #expect(shaped.connections.map(\.endpoint).contains(.ring(.init(domid: 1, eventChannel: 3, mfn: 1_052_949, remotePort: 7))))
        #expect(diagnostics.losses.isEmpty)
        #expect(diagnostics.entries.contains { $0.severity == .synthesized && $0.example == "dom 1: mfn 1052949, port 7" })
        let dump = try text(shaped)
        #expect(dump.contains("\ndom,1,1052949,7,3\n"))
        #expect(dump.contains("\nwatch,1,"))
    }

    /// Where the store lacks either value, the connection cannot be carried: a loss (so the
    /// conversion is refused); with loss allowed it is left out, never written with mfn 0.
    @Test(arguments: [(nil, "7"), ("1052949", nil), (nil, nil), ("0x1010", "7"), ("", "7"), ("12", "-1"), ("99999999999999999999", "7")])
    func aGuestRingWithoutAnAddressIsALoss(_ ringRef: String?, _ port: String?) throws {
        let (shaped, diagnostics) = try shape(cSnapshot(ringRef: ringRef, port: port))
        #expect(diagnostics.losses.contains { $0.category.hasPrefix("guest ring connection whose ") && ($0.category.contains(" is in neither the input nor the guest's /local/domain/N/store") || $0.category.contains(" are in neither the input nor the guest's /local/domain/N/store")) && $0.example == "dom 1" })
        #expect(!shaped.connections.contains { if case .ring(let ring) = $0.endpoint { ring.domid == 1 } else { false } })
        #expect(throws: ConversionError.self) { try text(shaped) }
        let dump = try text(shaped, allowLoss: true)
        #expect(!dump.contains("\ndom,1,"))
        #expect(!dump.contains("\nwatch,1,"))
    }

    /// dom0's ring needs no address (oxenstored maps xenstored-kva); one already known (an
    /// oxenstored dump converted back) is kept, whatever the store says.
    @Test func dom0AndKnownAddressesAreLeftAlone() throws {
        var snapshot = cSnapshot(ringRef: "5", port: "6")
        snapshot.records[2] = .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: 3, mfn: 77, remotePort: 8))))
        let (shaped, diagnostics) = try shape(snapshot)
        #expect(shaped.connections.map(\.endpoint) == [
            .ring(.init(domid: 0, eventChannel: 2)), .ring(.init(domid: 1, eventChannel: 3, mfn: 77, remotePort: 8)),
        ])
        #expect(diagnostics.losses.isEmpty)
    }

    /// The real C xenstored's dump of a host with guests whose toolstack wrote no store nodes
    /// (the corpus's basic dump) is refused for oxenstored rather than given mfn 0.
    @Test func aRealCDumpWithoutStoreNodesIsRefused() throws {
        let (snapshot, _) = try BinaryStreamAdapter().read(try Fixtures.bytes("cxenstored/basic.state_dump"))
        let (_, diagnostics) = try shape(snapshot)
        #expect(diagnostics.losses.contains { $0.category.hasPrefix("guest ring connection whose mfn (store/ring-ref) and remote port (store/port) are in neither") })
    }
}
