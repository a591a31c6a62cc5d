import Testing
import XSConvertKit

/// Each check of `validate`, triggered by an edit of a real dump (basic.state_dump, written by
/// C xenstored 4.17), and found at the edited record's byte offset.
@Suite struct ValidatorTests {
    static let owner = [Permission(access: Permission.none, domid: 0)]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var target: TargetProfile?
        var severity: ValidationReport.Finding.Severity = .error
        var expected: String
        var edit: @Sendable (inout [Record]) -> Void
        var testDescription: String { name }
    }

    static func node(_ path: String, value: Bytes = [], permissions: [Permission] = owner, pending: Node.PendingAccess? = nil) -> Record {
        .node(Node(path: Bytes(utf8: path), value: value, permissions: permissions, pending: pending))
    }

    static func index(of path: String, in records: [Record]) -> Int {
        records.firstIndex { if case .node(let n) = $0 { n.path == Bytes(utf8: path) } else { false } }!
    }

    static let cases: [Case] = [
        Case(name: "node before its parent", expected: "NODE_DATA /local/domain/1/name comes before its parent /local/domain/1, or without it") { records in
            let child = records.remove(at: index(of: "/local/domain/1/name", in: records))
            records.insert(child, at: index(of: "/local/domain/1", in: records))
        },
        Case(name: "parent missing", expected: "NODE_DATA /vm/00000000-0000-0000-0000-000000000000 comes before its parent /vm, or without it") { records in
            records.remove(at: index(of: "/vm", in: records))
        },
        Case(name: "duplicate path", expected: "NODE_DATA /tool is duplicated") { records in
            records.insert(node("/tool"), at: index(of: "/tool/xenstored", in: records))
        },
        Case(name: "conn-id zero", expected: "CONNECTION_DATA has conn-id 0") { records in
            if case .connection(var c) = records[1] { c.id = 0; records[1] = .connection(c) }
        },
        Case(name: "duplicated conn-id", expected: "CONNECTION_DATA conn-id 1 is duplicated") { records in
            records.insert(.connection(Connection(id: 1, endpoint: .socket(fd: 20))), at: 2)
        },
        Case(name: "watch of an unknown connection", expected: "refers to conn-id 99, which no earlier CONNECTION_DATA defines") { records in
            records.insert(.watch(Watch(connectionID: 99, path: Bytes(utf8: "/vm"), token: Bytes(utf8: "t"))), at: 2)
        },
        Case(name: "transaction of an unknown connection", expected: "TRANSACTION_DATA tx 3 refers to conn-id 42") { records in
            records.insert(.transaction(Transaction(connectionID: 42, id: 3)), at: 2)
        },
        Case(name: "pending node of an unknown transaction",
             expected: "belongs to tx 9 of conn-id 1, which no earlier TRANSACTION_DATA defines") { records in
            records.append(node("/local/domain/0/name", pending: .init(connectionID: 1, transactionID: 9, access: 2)))
        },
        Case(name: "DOMAIN_DATA of an unknown domain", expected: "DOMAIN_DATA for domain 42, which no earlier ring CONNECTION_DATA introduces") { records in
            records.append(.domain(DomainData(domid: 42, features: 2)))
        },
        Case(name: "character outside the path alphabet", expected: "NODE_DATA path \"/local/bad name\": the character ' ' is not one of [A-Za-z0-9/_@-]") { records in
            records.append(node("/local/bad name"))
        },
        Case(name: "trailing slash", expected: "NODE_DATA path \"/local/\": it ends with /") { records in
            records.append(node("/local/"))
        },
        Case(name: "double slash", expected: "it contains //") { records in
            records.append(node("/local//x"))
        },
        Case(name: "relative node path", expected: "it is not absolute") { records in
            records.append(node("local/x"))
        },
        Case(name: "path over 3072 bytes", expected: "bytes long, over the limit of 3072") { records in
            records.append(node("/local/" + String(repeating: "a", count: 3070)))
        },
        Case(name: "value over 4096 bytes", expected: "value of 5000 bytes, over xenstore's limit of 4096") { records in
            records.append(node("/local/big", value: Bytes(repeating: 0x41, count: 5000)))
        },
        Case(name: "value over oxenstored's 2048", target: .oxenstored, expected: "value of 3000 bytes, over oxenstored's limit of 2048") { records in
            records.append(node("/local/big", value: Bytes(repeating: 0x41, count: 3000)))
        },
        Case(name: "permission letter", expected: "permission 2 has the letter \"x\", not one of n r w b") { records in
            records.append(node("/local/x", permissions: owner + [Permission(access: UInt8(ascii: "x"), domid: 1)]))
        },
        Case(name: "permission domid out of range", expected: "permission 2 names domid 32752, outside 0–32751") { records in
            records.append(node("/local/x", permissions: owner + [Permission(access: Permission.read, domid: 0x7FF0)]))
        },
        Case(name: "DOMID_ANY for 4.21", target: .xenstored421, severity: .warning,
             expected: "permission 2 names DOMID_ANY (32757), every domain in Xen 4.22; xenstored-4.21 has no such domain") { records in
            records.append(node("/local/x", permissions: owner + [Permission(access: Permission.read, domid: DomainID.any)]))
        },
        Case(name: "DOMID_ANY owning a node", expected: "permission 1 names domid 32757, outside 0–32751") { records in
            records.append(node("/local/x", permissions: [Permission(access: Permission.read, domid: DomainID.any)]))
        },
        Case(name: "no permissions", expected: "NODE_DATA /local/x has no permissions") { records in
            records.append(node("/local/x", permissions: []))
        },
        Case(name: "ring domid out of range", expected: "ring connection of domid 32752") { records in
            records.insert(.connection(Connection(id: 50, endpoint: .ring(.init(domid: 0x7FF0, eventChannel: 9)))), at: 2)
        },
        Case(name: "missing special node", target: .xenstored417, severity: .warning,
             expected: "no @introduceDomain node: xenstored-4.17 gives it default permissions") { records in
            records.remove(at: index(of: "@introduceDomain", in: records))
        },
        Case(name: "record type 4.17 does not know", target: .xenstored417, severity: .warning,
             expected: "DOMAIN_DATA: xenstored-4.17 does not know it and skips it") { records in
            records.append(.domain(DomainData(domid: 1, features: 2)))
        },
        Case(name: "version 2 stream for 4.17", target: .xenstored417,
             expected: "xenstored-4.17 restores only binary, little-endian, version 1, but the version is 2") { _ in },
        Case(name: "unique-id unknown to 4.17", target: .xenstored417, severity: .warning,
             expected: "has a unique-id, which xenstored-4.17 does not know: it restores the connection and ignores the id") { records in
            if case .connection(var c) = records[1] { c.uniqueID = 77; records[1] = .connection(c) }
        },
        Case(name: "GLOBAL_DATA not first", target: .xenstored417, expected: "CONNECTION_DATA comes first, but xenstored-4.17 needs GLOBAL_DATA first") { records in
            records.swapAt(0, 1)
        },
        Case(name: "dom0 not the first connection", target: .xenstored421,
             expected: "the first connection is domain 1's, but xenstored-4.21 needs dom0's ring connection first") { records in
            records.swapAt(1, 4)  // dom1's ring connection (after dom0's two watches) comes first
        },
        Case(name: "owner without a connection", target: .xenstored417,
             expected: "NODE_DATA /local/x is owned by domain 9, which no earlier ring connection introduces") { records in
            records.append(node("/local/x", permissions: [Permission(access: Permission.none, domid: 9)]))
        },
        Case(name: "pending node applied as committed", target: .xenstored417,
             expected: "is pending in a transaction; xenstored-4.17 would apply it as a committed node") { records in
            records.insert(.transaction(Transaction(connectionID: 1, id: 5)), at: 2)
            records.append(node("/local/domain/0/name", pending: .init(connectionID: 1, transactionID: 5, access: 2)))
        },
        Case(name: "features 4.21 does not implement", target: .xenstored421,
             expected: "DOMAIN_DATA of domain 1 offers features 0xe (ERROR, WATCHDEPTH, DOMID_ANY); xenstored-4.21 implements only 0x2 (ERROR)") { records in
            records.append(.domain(DomainData(domid: 1, features: 0xE)))
        },
        Case(name: "domain quotas 4.21 ignores", target: .xenstored421, severity: .warning,
             expected: "DOMAIN_DATA of domain 1 has 1 quotas, which xenstored-4.21 ignores") { records in
            records.append(.domain(DomainData(domid: 1, features: 2, quotas: [Quota(name: Bytes(utf8: "nodes"), value: 77)])))
        },
        Case(name: "DOMAIN_DATA of a never introduced domain for C", target: .xenstored421,
             expected: "DOMAIN_DATA for domain 5, which no earlier ring CONNECTION_DATA introduces: xenstored-4.21 stops the restore (\"referenced domain not found\")") { records in
            records.append(.domain(DomainData(domid: 5, features: 2)))
        },
        Case(name: "GLOBAL_QUOTA_DATA for 4.21", target: .xenstored421, severity: .warning,
             expected: "GLOBAL_QUOTA_DATA: xenstored-4.21 does not know it and skips it") { records in
            records.insert(.globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1000)])), at: 1)
        },
        Case(name: "depth watch for 4.22", target: .xenstored422, severity: .warning,
             expected: "depth 2: xenstored-4.22 restores it, but its own next live update writes it in a layout it misreads") { records in
            records.insert(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/vm"), token: Bytes(utf8: "t"), depth: 2)), at: 2)
        },
        Case(name: "no listening socket for C", target: .xenstored421, severity: .warning,
             expected: "GLOBAL_DATA names no listening socket (fd -1): xenstored-4.21 restores it and listens on nothing") { records in
            records[0] = .global(GlobalData(socketFD: -1, eventChannelFD: 6))
        },
        Case(name: "pending data for oxenstored", target: .oxenstored,
             expected: "conn-id 7 has pending data, which the oxenstored dump cannot express") { _ in },
    ]

    /// basic.state_dump with `edit` applied, as a version 2 little-endian stream (so that
    /// every record kind can be written), validated against `target`. Read within the widest
    /// limits, so that what the validator judges (a path over xenstore's 3072 bytes, say) is
    /// not already refused by the reader's default limits.
    func validate(_ golden: Case) throws -> (ValidationReport, [Record]) {
        let binary = BinaryStreamAdapter()
        var records = try binary.read(try Fixtures.bytes("cxenstored/basic.state_dump")).0.records
        golden.edit(&records)
        let bytes = try binary.write(Snapshot(records: records), options: WriteOptions(streamVersion: 2))
        return (try Validator.validate(ByteInput(bytes: bytes, name: "edited"), adapter: binary, target: golden.target,
                                       options: ReadOptions(limits: .maximum), diagnostics: Diagnostics()), records)
    }

    @Test(arguments: cases)
    func findsTheFault(_ golden: Case) throws {
        let (validator, _) = try validate(golden)
        let matching = validator.findings.filter { $0.message.contains(golden.expected) }
        #expect(matching.count == 1, "\(validator.findings)")
        #expect(matching.first?.severity == golden.severity)
    }

    @Test func theRealDumpIsValidForCXenstored() throws {
        for target in [nil, TargetProfile.xenstored417, .xenstored421, .xenstored422] {
            let input = ByteInput(bytes: try Fixtures.bytes("cxenstored/basic.state_dump"), name: "basic")
            let validator = try Validator.validate(input, adapter: BinaryStreamAdapter(), target: target, diagnostics: Diagnostics())
            #expect(validator.findings.isEmpty, "\(target?.name ?? "no target"): \(validator.findings)")
        }
    }

    /// Findings name the byte offset of the record at fault.
    @Test func findingsNameTheRecordsOffset() throws {
        let golden = Self.cases.first { $0.name == "relative node path" }!
        let (validator, _) = try validate(golden)
        let finding = try #require(validator.findings.first { $0.message.contains("is not absolute") })
        // The appended node is the last record before END: 8-byte header + 16 fixed + 4 (one
        // permission) + 8 ("local/x" and its NUL) = 40 bytes, then END's 8.
        let (_, records) = try validate(golden)
        let bytes = try BinaryStreamAdapter().write(Snapshot(records: records), options: WriteOptions(streamVersion: 2))
        #expect(finding.location == .byte(UInt64(bytes.count - 8 - 40)))
    }
}

/// Faults of a binary stream's framing, which xsconvert reads through but a C daemon does not.
@Suite struct FramingValidationTests {
    static let header = "78656e73746f7265 00000001 00000000"
    /// GLOBAL_DATA (socket 3, evtchn 6) and dom0's ring CONNECTION_DATA.
    static let start = "01000000 08000000 03000000 06000000"
        + "02000000 18000000 01000000 0000 0000 0000 f47f 02000000 0000 0000 00000000"
    static let end = "00000000 00000000"

    func findings(_ records: String, target: TargetProfile?, version: String = "00000001") throws -> [ValidationReport.Finding] {
        let bytes = hex(Self.header.replacingOccurrences(of: "00000001", with: version) + Self.start + records + Self.end)
        return try Validator.validate(ByteInput(bytes: bytes, name: "in"), adapter: BinaryStreamAdapter(), target: target,
                                      diagnostics: Diagnostics()).findings
    }

    /// NODE_DATA "/a" (23 bytes of body): `len` 23 leaves out its 1 byte of padding. C reads
    /// the next header from byte 23 on: 4.17 lost about 130 nodes of the corpus's basic dump so,
    /// without an error.
    static let unpaddedNode = "05000000 17000000 00000000 00000000 0300 0000 0000 0100 6e000000 2f6100 00"

    @Test(arguments: [TargetProfile.xenstored417, .xenstored421, .xenstored422])
    func anUnpaddedLengthIsAFaultForEveryCProfile(_ target: TargetProfile) throws {
        let found = try findings(Self.unpaddedNode, target: target, version: target.writeVersion == 2 ? "00000002" : "00000001")
        let fault = try #require(found.first { $0.message.contains("leaves out the padding") })
        #expect(fault.severity == .error)
        #expect(fault.location == .byte(64))
        #expect(fault.message.hasPrefix("NODE_DATA's len 23 leaves out the padding to 8 bytes (as 1 record in all do): C xenstored reads each next record"))
    }

    @Test func anUnpaddedLengthIsAWarningWithoutATarget() throws {
        #expect(try findings(Self.unpaddedNode, target: nil).map(\.severity) == [.warning])
    }

    /// WATCH_DATA_EXTENDED of conn 1, "/a", "t", depth 1, in the design document's layout
    /// (path at 12), which 4.22.0 refuses, and in the one it reads (path at 10).
    @Test func the422ReaderTakesOnlyItsOwnWatchLayout() throws {
        let document = "08000000 18000000 01000000 0300 0200 0100 0000 2f6100 7400 00000000000000"
        let noPad = "08000000 10000000 01000000 0300 0200 0100 2f6100 7400 0000"
        let refused = try findings(document, target: .xenstored422, version: "00000002").filter { $0.severity == .error }
        #expect(refused.map(\.message) == [
            "WATCH_DATA_EXTENDED in the design document's layout (path at offset 12): xenstored-4.22 reads the path at offset 10, finds it empty and stops the restore (\"allocation error for read watch\")",
        ])
        #expect(try findings(noPad, target: .xenstored422, version: "00000002").filter { $0.severity == .error }.isEmpty)
        // 4.21 skips the record whatever its layout.
        #expect(try findings(document, target: .xenstored421, version: "00000002").filter { $0.severity == .error }.isEmpty)
    }
}

@Suite struct DiagnosticsTests {
    /// The same made-up data for thousands of domains is one line with a count and an example.
    @Test func synthesizedNotesAreAggregated() {
        let diagnostics = Diagnostics()
        for domid in 1...2000 { diagnostics.synthesized("a guest's mfn, written as 0", example: "dom \(domid)") }
        diagnostics.synthesized("something else")
        #expect(diagnostics.entries.map(\.description) == [
            "synthesized: 2000 × a guest's mfn, written as 0 (e.g. dom 1)", "synthesized: something else",
        ])
    }
}
