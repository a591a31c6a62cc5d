import Testing
@testable import XSConvertKit

/// The xapi-project fork's dialect of the text dump (`OxenstoredDialect.xapi`): a watch's depth
/// as the fifth field of its line, read and written; what the fork skips; and the profile
/// `oxenstored-xapi`, which keeps the depths that `oxenstored` (4.17's) loses.
@Suite struct XapiDialectTests {
    static let n0 = [Permission(access: Permission.none, domid: 0)]
    static let header = "$xenstored-dump-format\n"
    static let specialLines = "store,2f4072656c65617365446f6d61696e,6e30,\nstore,2f40696e74726f64756365446f6d61696e,6e30,\n"
    static let specialNodes: [Record] = [
        .node(Node(path: Bytes(utf8: "@releaseDomain"), permissions: n0)),
        .node(Node(path: Bytes(utf8: "@introduceDomain"), permissions: n0)),
    ]

    func written(_ records: [Record], dialect: OxenstoredDialect, allowLoss: Bool = false, diagnostics: Diagnostics = .init()) throws -> String {
        let options = WriteOptions(dialect: dialect.rawValue, allowLoss: allowLoss)
        return String(decoding: try OxenstoredAdapter().write(Snapshot(records: records), options: options, diagnostics: diagnostics), as: UTF8.self)
    }

    func read(_ body: String, strict: Bool = false, diagnostics: Diagnostics = .init()) throws -> Snapshot {
        try OxenstoredAdapter().read(Bytes(utf8: Self.header + body), options: ReadOptions(strict: strict), diagnostics: diagnostics).0
    }

    static func watch(_ path: String, _ token: String, depth: UInt16?) -> Record {
        .watch(Watch(connectionID: 1, path: Bytes(utf8: path), token: Bytes(utf8: token), depth: depth))
    }

    // MARK: writing

    /// Golden bytes, checked by hand against FORMATS.md §2 and the fork's `Connection.dump`
    /// (`watch,%d,%s,%s%s` with `,%d` for `Some depth`): "/a" is 2f61, "t" 74,
    /// "@introduceDomain" 40696e74726f64756365446f6d61696e, "i" 69; an unlimited depth is
    /// what a four-field line means, so it gets no field.
    @Test func theForkDialectWritesTheDepthAsTheFifthField() throws {
        let diagnostics = Diagnostics()
        let output = try written([
            .global(GlobalData(socketFD: 3, eventChannelFD: nil)),
            .connection(Connection(id: 1, endpoint: .socket(fd: 4))),
            Self.watch("/a", "t", depth: 2),
            Self.watch("/a", "t", depth: 0),
            Self.watch("/a", "t", depth: Watch.unlimitedDepth),
            Self.watch("/a", "t", depth: nil),
            Self.watch("@introduceDomain", "i", depth: 1),
        ] + Self.specialNodes, dialect: .xapi, diagnostics: diagnostics)
        #expect(output == Self.header + """
            global,3
            socket,4
            watch,-4,2f61,74,2
            watch,-4,2f61,74,0
            watch,-4,2f61,74
            watch,-4,2f61,74
            watch,-4,40696e74726f64756365446f6d61696e,69,1

            """ + Self.specialLines)
        #expect(diagnostics.losses.isEmpty)
    }

    /// The in-tree dialect (the default) has no depth field: a depth is a loss.
    @Test func theInTreeDialectLosesTheDepth() throws {
        let records: [Record] = [.global(GlobalData(socketFD: 3, eventChannelFD: nil)), .connection(Connection(id: 1, endpoint: .socket(fd: 4))),
                                 Self.watch("/a", "t", depth: 2)] + Self.specialNodes
        #expect(throws: ConversionError.self) { try written(records, dialect: .xen) }
        let diagnostics = Diagnostics()
        let output = try written(records, dialect: .xen, allowLoss: true, diagnostics: diagnostics)
        #expect(output.contains("\nwatch,-4,2f61,74\n"))
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains("watch depth") })
    }

    /// A depth the fork refuses on a special watch is a loss: written as a plain watch.
    @Test(arguments: [("@introduceDomain", UInt16(2)), ("@releaseDomain", 0), ("@releaseDomain/5", 1)])
    func aDepthTheForkRefusesIsALoss(_ path: String, _ depth: UInt16) throws {
        let records: [Record] = [.global(GlobalData(socketFD: 3, eventChannelFD: nil)), .connection(Connection(id: 1, endpoint: .socket(fd: 4))),
                                 Self.watch(path, "t", depth: depth)] + Self.specialNodes
        let diagnostics = Diagnostics()
        let output = try written(records, dialect: .xapi, allowLoss: true, diagnostics: diagnostics)
        let hexPath = Bytes(utf8: path).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(output.contains("\nwatch,-4,\(hexPath),74\n"))
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains("watch depth the xapi fork refuses") })
    }

    // MARK: reading

    /// What the fork's `DB.from_channel_f` does with a fifth field: `int_of_string` ≥ 0, kept;
    /// negative or not a number, the line skipped; on a special watch only 1.
    @Test func theReaderTakesWhatTheForkTakesAndSkipsWhatItSkips() throws {
        let diagnostics = Diagnostics()
        let snapshot = try read("""
            global,3
            socket,7
            watch,-7,2f61,74,5
            watch,-7,2f61,75,0x10
            watch,-7,2f61,76,70000
            watch,-7,40696e74726f64756365446f6d61696e,77,1
            watch,-7,40696e74726f64756365446f6d61696e,78,2
            watch,-7,2f61,79,-1
            watch,-7,2f61,7a,x

            """ + Self.specialLines, diagnostics: diagnostics)
        let depths = snapshot.watches.map { (String(decoding: $0.token, as: UTF8.self), $0.depth) }
        #expect(depths.map(\.0) == ["t", "u", "v", "w"])
        #expect(depths.map(\.1) == [5, 16, Watch.unlimitedDepth, 1])
        let warnings = diagnostics.entries.map(\.description)
        #expect(warnings.contains { $0.contains("line 8") && $0.contains("only depth 1 on a special watch") })
        #expect(warnings.contains { $0.contains("line 9") && $0.contains("depth '-1' is not a number ≥ 0") })
        #expect(warnings.contains { $0.contains("line 10") && $0.contains("depth 'x'") })
        #expect(warnings.contains { $0.contains("line 6") && $0.contains("deeper than any path") })
    }

    /// The fork's example dump (the corpus's basic.dump with depths added, and lines it
    /// skips) for the fork: every depth the fork keeps is written back, the others are not.
    @Test func theForksExampleDumpKeepsItsDepthsForTheFork() throws {
        let input = ByteInput(bytes: try Fixtures.bytes("oxenstored-xapi/basic-depth.dump"), name: "basic-depth.dump")
        let diagnostics = Diagnostics()
        let (snapshot, _) = try OxenstoredAdapter().readSnapshot(input, diagnostics: diagnostics)
        let shaped = try snapshot.shaped(for: .oxenstoredXapi, diagnostics: diagnostics)
        let text = String(decoding: try OxenstoredAdapter().write(shaped, options: TargetShaping(.oxenstoredXapi).writeOptions(WriteOptions()),
                                                                  diagnostics: diagnostics), as: UTF8.self)
        let watches = text.split(separator: "\n").filter { $0.hasPrefix("watch,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }
        // 6 watch lines kept of 10, each with its depth (-1, x, six fields and @introduceDomain
        // with depth 2 skipped, as the fork skips them)
        #expect(watches == [5, 5, 5, 5, 5, 5])
        #expect(text.contains("\nwatch,-8,2f6c6962786c,6c6962786c2d6435,5\n"))
        #expect(!text.contains("evtchn-dev"))
        #expect(shaped.validate(for: .oxenstoredXapi).errors.isEmpty)
    }

    // MARK: the profiles

    /// The "done when": converting for the fork keeps the watch depths that
    /// converting for oxenstored 4.17 loses (4.22's depth watch, from the corpus's JSON).
    @Test func convertingForTheForkKeepsTheDepthsConvertingFor417Loses() throws {
        let source = ByteInput(bytes: try Fixtures.bytes("json/depth-watch.json"), name: "depth-watch.json")
        var (snapshot, _) = try JSONAdapter().readSnapshot(source, diagnostics: Diagnostics())
        // where libxl keeps the guest's ring address (4.17 maps the mfn, the fork binds the port afresh)
        snapshot.records += [("store", ""), ("store/port", "1"), ("store/ring-ref", "1052949")].map {
            .node(Node(path: Bytes(utf8: "/local/domain/1/" + $0.0), value: Bytes(utf8: $0.1), permissions: Self.n0))
        }
        let fork = try snapshot.shaped(for: .oxenstoredXapi, diagnostics: Diagnostics())
        let forkText = String(decoding: try OxenstoredAdapter().write(fork, options: TargetShaping(.oxenstoredXapi).writeOptions(WriteOptions())), as: UTF8.self)
        // "/local/domain/1/data" and "depth-1", depth 1; the plain watch without a field
        #expect(forkText.contains("\nwatch,1,2f6c6f63616c2f646f6d61696e2f312f64617461,64657074682d31,1\n"))
        #expect(forkText.contains("\nwatch,1,2f6c6f63616c2f646f6d61696e2f312f64617461,616e792d6465707468\n"))
        let readBack = try OxenstoredAdapter().read(Bytes(utf8: forkText)).0
        #expect(readBack.watches.map(\.depth) == [1, nil])

        let diagnostics = Diagnostics()
        let for417 = try snapshot.shaped(for: .oxenstored, diagnostics: diagnostics)
        #expect(throws: ConversionError.self) {
            try OxenstoredAdapter().write(for417, options: TargetShaping(.oxenstored).writeOptions(WriteOptions()), diagnostics: diagnostics)
        }
        #expect(diagnostics.losses.contains { $0.category.hasPrefix("watch depth") })
    }

    /// validate --target agrees with what the fork skips: a special watch's depth other than
    /// 1 is an error for it; for 4.17 any depth is.
    @Test func validationForTheForkNamesTheDepthsItSkips() {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: nil)), .connection(Connection(id: 1, endpoint: .socket(fd: 4))),
            Self.watch("/a", "t", depth: 3), Self.watch("@introduceDomain", "i", depth: 1), Self.watch("@releaseDomain", "r", depth: 2),
        ] + Self.specialNodes)
        let fork = snapshot.validate(for: .oxenstoredXapi).errors
        #expect(fork.count == 1)
        #expect(fork.first?.description.contains("@releaseDomain") == true && fork.first?.description.contains("only depth 1") == true)
        #expect(snapshot.validate(for: .oxenstored).errors.filter { $0.description.contains("has a depth") }.count == 3)
    }

    /// The fork's own rules: a guest ring it cannot bind (no local port, no remote port) is an
    /// error; an `evtchn-dev` line, which it ignores, a warning; neither for oxenstored 4.17.
    @Test func validationForTheForkNamesWhatItCannotBindAndIgnores() {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: nil, mfn: 0, remotePort: 0)))),
            .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: nil, mfn: 9, remotePort: 0)))),
            .connection(Connection(id: 3, endpoint: .ring(.init(domid: 2, eventChannel: nil, mfn: 0, remotePort: 4)))),
        ] + Self.specialNodes)
        let fork = snapshot.validate(for: .oxenstoredXapi)
        #expect(fork.errors.map(\.description).filter { $0.contains("neither a local nor a remote event-channel port") }.count == 1)
        #expect(fork.errors.contains { $0.description.contains("domain 1 ") })
        #expect(fork.warnings.contains { $0.description.contains("ignores it, opens a fresh handle") })
        let inTree = snapshot.validate(for: .oxenstored)
        #expect(!(inTree.errors + inTree.warnings).contains { $0.description.contains("event-channel port:") || $0.description.contains("fresh handle") })
    }

    /// C → fork: a guest's ring needs its remote port (the fork binds the channel afresh from
    /// it) but not its mfn (it maps the reserved grant): store/ring-ref may be missing.
    @Test func cToTheForkNeedsNoRingRef() throws {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: 5)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: 3)))),
        ] + ["/local", "/local/domain", "/local/domain/1", "/local/domain/1/store", "/local/domain/1/store/port"].map {
            .node(Node(path: Bytes(utf8: $0), value: Bytes(utf8: $0.hasSuffix("port") ? "7" : ""), permissions: Self.n0))
        })
        let diagnostics = Diagnostics()
        let fork = try snapshot.shaped(for: .oxenstoredXapi, diagnostics: diagnostics)
        let text = String(decoding: try OxenstoredAdapter().write(fork, options: TargetShaping(.oxenstoredXapi).writeOptions(WriteOptions()),
                                                                  diagnostics: diagnostics), as: UTF8.self)
        // mfn 0, remote port 7, no local port (bound afresh); dom0's mfn and remote port 0
        #expect(text.contains("\ndom,1,0,7\n") && text.contains("\ndom,0,0,0\n"))
        #expect(!text.contains("evtchn-dev"))
        #expect(diagnostics.losses.isEmpty)
        #expect(throws: ConversionError.self) { try snapshot.shaped(for: .oxenstored, diagnostics: Diagnostics()) }
        // without store/port the guest cannot be bound: a loss, naming the port alone
        let portless = Snapshot(records: snapshot.records.filter { if case .node(let node) = $0 { !node.path.elementsEqual(Bytes(utf8: "/local/domain/1/store/port")) } else { true } })
        let lost = Diagnostics()
        _ = try TargetShaping(.oxenstoredXapi).shape(portless, diagnostics: lost)
        #expect(lost.losses.map(\.category) == ["guest ring connection whose remote port (store/port) is in neither the input nor the guest's /local/domain/N/store (the xapi fork binds the guest's event channel from the remote port; the connection and its watches are left out)"])
    }
}
