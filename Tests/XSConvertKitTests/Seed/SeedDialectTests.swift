import Testing
import XSConvertKit

/// The seed patch's stream (corpus/seed): read exactly as the seed's own reader read it,
/// written back byte for byte, told apart from the standard layout.
@Suite struct SeedDialectTests {
    static let files = ["minimal", "host", "pending-data"]
    let binary = BinaryStreamAdapter()

    /// OCaml's String.escaped, as the seed's reader printed strings.
    static func ocamlEscaped(_ bytes: Bytes) -> String {
        bytes.map { byte -> String in
            switch byte {
            case UInt8(ascii: "\\"): "\\\\"
            case UInt8(ascii: "\""): "\\\""
            case 0x0A: "\\n"
            case 0x09: "\\t"
            case 0x0D: "\\r"
            case 0x08: "\\b"
            case 0x20...0x7E: String(UnicodeScalar(byte))
            default: "\\" + String(repeating: "0", count: 3 - String(byte).count) + String(byte)
            }
        }.joined()
    }

    /// Our reading of a seed stream, printed as the seed's reader prints it (`*.read.txt`).
    static func readLikeTheSeed(_ bytes: Bytes) throws -> [String] {
        let reader = try BinaryStreamAdapter().makeReader(ByteInput(bytes: bytes), options: .init(), diagnostics: Diagnostics())
        #expect(reader.info.dialect == "seed")
        var lines = ["@0 header \"xenstore\" version 1 endian 1 (accepted by BinaryIn.read_header)"]
        while let record = try reader.next() {
            guard case .byte(let offset) = reader.location else { continue }
            let text: String
            switch record {
            case .global(let global): text = "global rw_sock=\(global.socketFD)"
            case .connection(let c):
                let endpoint: String
                switch c.endpoint {
                case .socket(let fd): endpoint = "socket fd=\(fd)"
                case .ring(let ring): endpoint = "domain id=\(ring.domid) target=\(ring.targetDomid) remote_port=\(ring.remotePort ?? 0)"
                case .other: endpoint = "other"
                }
                text = "connection conid=\(c.id) \(endpoint) in=\"\(ocamlEscaped(c.pendingInput))\" out=\"\(ocamlEscaped(c.pendingOutput))\" out_resp_len=\(c.partialResponseLength)"
            case .watch(let w): text = "watch conid=\(w.connectionID) path=\"\(ocamlEscaped(w.path))\" token=\"\(ocamlEscaped(w.token))\""
            case .transaction(let t): text = "transaction conid=\(t.connectionID) txid=\(t.id)"
            case .node(let n):
                let perms = n.permissions.map { String(UnicodeScalar($0.access)) + String($0.domid) }.joined(separator: ",")
                var line = "node path=\"\(ocamlEscaped(n.path))\" perms=\(perms) value=\"\(ocamlEscaped(n.value))\""
                if let p = n.pending {
                    line += " tx conid=\(p.connectionID) txid=\(p.transactionID) access=" + (["Del", "R", "W", "RW"][Int(p.access & 3)])
                } else {
                    line += " committed"
                }
                text = line
            default: text = "other"
            }
            lines.append("@\(offset) " + text)
        }
        return lines
    }

    @Test(arguments: files)
    func readsWhatTheSeedsReaderRead(_ name: String) throws {
        let expected = String(decoding: try Fixtures.bytes("seed/\(name).read.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("@") && !$0.hasSuffix(" end") }
        #expect(try Self.readLikeTheSeed(try Fixtures.bytes("seed/\(name).bin")) == expected)
    }

    @Test(arguments: files + ["big-100k.bin.gz"])
    func writesTheSeedsBytesBack(_ name: String) throws {
        let file = name.hasSuffix(".gz") ? name : name + ".bin"
        let original = try Files.openInput(Fixtures.path("seed/" + file)).readToEnd()
        let (snapshot, info) = try binary.read(original)
        #expect(info.dialect == "seed")
        #expect(try binary.write(snapshot, options: WriteOptions(dialect: "seed")) == original)
        // seed → standard little-endian → seed
        let standard = try binary.write(snapshot, source: info)
        let (back, standardInfo) = try binary.read(standard)
        #expect(standardInfo.dialect == "standard" && standardInfo.byteOrder == .little && standardInfo.version == 1)
        #expect(try binary.write(back, options: WriteOptions(dialect: "seed")) == original)
    }

    /// Record bodies written by hand from LAYOUT.md's hex dumps of minimal.bin.
    @Test func goldenBytesOfEveryRecordType() throws {
        let records: [Record] = [
            .global(GlobalData(socketFD: 3, eventChannelFD: -1)),
            .connection(Connection(id: 1, endpoint: .socket(fd: 7))),
            .connection(Connection(id: 2, endpoint: .ring(.init(domid: 1, eventChannel: nil, remotePort: 5)))),
            .watch(Watch(connectionID: 1, path: Bytes(utf8: "/local/domain"), token: Bytes(utf8: "tokA"))),
            .transaction(Transaction(connectionID: 1, id: 5)),
            .node(Node(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 0)])),
            .node(Node(path: Bytes(utf8: "/local/domain/1/name"), value: Bytes(utf8: "newname"),
                       permissions: [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 1)],
                       pending: .init(connectionID: 1, transactionID: 5, access: 2))),
        ]
        let expected = hex("""
            7865 6e73 746f 7265 0000 0001 0000 0001
            0000 0001 0000 0008 | 0000 0003 ffff ffff
            0000 0002 0000 0020 | 0000 0001 0000 0001 0000 0000 0000 0007 0000 0000 | 0000 0000 0000 0000 0000 0000
            0000 0002 0000 0020 | 0000 0002 0000 0000 0000 0000 0001 7ff4 0000 0005 | 0000 0000 0000 0000 0000 0000
            0000 0003 0000 001d | 0000 0001 0000 000d 0000 0004 | 2f6c6f63616c2f646f6d61696e 746f6b41 | 000000
            0000 0004 0000 0008 | 0000 0001 0000 0005
            0000 0005 0000 001d | 0000 0000 0000 0000 0000 0001 0000 0000 0000 0000 0000 0001 | 6e 00 0000 | 2f | 000000
            0000 0005 0000 003b | 0000 0001 0000 0005 0000 0014 0000 0007 0000 0002 0000 0002 | 6e000000 72000001 | 2f6c6f63616c2f646f6d61696e2f312f6e616d65 6e65776e616d65 | 00000000 00
            0000 0000 0000 0000
            """)
        #expect(try binary.write(Snapshot(records: records), options: WriteOptions(dialect: "seed")) == expected)
        let (read, info) = try binary.read(expected)
        #expect(info.dialect == "seed")
        #expect(read.records == records)
    }

    @Test func detectionTellsTheLayoutsApart() throws {
        for name in Fixtures.cxenstoredDumps {
            let (snapshot, _) = try binary.read(try Fixtures.bytes(name))
            let big = try binary.write(snapshot, options: WriteOptions(byteOrder: .big))
            #expect(try binary.read(big).1.dialect == "standard", "\(name) big-endian")
        }
        // Only GLOBAL_DATA and END: nothing decides, so it is standard.
        let ambiguous = hex("7865 6e73 746f 7265 0000 0001 0000 0001 | 0000 0001 0000 0008 0000 0003 ffff ffff | 0000 0000 0000 0000")
        #expect(try binary.read(ambiguous).1.dialect == "standard")
        // Forced, the seed's reading of a standard stream fails with an error naming the seed's layout.
        let (snapshot, _) = try binary.read(try Fixtures.bytes("cxenstored/minimal.state_dump"))
        let big = try binary.write(snapshot, options: WriteOptions(byteOrder: .big))
        #expect {
            try binary.read(big, options: ReadOptions(dialect: "seed"))
        } throws: { error in
            (error as? ConversionError)?.message.hasPrefix("seed ") == true
        }
    }

    /// Writing the seed's layout from a standard stream refuses what it cannot hold, listed.
    @Test func seedLayoutRefusesWhatItCannotHold() throws {
        let snapshot = Snapshot(records: [
            .globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1)])),
            .connection(Connection(id: 1, endpoint: .socket(fd: 3), uniqueID: 9, pendingOutput: [1, 2], partialResponseLength: 1)),
            .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"), depth: 2)),
            .node(Node(path: Bytes(utf8: "/a"), permissions: [Permission(access: Permission.none, domid: 0),
                                                              Permission(access: Permission.read, domid: 7, flags: Permission.staleFlag)])),
            .domain(DomainData(domid: 1)),
        ])
        do {
            _ = try binary.write(snapshot, options: WriteOptions(dialect: "seed"))
            Issue.record("expected a refusal")
        } catch let error as ConversionError {
            #expect(error.kind == .loss)
            let listed = error.details.joined(separator: "\n")
            for expected in ["GLOBAL_QUOTA_DATA", "unique-id", "partial response", "watch depth", "stale", "DOMAIN_DATA"] {
                #expect(listed.contains(expected), "\(expected) in \(listed)")
            }
        }
        #expect(throws: ConversionError.self) {
            try binary.write(Snapshot(), options: WriteOptions(byteOrder: .little, dialect: "seed"))
        }
    }

    @Test func malformedSeedRecordsAreErrors() throws {
        // CONNECTION_DATA with flags 1 (the seed writes 0 and its reader requires it)
        let badFlags = hex("7865 6e73 746f 7265 0000 0001 0000 0001 | 0000 0002 0000 0020 | 0000 0001 0000 0001 0000 0001 0000 0007 0000 0000 | 0000 0000 0000 0000 0000 0000 | 0000 0000 0000 0000")
        #expect(throws: ConversionError.self) { try binary.read(badFlags, options: ReadOptions(dialect: "seed")) }
        // A NODE_DATA whose path-len runs past len
        let longPath = hex("7865 6e73 746f 7265 0000 0001 0000 0001 | 0000 0005 0000 001d | 0000 0000 0000 0000 0000 00ff 0000 0000 0000 0000 0000 0001 | 6e 00 0000 | 2f | 000000 | 0000 0000 0000 0000")
        #expect(throws: ConversionError.self) { try binary.read(longPath, options: ReadOptions(dialect: "seed")) }
        let truncated = Array(try Fixtures.bytes("seed/host.bin").prefix(1000))
        #expect(throws: ConversionError.self) { try binary.read(truncated) }
    }
}
