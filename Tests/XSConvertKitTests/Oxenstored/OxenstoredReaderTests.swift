import Testing
@testable import XSConvertKit

/// Reading text dumps: the header, the mapping into the model's conventions, and what
/// oxenstored skips (a warning by default, an error under --strict).
@Suite struct OxenstoredReaderTests {
    let text = OxenstoredAdapter()
    static let header = "$xenstored-dump-format\n"
    static let specials = "store,2f4072656c65617365446f6d61696e,6e30,\nstore,2f40696e74726f64756365446f6d61696e,6e30,\n"

    func read(_ body: String, strict: Bool = false, diagnostics: Diagnostics = .init()) throws -> Snapshot {
        try text.read(Bytes(utf8: Self.header + body), options: ReadOptions(strict: strict), diagnostics: diagnostics).0
    }

    func expectDataError(_ body: String, strict: Bool = true, line: Int, mentioning words: String) {
        do {
            _ = try read(body, strict: strict)
            Issue.record("no error for \(body.debugDescription)")
        } catch let error as ConversionError {
            #expect(error.kind == .data)
            #expect(error.location == .line(line), "\(error)")
            #expect(error.message.contains(words), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    // MARK: header

    @Test func emptyInputIsRefused() {
        #expect(throws: ConversionError.self) { try text.read([]) }
    }

    @Test(arguments: ["$xenstored-dump-format\r\nglobal,3\n", "global,3\n", "$xenstored-dump-format-x\n", " $xenstored-dump-format\n"])
    func aWrongFirstLineIsRefused(_ input: String) {
        do {
            _ = try text.read(Bytes(utf8: input))
            Issue.record("accepted")
        } catch let error as ConversionError {
            #expect(error.location == .line(1))
            #expect(error.message.contains("$xenstored-dump-format"))
        } catch { Issue.record("\(error)") }
    }

    @Test func headerAloneWithoutNewlineIsAnEmptyStore() throws {
        let diagnostics = Diagnostics()
        let snapshot = try text.read(Bytes(utf8: "$xenstored-dump-format"), diagnostics: diagnostics).0
        #expect(snapshot.global == GlobalData(socketFD: -1, eventChannelFD: nil))
        #expect(snapshot.nodes.map(\.path) == [Bytes(utf8: "@releaseDomain"), Bytes(utf8: "@introduceDomain")])
        #expect(diagnostics.entries.contains { $0.severity == .synthesized })
        #expect(diagnostics.entries.contains { $0.message.contains("listen on nothing") })
    }

    // MARK: mapping

    @Test func globalAndEventChannelLinesMakeOneGlobalRecordFirst() throws {
        let snapshot = try read("global,3\nevtchn-dev,5,1\nsocket,7\n" + Self.specials)
        #expect(snapshot.records.first == .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1)))
        #expect(snapshot.records.count == 4)
    }

    @Test func anEventChannelLineWithoutAGlobalLineStillListensOnNothing() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("evtchn-dev,5,1\nglobal,4\nglobal,3\nsocket,7\n" + Self.specials, diagnostics: diagnostics)
        #expect(snapshot.global == GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1))
        #expect(diagnostics.entries.map(\.location) == [.line(4)])
        let deaf = Diagnostics()
        #expect(try read("evtchn-dev,5,1\nsocket,7\n" + Self.specials, diagnostics: deaf).global?.socketFD == -1)
        #expect(deaf.entries.contains { $0.message.contains("listen on nothing") })
    }

    @Test func connectionsAreNumberedFromOneInDumpOrderAndWatchesAttach() throws {
        let snapshot = try read("""
            global,3
            dom,2,100,3,4
            socket,8
            dom,0,0,1,2
            watch,0,2f61,7430
            watch,-8,2f62,7431
            watch,2,2f63,7432

            """ + Self.specials)
        #expect(snapshot.connections == [
            Connection(id: 1, endpoint: .ring(.init(domid: 2, eventChannel: 4, mfn: 100, remotePort: 3))),
            Connection(id: 2, endpoint: .socket(fd: 8)),
            Connection(id: 3, endpoint: .ring(.init(domid: 0, eventChannel: 2, mfn: 0, remotePort: 1))),
        ])
        #expect(snapshot.watches == [
            Watch(connectionID: 3, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t0")),
            Watch(connectionID: 2, path: Bytes(utf8: "/b"), token: Bytes(utf8: "t1")),
            Watch(connectionID: 1, path: Bytes(utf8: "/c"), token: Bytes(utf8: "t2")),
        ])
    }

    @Test func aSocketWithFdZeroDoesNotCaptureDom0sWatches() throws {
        let snapshot = try read("global,3\ndom,0,0,1,2\nsocket,0\nwatch,0,2f61,74\n" + Self.specials)
        #expect(snapshot.watches.map(\.connectionID) == [1])
    }

    @Test func oldDomLineHasNoEventChannelAndWarns() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\ndom,4,77,5\n" + Self.specials, diagnostics: diagnostics)
        #expect(snapshot.connections.first?.endpoint == .ring(.init(domid: 4, eventChannel: nil, mfn: 77, remotePort: 5)))
        #expect(diagnostics.entries.contains { $0.location == .line(3) && $0.message.contains("ignores its ring") })
    }

    @Test func aSecondLineOfAConnectionWarnsAndTakesItsWatches() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\ndom,4,77,5,6\nsocket,7\ndom,4,78,5,6\nsocket,7\nwatch,4,2f61,74\nwatch,-7,2f61,74\n" + Self.specials,
                                diagnostics: diagnostics)
        #expect(snapshot.connections.map(\.id) == [1, 2, 3, 4])
        #expect(snapshot.watches.map(\.connectionID) == [3, 4])
        let warnings = diagnostics.entries.filter { $0.message.hasPrefix("a second") }
        #expect(warnings.map(\.message) == ["a second dom 4 line; the watches after it attach to it, as in oxenstored",
                                             "a second socket 7 line; the watches after it attach to it, as in oxenstored"])
        #expect(warnings.map(\.location) == [.line(5), .line(6)])
    }

    @Test func specialNodesAreRespelledWhereTheyStand() throws {
        let snapshot = try read("global,3\nstore,2f,6e30,\n" + "store,2f40696e74726f64756365446f6d61696e,6e30007231,\n"
                                + "store,2f61,6e30,\n" + "store,4072656c65617365446f6d61696e,6e30,\n")
        #expect(snapshot.nodes.map(\.path) == ["/", "@introduceDomain", "/a", "@releaseDomain"].map { Bytes(utf8: $0) })
        #expect(snapshot.nodes[1].permissions == [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 1)])
    }

    @Test func missingSpecialNodesAreSynthesizedWithDom0Ownership() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\nstore,2f,6e30,\nstore,2f4072656c65617365446f6d61696e,6e31,\n", diagnostics: diagnostics)
        #expect(snapshot.nodes.last == Node(path: Bytes(utf8: "@introduceDomain"), permissions: [Permission(access: Permission.none, domid: 0)]))
        #expect(snapshot.nodes.count == 3)
        #expect(diagnostics.entries.filter { $0.severity == .synthesized }.count == 1)
    }

    @Test func duplicatePathsAreKeptWithAWarning() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\nstore,2f61,6e30,31\nstore,2f61,6e30,32\n" + Self.specials, diagnostics: diagnostics)
        #expect(snapshot.nodes.filter { $0.path == Bytes(utf8: "/a") }.map(\.value) == [Bytes(utf8: "1"), Bytes(utf8: "2")])
        #expect(diagnostics.entries.contains { $0.location == .line(4) && $0.message.contains("keeps the last") })
    }

    @Test func aGlobalLineAfterTheConnectionsIsIgnoredWithAWarning() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\nsocket,7\nglobal,9\n" + Self.specials, diagnostics: diagnostics)
        #expect(snapshot.global?.socketFD == 3)
        #expect(diagnostics.entries.contains { $0.location == .line(4) })
    }

    // MARK: what oxenstored skips

    @Test func skippedLinesWarnWithTheirLineNumberByDefault() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("global,3\nbogus,1\n\nsocket,x\nstore,2f61,6e30,zz\n" + Self.specials, diagnostics: diagnostics)
        #expect(snapshot.connections.isEmpty)
        #expect(snapshot.nodes.count == 2)
        let skipped = diagnostics.entries.filter { $0.message.contains("skipped") }
        #expect(skipped.map(\.location) == [.line(3), .line(4), .line(5), .line(6)])
    }

    @Test(arguments: [
        ("global,3\nbogus,1\n", 3, "unknown line kind"),
        ("global,3\n\n", 3, "empty line"),
        ("global,3\nsocket,7,8\n", 3, "fields"),
        ("global,3\nstore,2f61,6e30,zz\n", 3, "not a hex digit"),
        ("global,3\nstore,2f61,7a30,\n", 3, "letter"),
        ("global,3\ndom,1,2,x,4\n", 3, "not a number"),
        ("global,3\nstore,2f61,6e30,616\n", 3, "odd number"),
        ("global,3\nstore,2f612f62,6e30,\n", 3, "parent"),
        ("global,3\nwatch,5,2f61,74\n", 3, "no dom 5 line"),
        ("global,3\nsocket,7\nwatch,-8,2f61,74\n", 4, "no socket 8 line"),
        ("global,3\nsocket,7\nwatch,-7,2f61,74,1\n", 4, "depth"),
        ("global,3\nstore,2f612f,6e30,\n", 3, "invalid path"),
    ])
    func strictRefusesWhatOxenstoredSkips(_ body: String, _ line: Int, _ words: String) {
        expectDataError(body, line: line, mentioning: words)
    }

    @Test func aNodeBelowAMissingParentIsSkippedAsOxenstoredDoes() throws {
        let snapshot = try read("global,3\nstore,2f612f62,6e30,\nstore,2f61,6e30,\nstore,2f612f62,6e30,\n" + Self.specials)
        #expect(snapshot.nodes.map(\.path).prefix(2) == [Bytes(utf8: "/a"), Bytes(utf8: "/a/b")])
    }

    @Test func strictAcceptsWhatOxenstoredAcceptsSilently() throws {
        let snapshot = try read("global,3,4\nevtchn-dev,5,1\ndom,1,0X10,2\nstore,2F61,6E30,\n" + Self.specials, strict: true)
        #expect(snapshot.connections.count == 1)
        #expect(snapshot.nodes.first?.path == Bytes(utf8: "/a"))
    }
}
