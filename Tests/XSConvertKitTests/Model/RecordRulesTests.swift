import Testing
import XSConvertKit

/// The records no format may hold (`RecordRules`): every writer refuses each with the same
/// data error its readers give, so a snapshot built in code cannot become output that does
/// not read back. (The readers' side: the malformed-input suite's "What no writer may
/// write" cases.)
@Suite struct RecordRulesTests {
    static let n0 = [Permission(access: Permission.none, domid: 0)]

    /// Each with a fragment of its message.
    static let broken: [(Record, String)] = [
        (.node(Node(path: Bytes(utf8: "/a\u{0}b"), permissions: n0)), #"NODE_DATA path "/a\0b" has a NUL at byte 2"#),
        (.watch(Watch(connectionID: 1, path: [0], token: Bytes(utf8: "t"))), #"WATCH_DATA path "\0" has a NUL at byte 0"#),
        (.watch(Watch(connectionID: 1, path: Bytes(utf8: "/w"), token: [0x74, 0], depth: 1)), #"WATCH_DATA_EXTENDED token "t\0" has a NUL"#),
        (.domain(DomainData(domid: 1, quotas: [Quota(name: [0x71, 0], value: 1)])), #"DOMAIN_DATA quota name "q\0" has a NUL"#),
        (.globalQuota(GlobalQuota(domainDefaults: [Quota(name: [0], value: 1)])), #"GLOBAL_QUOTA_DATA quota name "\0" has a NUL"#),
        (.unknown(UnknownRecord(type: 5, body: [])), "type 5 is NODE_DATA's, not an unknown type"),
        (.unknown(UnknownRecord(type: 0, body: [])), "type 0 is END's"),
        (.unknown(UnknownRecord(type: 0x7873_6301, body: [])), "is xsconvert's XSCONVERT_OXENSTORED"),
        (.node(Node(path: Bytes(utf8: "/a"), permissions: n0, pending: .init(connectionID: 0, transactionID: 1, access: 1))),
         "pending in a transaction of conn-id 0"),
        (.connection(Connection(id: 1, endpoint: .other(type: 1, spec: Bytes(repeating: 0, count: 8)))), "conn-type 1 is a socket"),
        (.connection(Connection(id: 1, endpoint: .other(type: 9, spec: [1]))), "conn-spec of type 9 must be 8 bytes, not 1"),
        (.connection(Connection(id: 1, endpoint: .socket(fd: 3), pendingInput: Bytes(repeating: 0, count: 70_000))),
         "70000 bytes of pending input, more than in-data-len can say"),
        (.connection(Connection(id: 1, endpoint: .socket(fd: 3), pendingOutput: [1], partialResponseLength: 2)),
         "out-resp-len 2 exceeds the 1 bytes of pending output"),
        (.node(Node(path: Bytes(utf8: "/") + Bytes(repeating: 0x61, count: 0xFFFF), permissions: n0)), "path of 65536 bytes is over the limit of 65534"),
        (.node(Node(path: Bytes(utf8: "/v"), value: Bytes(repeating: 0x61, count: 70_000), permissions: n0)), "a value of 70000 bytes is over the limit of 65535"),
    ]

    static let writers: [(String, WriteOptions)] = [
        ("binary", WriteOptions(streamVersion: 2)), ("binary", WriteOptions(dialect: "seed")), ("oxenstored", WriteOptions()),
        ("json", WriteOptions()), ("xenstore-ls", WriteOptions()),
    ]

    @Test(arguments: broken.indices)
    func everyWriterRefusesIt(_ index: Int) throws {
        let (record, fragment) = Self.broken[index]
        #expect(RecordRules.problem(with: record)?.message.contains(fragment) == true, "\(String(describing: RecordRules.problem(with: record)))")
        for (format, options) in Self.writers {
            var options = options
            options.allowLoss = true
            #expect("\(format) \(options.dialect ?? "")") {
                _ = try FormatRegistry.standard.adapter(named: format).write(Snapshot(records: [record]), options: options)
            } throws: { error in
                guard let error = error as? ConversionError else { return false }
                return error.kind == .data && error.message.contains(fragment)
            }
        }
    }

    /// The default limits are xenstore's; within raised limits the same record is fine.
    @Test func theLimitsAreTheDaemons() {
        let path = Bytes(utf8: "/") + Bytes(repeating: 0x61, count: 3072)
        let node = Record.node(Node(path: path, permissions: Self.n0))
        #expect(RecordRules.problem(with: node, within: ReadLimits())?.limit == .pathLength)
        #expect(RecordRules.problem(with: node, within: ReadLimits(pathLength: 3073)) == nil)
        let value = Record.node(Node(path: Bytes(utf8: "/v"), value: Bytes(repeating: 0, count: 4097), permissions: Self.n0))
        #expect(RecordRules.problem(with: value, within: ReadLimits())?.limit == .valueLength)
        #expect(RecordRules.problem(with: value, within: ReadLimits(valueLength: 4097, recordSize: 4100))?.limit == .recordSize)
        #expect(ReadLimits.problem(setting: .pathLength, to: 65535) != nil)
        #expect(ReadLimits.problem(setting: .valueLength, to: 0) != nil)
        #expect(ReadLimits.problem(setting: .recordSize, to: 1 << 30) == nil)
    }
}

/// Warnings and findings are counted, and only the first kept: an input of millions of
/// faults costs counters, not a list of millions.
@Suite struct BoundedReportTests {
    @Test func diagnosticsKeepTheFirstWarnings() {
        let diagnostics = Diagnostics(warningLimit: 20)
        for index in 0..<100_000 { diagnostics.warn("warning \(index)") }
        diagnostics.synthesized("made up")
        #expect(diagnostics.warningCount == 100_000)
        #expect(diagnostics.unlistedWarnings == 99_980)
        #expect(diagnostics.entries.count == 21)
        #expect(diagnostics.entries.last?.severity == .synthesized)
    }

    /// inspect counts records of unknown type by type for the first 64 types, the rest in all.
    @Test func inspectCountsTheFirstUnknownTypes() throws {
        var stream = Bytes(utf8: "xenstore") + [0, 0, 0, 1, 0, 0, 0, 0]
        for type in UInt32(1000)..<1100 { stream += withUnsafeBytes(of: type.littleEndian, Array.init) + [8, 0, 0, 0] + Bytes(repeating: 0, count: 8) }
        stream += Bytes(repeating: 0, count: 8)
        let inspection = try Inspection(ByteInput(bytes: stream), adapter: BinaryStreamAdapter(), diagnostics: Diagnostics())
        #expect(inspection.unknownTypes.count == Inspection.unknownTypeLimit)
        #expect(inspection.otherUnknownRecords == 100 - Inspection.unknownTypeLimit)
    }

    /// 5000 records of unknown type (a reader warning each) and 5000 special nodes no daemon
    /// knows (a validator warning each): 20 and 1000 of them are kept.
    @Test func validateKeepsTheFirstFindings() throws {
        var stream = Bytes(utf8: "xenstore") + [0, 0, 0, 1, 0, 0, 0, 0]
        for index in 0..<5000 {
            stream += [99, 0, 0, 0, 8, 0, 0, 0] + Bytes(repeating: 0, count: 8)
            // NODE_DATA, len 32: conn-id 0, tx-id 0, path-len 7, value-len 0, access 0,
            // perm-count 1, perm n0, `@n0000` + NUL (27 bytes), five bytes of padding.
            stream += [5, 0, 0, 0, 32, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0]
            stream += [UInt8(ascii: "n"), 0, 0, 0] + Bytes(utf8: "@n" + String(10_000 + index).dropFirst()) + [0, 0, 0, 0, 0, 0]
        }
        stream += Bytes(repeating: 0, count: 8)
        let diagnostics = Diagnostics()
        let validator = try Validator.validate(ByteInput(bytes: stream), adapter: BinaryStreamAdapter(), target: nil, diagnostics: diagnostics)
        #expect(validator.warningCount == 5000)
        #expect(validator.findings.count == ValidationReport.findingLimit)
        #expect(validator.unlistedFindings == 5000 - ValidationReport.findingLimit)
        #expect(diagnostics.warningCount == 5000)
        #expect(diagnostics.entries.count == diagnostics.warningLimit)
    }
}
