import Testing
import XSConvertKit

/// `--target xenstored-4.21` and `xenstored-4.22`: what the real C xenstored 4.21.2 and 4.22.0
/// showed (tools/interop/run-c-v2 restores each of these outputs in them and compares their
/// redumps record by record).
@Suite struct VersionTargetTests {
    /// Converts a fixture for `target`; returns the output read back and what was said.
    func convert(_ name: String, for target: TargetProfile, allowLoss: Bool = false) throws -> (Snapshot, Bytes, Diagnostics) {
        let diagnostics = Diagnostics()
        let sink = MemorySink()
        _ = try Converter().convert(ByteInput(bytes: try Fixtures.bytes(name), name: name), to: ByteOutput(sink: sink, name: "out"),
                                    target: target, writeOptions: WriteOptions(allowLoss: allowLoss), diagnostics: diagnostics)
        let adapter = try FormatRegistry.standard.adapter(named: target.format)
        return (try adapter.read(sink.bytes).0, sink.bytes, diagnostics)
    }

    func lossRefusal(_ name: String, for target: TargetProfile) throws -> [String] {
        do {
            _ = try convert(name, for: target)
        } catch let error as ConversionError where error.kind == .loss {
            #expect(error.message.hasPrefix("\(target.name) would not restore everything in the input"))
            return error.details
        }
        Issue.record("\(name) was not refused for \(target.name)")
        return []
    }

    /// A version-1 stream does not record features (C writes 0 and applies nothing); written
    /// as 0 in version 2, the real 4.21 took the ERROR feature away from every domain. The
    /// target's default is what that daemon gives a domain restored from version 1.
    @Test(arguments: [(TargetProfile.xenstored421, UInt32(0x2)), (.xenstored422, 0xE)])
    func featuresAVersionOneStreamDoesNotRecordAreTheTargetsDefault(_ target: TargetProfile, _ features: UInt32) throws {
        let (snapshot, _, diagnostics) = try convert("cxenstored-4.21/basic-v1.state_dump", for: target)
        #expect(snapshot.domains.map(\.domid) == [3, 0, 2, 1])
        #expect(snapshot.domains.allSatisfy { $0.features == features })
        #expect(diagnostics.entries.contains { $0.severity == .synthesized && $0.message.hasPrefix("domain features, which the input does not record") })
    }

    /// 4.21 skips GLOBAL_QUOTA_DATA, ignores a domain's quotas and stores features verbatim
    /// (offering the guest what it lacks): losses, refused without --allow-loss; the features
    /// masked to what it implements.
    @Test func newerQuotasAndFeaturesAreLossesForOlderTargets() throws {
        let refused = try lossRefusal("cxenstored-4.22/basic.state_dump", for: .xenstored421)
        #expect(refused.contains { $0.hasPrefix("- GLOBAL_QUOTA_DATA (xenstored-4.21 skips it") })
        #expect(refused.contains { $0.hasPrefix("- 4 × per-domain quotas (xenstored-4.21 ignores them") })
        #expect(refused.contains { $0.hasPrefix("- 3 × domain features xenstored-4.21 does not implement") && $0.contains("0xe (ERROR, WATCHDEPTH, DOMID_ANY)") })
        let (snapshot, _, _) = try convert("cxenstored-4.22/basic.state_dump", for: .xenstored421, allowLoss: true)
        #expect(snapshot.globalQuota == nil)
        #expect(snapshot.domains.map(\.features) == [0, 2, 2, 2])
        #expect(snapshot.domains.allSatisfy { $0.quotas.isEmpty })
    }

    /// A conversion for the daemon that wrote the dump keeps it as it is.
    @Test(arguments: ["minimal", "basic", "forced-transaction"])
    func aRealDumpOf421ComesBackByteForByte(_ name: String) throws {
        let path = "cxenstored-4.21/\(name).state_dump"
        let (_, bytes, diagnostics) = try convert(path, for: .xenstored421)
        #expect(bytes == (try Fixtures.bytes(path)))
        #expect(diagnostics.entries.isEmpty)
    }

    /// 4.22 leaves heap garbage in the padding of its quota records, so its dumps come back
    /// record for record, not byte for byte.
    @Test func aRealDumpOf422ComesBackRecordForRecord() throws {
        let path = "cxenstored-4.22/basic.state_dump"
        let (snapshot, _, diagnostics) = try convert(path, for: .xenstored422)
        #expect(snapshot == (try BinaryStreamAdapter().read(try Fixtures.bytes(path)).0))
        #expect(diagnostics.entries.isEmpty && diagnostics.losses.isEmpty)
    }

    /// C's restore order, once per version: 4.17 writes the special nodes before the tree,
    /// 4.21 and 4.22 after it.
    @Test(arguments: [(TargetProfile.xenstored417, true), (.xenstored421, false), (.xenstored422, false)])
    func specialNodesComeWhereTheVersionWritesThem(_ target: TargetProfile, _ before: Bool) throws {
        let (snapshot, _, _) = try convert("oxenstored/basic.dump", for: target, allowLoss: true)
        let specials = snapshot.records.indices.filter { if case .node(let node) = snapshot.records[$0] { node.isSpecial } else { false } }
        let tree = snapshot.records.indices.filter { if case .node(let node) = snapshot.records[$0] { !node.isSpecial } else { false } }
        #expect(specials.count == 2)
        #expect(before ? specials.max()! < tree.min()! : specials.min()! > tree.max()!)
    }

    /// C 4.21 and 4.22 write DOMAIN_DATA for a domain that a permission names but that was
    /// never introduced, and die reading it back: the record is left out (reported), which the
    /// real daemons then restore and survive their next live update with.
    @Test(arguments: [("cxenstored-4.21/permref-unrestorable.state_dump", TargetProfile.xenstored421),
                      ("cxenstored-4.22/permref.state_dump", .xenstored422)])
    func theDomainDataOfANeverIntroducedDomainIsLeftOut(_ name: String, _ target: TargetProfile) throws {
        let (snapshot, _, diagnostics) = try convert(name, for: target)
        #expect(!snapshot.domains.contains { $0.domid == 5 })
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.hasPrefix("DOMAIN_DATA of domain 5, which has no ring connection") })
        #expect(diagnostics.losses.isEmpty)
    }

    /// 4.22.0 reads WATCH_DATA_EXTENDED with the depth at 8 and the path at 10 (its C struct,
    /// no pad) and restores it correctly (the real daemon fires such a watch at its depth
    /// only); an unlimited depth is a plain watch.
    @Test func watchDepthFor422IsInTheLayoutItsReaderRestores() throws {
        let (snapshot, bytes, _) = try convert("json/depth-watch.json", for: .xenstored422)
        #expect(snapshot.watches.map(\.depth) == [1, nil])
        // After the header, GLOBAL (16), dom0's and dom1's CONNECTION_DATA (32 each): the watch.
        #expect(Array(bytes[96..<144]) == hex("""
            08000000 28000000 | 02000000 1500 0800 0100 | 2f6c6f63616c2f646f6d61696e2f312f6461746100 | 64657074682d3100 | 00
            """))
    }

    @Test func watchDepthIsALossFor421WhichSkipsTheRecord() throws {
        let refused = try lossRefusal("json/depth-watch.json", for: .xenstored421)
        #expect(refused == ["- watch depth (xenstored-4.21 skips WATCH_DATA_EXTENDED; written as a plain watch, which fires at any depth) (e.g. /local/domain/1/data depth 1)"])
    }

    /// What validate --target refuses is never written, whatever the shaping missed: the
    /// output is read back and validated first.
    @Test func theOutputIsValidatedBeforeAByteIsWritten() throws {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: 6)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .node(Node(path: Bytes(utf8: "/a/b"), permissions: [Permission(access: Permission.none, domid: 0)])),
        ])
        let bytes = try BinaryStreamAdapter().write(snapshot, options: WriteOptions(streamVersion: 1))
        #expect(throws: ConversionError.self) { try TargetShaping.requireValid(bytes, for: .xenstored417, name: "out") }
        do {
            try TargetShaping.requireValid(bytes, for: .xenstored417, name: "out")
        } catch let error as ConversionError {
            #expect(error.message.hasPrefix("xsconvert cannot make this input what xenstored-4.17 restores; nothing was written"))
            #expect(error.details.first?.contains("comes before its parent /a, or without it") == true)
        }
    }
}
