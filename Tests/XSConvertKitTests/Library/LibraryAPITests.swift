import Glibc
import TestSupport
import Testing
import XSConvertKit

/// The library as a Swift user meets it: a snapshot built as it reads, one call to read, to
/// write, to shape and to validate, typed formats and targets, every warning handed back
/// (issue #16, the library).
@Suite struct SnapshotBuildingTests {
    @Test func permissionsInXenstoresSpelling() {
        let permissions: [Permission] = ["n0", "r1", "b3!", "w65535"]
        #expect(permissions == [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 1),
                                Permission(access: Permission.both, domid: 3, flags: Permission.staleFlag),
                                Permission(access: Permission.write, domid: 65535)])
        #expect(permissions.map(\.description) == ["n0", "r1", "b3!", "w65535"])
        for bad in ["", "n", "0", "n-1", "n65536", "r1x", "!1", "n 1"] { #expect(Permission(bad) == nil, "\(bad)") }
    }

    @Test func nodesFromText() {
        #expect(Node(path: "/local/domain/1/name", value: "guest1", permissions: ["n1", "r0"])
                == Node(path: Bytes(utf8: "/local/domain/1/name"), value: Bytes(utf8: "guest1"),
                        permissions: [Permission(access: Permission.none, domid: 1), Permission(access: Permission.read, domid: 0)]))
        #expect(Node(path: "/tool").permissions == [Permission(access: Permission.none, domid: 0)])
        #expect(Node(path: "/a", value: [0, 0xFF]).value == [0, 0xFF])
    }

    @Test func snapshotReadsLikeTheData() {
        let guests = 1...3
        let snapshot = Snapshot {
            GlobalData(socketFD: 3, eventChannelFD: 4)
            Connection.ring(id: 1, domid: 0, eventChannel: 1)
            Watch(connectionID: 1, path: "@releaseDomain", token: "r")
            Node(path: "/local")
            for domid in guests {
                Node(path: "/local/domain/\(domid)", permissions: ["n\(domid)"])
            }
            if guests.count > 5 { Node(path: "/never") }
        }
        #expect(snapshot.records.map(\.kind) == [.global, .connection, .watch, .node, .node, .node, .node])
        #expect(snapshot.node(at: "/local/domain/2")?.permissions == ["n2"])
        #expect(snapshot.node(at: "/local/domain/9") == nil)
    }

    /// A pending node is not the committed one at its path.
    @Test func lookupFindsCommittedNodes() {
        let pending = Node(path: Bytes(utf8: "/a"), value: Bytes(utf8: "tx"), permissions: ["n0"],
                           pending: .init(connectionID: 1, transactionID: 1, access: 2))
        let snapshot = Snapshot { Record.node(pending); Node(path: "/a", value: "committed") }
        #expect(snapshot.node(at: "/a")?.value == Bytes(utf8: "committed"))
    }
}

@Suite struct SnapshotFormatTests {
    @Test func formatsAreTypedValues() throws {
        #expect(try SnapshotFormat(named: "ls") == .xenstoreListing)
        #expect(try SnapshotFormat(named: "state_dump") == .binary)
        #expect(throws: ConversionError.self) { try SnapshotFormat(named: "yaml") }
        #expect(SnapshotFormat.binary(byteOrder: .big, version: 2).description == "binary, version 2, big-endian")
    }

    /// Every profile says what to write for it, so a profile added later needs nothing more.
    @Test(arguments: TargetProfile.all) func everyTargetHasAnOutputFormat(_ target: TargetProfile) throws {
        let format = target.outputFormat
        #expect(format.name == target.format)
        #expect(format.byteOrder == target.byteOrder)
        #expect(format.streamVersion == target.writeVersion)
        #expect(try format.adapter().canWrite)
    }
}

@Suite struct SnapshotFileTests {
    /// One call reads any file, its format detected, gzip archives included.
    @Test(arguments: ["cxenstored/basic.state_dump", "oxenstored/basic.dump", "oxenstored/basic.dump.legacy", "seed/big-100k.bin.gz"])
    func readsAnyFile(_ fixture: String) throws {
        let diagnostics = Diagnostics()
        let snapshot = try Snapshot(contentsOf: Fixtures.path(fixture), diagnostics: diagnostics)
        let input = try Files.openInput(Fixtures.path(fixture))
        let expected = try FormatRegistry.standard.detect(input).readSnapshot(input, diagnostics: Diagnostics()).0
        #expect(snapshot == expected)
        #expect(snapshot.nodes.count > 5)
    }

    @Test func roundTripsThroughBytesInEveryWritableFormat() throws {
        let diagnostics = Diagnostics()
        let original = try Snapshot(contentsOf: Fixtures.path("cxenstored/basic.state_dump"), diagnostics: diagnostics)
        for format in [SnapshotFormat.binary, .binary(byteOrder: .big, version: 2), .json] {
            let bytes = try original.serializedBytes(as: format, diagnostics: diagnostics)
            #expect(try Snapshot(bytes: bytes, diagnostics: diagnostics) == original, "\(format)")
        }
        let big = try original.serializedBytes(as: .binary(byteOrder: .big), diagnostics: diagnostics)
        #expect(Array(big[8..<16]) == [0, 0, 0, 1, 0, 0, 0, 1])  // version 1, flags: big-endian
        #expect(String(decoding: try original.serializedBytes(as: .xenstoreListing, diagnostics: diagnostics), as: UTF8.self)
                .hasPrefix("/tool = \"\"   (n0)\n"))
        #expect(throws: ConversionError.self) { try original.serializedBytes(as: .oxenstoredLegacy, diagnostics: diagnostics) }
        #expect(diagnostics.entries.isEmpty, "\(diagnostics.entries)")
    }

    /// A library caller writing gzip gets the header's description of the content too: the
    /// format, its layout and the node count (issue #16: handed over explicitly).
    @Test func gzipHeaderDescribesTheContent() throws {
        let directory = "/tmp/xsconvert-library-\(getpid())"
        mkdir(directory, 0o700)
        defer { for name in ["a.gz", "b.gz"] { unlink(directory + "/" + name) }; rmdir(directory) }
        let diagnostics = Diagnostics()
        let snapshot = try Snapshot(contentsOf: Fixtures.path("cxenstored/basic.state_dump"), diagnostics: diagnostics)
        try snapshot.write(to: directory + "/a.gz", as: .binary, compression: OutputCompression(), diagnostics: diagnostics)
        // The adapter's own writeSnapshot, under the same layers.
        try BinaryStreamAdapter().writeSnapshot(
            snapshot, to: try Files.createOutput(directory + "/b.gz", compression: OutputCompression()), diagnostics: diagnostics)
        for name in ["a.gz", "b.gz"] {
            let input = try Files.openInput(directory + "/" + name)
            _ = try input.readToEnd()
            let comment = try #require(input.gzip?.metadata?.comment)
            let pairs = Dictionary(ArchiveComment.parse(comment), uniquingKeysWith: { a, _ in a })
            #expect(pairs["format"] == "binary" && pairs["byte-order"] == "little" && pairs["version"] == "1", "\(name): \(comment)")
            #expect(pairs["nodes"] == String(snapshot.nodes.count), "\(name): \(comment)")
        }
    }
}

@Suite struct SnapshotTargetTests {
    static let plain = Snapshot {
        Connection.ring(id: 2, domid: 1, eventChannel: 9)
        Connection.ring(id: 1, domid: 0, eventChannel: 1)
        Node(path: "/local/domain/1/name", value: "guest1", permissions: ["n1"])
        // Where the guest's ring is (oxenstored maps it by these: the C stream does not say).
        Node(path: "/local/domain/1/store/ring-ref", value: "1044476", permissions: ["n0", "r1"])
        Node(path: "/local/domain/1/store/port", value: "1", permissions: ["n0", "r1"])
        Node(path: "/local/domain/1/store", permissions: ["n0", "r1"])
        Node(path: "/local/domain/1", permissions: ["n1"])
        Node(path: "/local/domain")
        Node(path: "/local")
    }

    /// Shaped for a daemon, a snapshot passes that daemon's validation; unshaped, it does not.
    @Test(arguments: TargetProfile.all) func shapedPassesValidation(_ target: TargetProfile) throws {
        #expect(!Self.plain.validate(for: target).errors.isEmpty || target.daemon == .oxenstored)
        let diagnostics = Diagnostics()
        let shaped = try Self.plain.shaped(for: target, diagnostics: diagnostics)
        #expect(shaped.validate(for: target).errors.isEmpty, "\(shaped.validate(for: target).errors)")
        if target.daemon == .c { #expect(!diagnostics.entries.isEmpty, "what was made up is reported") }
    }

    /// The report's verdict and counts come from the findings it lists: an encoding the
    /// target cannot restore is an error counted like the others.
    @Test func theVerdictCountsEveryFinding() throws {
        let stream = try Self.plain.shaped(for: .xenstored417, diagnostics: Diagnostics())
            .serializedBytes(as: .binary(byteOrder: .big, version: 1), diagnostics: Diagnostics())
        let report = try Validator.validate(ByteInput(bytes: stream, name: "be"), adapter: BinaryStreamAdapter(),
                                            target: .xenstored417, diagnostics: Diagnostics())
        #expect(!report.isValid)
        #expect(report.errorCount == report.errors.count && report.errorCount == 1, "\(report)")
        #expect(report.errors.first?.message.contains("but the records are big-endian") == true, "\(report)")
    }

    @Test func validationNamesTheRecord() {
        let errors = Self.plain.validate(for: .xenstored417).errors
        #expect(errors.first?.description.hasPrefix("at $.records[0]: error: CONNECTION_DATA comes first") == true, "\(errors)")
    }

    /// What the daemon cannot hold is refused with the list, or dropped and reported.
    @Test func lossesAreRefusedOrReported() throws {
        let withTransaction = Snapshot {
            Connection.ring(id: 1, domid: 0, eventChannel: 1)
            Transaction(connectionID: 1, id: 7)
            Node(path: "/a")
        }
        #expect {
            try withTransaction.shaped(for: .xenstored417, diagnostics: Diagnostics())
        } throws: { error in
            guard let error = error as? ConversionError else { return false }
            return error.kind == .loss && error.remedy == .allowLoss && error.message.hasPrefix("xenstored-4.17 cannot restore everything")
                && error.details.contains { $0.contains("TRANSACTION_DATA") }
        }
        let diagnostics = Diagnostics()
        _ = try withTransaction.shaped(for: .xenstored417, allowLoss: true, diagnostics: diagnostics)
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains("TRANSACTION_DATA") })
    }

    /// Written as a plain binary stream, a snapshot C would not restore is written with one
    /// warning naming the first fault, and the remedy of shaping it: nothing is kept quiet.
    @Test func unrestorableBinaryIsSaidSo() throws {
        let diagnostics = Diagnostics()
        _ = try Self.plain.serializedBytes(as: .binary, diagnostics: diagnostics)
        #expect(diagnostics.entries.count == 1)
        #expect(diagnostics.entries.first?.remedy == .shape(for: .xenstored417))
        #expect(diagnostics.entries.first?.message.hasPrefix("xenstored-4.17 would not restore this stream: CONNECTION_DATA comes first") == true)
        let quiet = Diagnostics()
        _ = try Self.plain.shaped(for: .xenstored417, socketFD: 3, diagnostics: quiet)
            .serializedBytes(as: TargetProfile.xenstored417.outputFormat, diagnostics: quiet)
        #expect(!quiet.entries.contains { $0.severity == .warning }, "\(quiet.entries)")
    }
}
