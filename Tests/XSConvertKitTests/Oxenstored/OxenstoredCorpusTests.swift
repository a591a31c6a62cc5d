import Testing
@testable import XSConvertKit

/// Real dumps of Debian's oxenstored 4.17.7 (and C xenstored's, going the other way).
@Suite struct OxenstoredCorpusTests {
    let text = OxenstoredAdapter()
    let legacy = OxenstoredLegacyAdapter()
    let binary = BinaryStreamAdapter()

    @Test(arguments: Fixtures.oxenstoredDumps)
    func rewritesRealDumpByteIdentically(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let diagnostics = Diagnostics()
        let (snapshot, _) = try text.read(original, options: ReadOptions(strict: true), diagnostics: diagnostics)
        #expect(diagnostics.entries.isEmpty, "\(diagnostics.entries)")
        #expect(try text.write(snapshot) == original)
    }

    @Test(arguments: Fixtures.oxenstoredDumps)
    func survivesTheLittleEndianVersion1Stream(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let (snapshot, _) = try text.read(original)
        let stream = try binary.write(snapshot, options: WriteOptions(byteOrder: .little, streamVersion: 1))
        let (fromStream, info) = try binary.read(stream)
        #expect(info.version == 1 && info.byteOrder == .little)
        #expect(fromStream == snapshot)
        #expect(try text.write(fromStream) == original)
    }

    /// Facts read by hand from basic.dump's first 16 lines and its last two.
    @Test func basicDumpMapsIntoTheStreamsConventions() throws {
        let (snapshot, _) = try text.read(try Fixtures.bytes("oxenstored/basic.dump"))
        #expect(snapshot.records.first == .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1)))
        #expect(snapshot.connections.map(\.id) == Array(1...7))
        #expect(snapshot.connections.map(\.endpoint) == [
            .ring(.init(domid: 2, eventChannel: 4, mfn: 1_052_950, remotePort: 3)),
            .ring(.init(domid: 7, eventChannel: 5, mfn: 68_719_476_735, remotePort: 4)),
            .ring(.init(domid: 0, eventChannel: 2, mfn: 0, remotePort: 1)),
            .ring(.init(domid: 1, eventChannel: 3, mfn: 1_052_949, remotePort: 2)),
            .socket(fd: 7), .socket(fd: 9), .socket(fd: 8),
        ])
        // dom0's two watches, socket 7's one, socket 8's three.
        #expect(snapshot.watches.map(\.connectionID) == [3, 3, 5, 7, 7, 7])
        #expect(snapshot.watches[4].token == Bytes(utf8: "intro"))
        #expect(snapshot.watches[3].token == Bytes(utf8: "rel\nnewline"))
        let nodes = snapshot.nodes
        #expect(nodes.count == 148)
        #expect(nodes.first == Node(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 0)]))
        #expect(nodes.suffix(2).map(\.path) == [Bytes(utf8: "@releaseDomain"), Bytes(utf8: "@introduceDomain")])
    }

    @Test func legacyDumpReadsAsTheSameNodesAsTheTextDump() throws {
        let (fromText, _) = try text.read(try Fixtures.bytes("oxenstored/basic.dump"))
        let diagnostics = Diagnostics()
        let (fromLegacy, info) = try legacy.read(try Fixtures.bytes("oxenstored/basic.dump.legacy"), diagnostics: diagnostics)
        #expect(info.format == "oxenstored-legacy")
        #expect(diagnostics.entries.isEmpty, "\(diagnostics.entries)")
        #expect(fromLegacy.records.count == 148)
        #expect(fromLegacy.nodes == fromText.nodes)
    }

    @Test func detectionTellsTheFormatsApart() throws {
        let registry = FormatRegistry.standard
        #expect(try registry.detect(ByteInput(bytes: try Fixtures.bytes("oxenstored/basic.dump"))).name == "oxenstored")
        #expect(try registry.detect(ByteInput(bytes: try Fixtures.bytes("oxenstored/basic.dump.legacy"))).name == "oxenstored-legacy")
        #expect(try registry.detect(ByteInput(bytes: try Fixtures.bytes("cxenstored/basic.state_dump"))).name == "binary")
        #expect(legacy.detect(Bytes(utf8: "/local domain{n0}")[...]) == .no)
        #expect(legacy.detect(Bytes(utf8: "local/domain{n0}")[...]) == .no)
    }

    /// C xenstored's dump written as oxenstored's text: what C has and text cannot is refused
    /// unless allowed, and what survives reads back as the same store.
    @Test func cDumpGoesToTextAndBackToTheStream() throws {
        let (fromC, _) = try binary.read(try Fixtures.bytes("cxenstored/basic.state_dump"))
        do {
            _ = try text.write(fromC)
            Issue.record("written without --allow-loss")
        } catch let error as ConversionError {
            #expect(error.kind == .loss)
            #expect(error.details.contains { $0.contains("pending input/output") })
            #expect(error.details.contains { $0.contains("target domain") })
        }
        let diagnostics = Diagnostics()
        let dump = try text.write(fromC, options: WriteOptions(allowLoss: true), diagnostics: diagnostics)
        #expect(diagnostics.entries.contains { $0.severity == .dropped })
        let (fromText, _) = try text.read(dump, options: ReadOptions(strict: true))
        let stream = try binary.write(fromText)
        let (back, _) = try binary.read(stream)
        // C writes the special nodes first; they keep their place.
        #expect(back.nodes.map(\.path) == fromC.nodes.map(\.path))
        #expect(back.nodes.map(\.value) == fromC.nodes.map(\.value))
        #expect(back.watches == fromC.watches)
        #expect(back.connections.map(\.id) == fromC.connections.map(\.id))
        let domids: (Connection) -> UInt16? = { if case .ring(let ring) = $0.endpoint { ring.domid } else { nil } }
        let ports: (Connection) -> UInt32? = { if case .ring(let ring) = $0.endpoint { ring.eventChannel } else { nil } }
        #expect(back.connections.map(domids) == fromC.connections.map(domids))
        #expect(back.connections.map(ports) == fromC.connections.map(ports))
    }
}
