import PropertyBased
import Testing
@testable import XSConvertKit

/// The borrowed path (`RecordView`): a binary conversion that lends plain records from the
/// input's buffer writes exactly what the same conversion through the model writes — the same
/// bytes, the same warnings, the same losses, the same error at the same place — in both byte
/// orders and both versions; and each kind of record that needs the model goes through it.
@Suite struct BorrowedPathTests {
    let binary = BinaryStreamAdapter()

    /// What a conversion wrote and said, or the error it stopped with.
    struct Outcome: Equatable, CustomStringConvertible {
        var bytes: Bytes?
        var messages: [String]
        var lent: Int

        /// Short enough for a failed expectation: the size and a checksum of the bytes.
        var description: String {
            let sum = bytes.map { $0.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) } }
            return "\(bytes.map { "\($0.count) bytes, checksum \(sum!)" } ?? "no output"); \(messages)"
        }
    }

    /// Converts `bytes` into a stream in `order` and `version`, as `Converter` does, lending
    /// records or not.
    func convert(_ bytes: Bytes, order: ByteOrder, version: UInt32, lending: Bool) -> Outcome {
        let diagnostics = Diagnostics()
        var counting: CountingLender?
        do {
            let input = ByteInput(bytes: bytes, name: "in")
            let reader = try binary.makeReader(input, options: ReadOptions(), diagnostics: diagnostics)
            let sink = MemorySink()
            let output = ByteOutput(sink: sink, name: "out")
            let writer = try binary.makeWriter(output, source: reader.info,
                                               options: WriteOptions(byteOrder: order, streamVersion: version, allowLoss: true),
                                               diagnostics: diagnostics)
            let check = RestoreCheck(for: writer.info, checksParents: false)
            counting = lending ? (reader as? MigrationStreamReader).map { CountingLender(inner: $0) } : nil
            _ = try RecordWriting.writeAll(reader.next, lendingFrom: counting, into: writer, output: output, input: input,
                                           checking: check, at: { reader.location })
            check?.finish()
            return Outcome(bytes: sink.bytes, messages: diagnostics.entries.map(\.message) + [check?.fault?.message ?? ""],
                           lent: counting?.lent ?? 0)
        } catch {
            return Outcome(bytes: nil, messages: diagnostics.entries.map(\.message) + ["\(error)"], lent: counting?.lent ?? 0)
        }
    }

    /// A lender that counts what it lends.
    final class CountingLender: RecordViewReader {
        let inner: MigrationStreamReader
        var lent = 0
        init(inner: MigrationStreamReader) { self.inner = inner }
        var info: StreamInfo { inner.info }
        var location: XSConvertKit.SourceLocation { inner.location }
        func next() throws -> Record? { try inner.next() }
        func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int) {
            let result = try inner.lendRecords(to: take)
            lent += result.records
            return result
        }
    }

    /// Both paths, every output order and version, for one input: the same outcome; returns
    /// how many records the borrowed path lent.
    @discardableResult
    func expectSameOutcome(_ bytes: Bytes, _ comment: Comment? = nil) -> Int {
        var lent = 0
        for order in ByteOrder.allCases {
            for version: UInt32 in [1, 2] {
                var borrowed = convert(bytes, order: order, version: version, lending: true)
                let model = convert(bytes, order: order, version: version, lending: false)
                lent = max(lent, borrowed.lent)
                borrowed.lent = 0
                #expect(borrowed == model, comment)
            }
        }
        return lent
    }

    @Test func generatedStreamsConvertAsThroughTheModel() async {
        await propertyCheck(count: 150, input: SnapshotGen.snapshot) { snapshot in
            for order in ByteOrder.allCases {
                for version: UInt32 in [1, 2] {
                    let bytes = try binary.write(snapshot, options: WriteOptions(byteOrder: order, streamVersion: version, allowLoss: true))
                    expectSameOutcome(bytes)
                }
            }
        }
    }

    @Test(arguments: Fixtures.cxenstoredDumps + Fixtures.cxenstored421Dumps + Fixtures.cxenstored422Dumps + ["seed/host.bin"])
    func corpusDumpsConvertAsThroughTheModel(_ name: String) throws {
        let lent = expectSameOutcome(try Fixtures.bytes(name), "\(name)")
        if name.hasPrefix("cxenstored/") { #expect(lent > 0, "\(name): nothing was lent") }
        if name.hasPrefix("seed/") { #expect(lent == 0, "the seed's layout is not the standard one") }
    }

    /// A real dump with one byte flipped anywhere: the same output, or the same error.
    @Test func damagedDumpsFailAsThroughTheModel() throws {
        let dump = try Fixtures.bytes("cxenstored/basic.state_dump")
        var generator = SplitMix64(seed: 0x17)
        for _ in 0..<300 {
            var damaged = dump
            let index = 16 + Int(generator.next() % UInt64(dump.count - 16))
            damaged[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            expectSameOutcome(damaged, "byte \(index)")
        }
        for length in stride(from: 16, to: dump.count, by: 7) {
            expectSameOutcome(Array(dump[..<length]), "truncated at \(length)")
        }
    }

    // MARK: - Which records are lent

    /// The types lent, in order, of the records of `records` written as a version-2 stream in
    /// `order`, each taken if `take` says so; then the rest is read through the model.
    func lentTypes(_ records: [Record], order: ByteOrder = .little, raw: Bytes? = nil) throws -> [RecordType] {
        let bytes = try raw ?? binary.write(Snapshot(records: records), options: WriteOptions(byteOrder: order, streamVersion: 2))
        let reader = try #require(try binary.makeReader(ByteInput(bytes: bytes), options: ReadOptions(), diagnostics: Diagnostics())
                                  as? MigrationStreamReader)
        var types: [RecordType] = []
        repeat {
            _ = try reader.lendRecords { view in
                types.append(view.type)
                return true
            }
        } while try reader.next() != nil
        return types
    }

    static let ring = Record.connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2))))
    static let node = Record.node(Node(path: Bytes(utf8: "/a"), value: Bytes(utf8: "v"), permissions: [Permission(access: Permission.none, domid: 0)]))

    @Test func plainRecordsAreLent() throws {
        let records: [Record] = [
            Self.ring,
            .connection(Connection(id: 2, endpoint: .socket(fd: 5))),
            .connection(Connection(id: 3, endpoint: .other(type: 7, spec: Array(0..<8)), pendingInput: [1, 2, 3])),
            .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"))),
            .transaction(Transaction(connectionID: 1, id: 4)),
            Self.node,
            .node(Node(path: Bytes(utf8: "/b"), value: [0, 1], permissions: [], pending: .init(connectionID: 1, transactionID: 4, access: 0))),
        ]
        for order in ByteOrder.allCases {
            #expect(try lentTypes(records, order: order) == [.connectionData, .connectionData, .connectionData, .watchData,
                                                              .transactionData, .nodeData, .nodeData])
        }
    }

    /// Each kind of record that needs the model is read through it, and lending goes on after it.
    @Test(arguments: [
        ("GLOBAL_DATA (an extension may follow)", Record.global(GlobalData(socketFD: 3, eventChannelFD: 4))),
        ("a connection with a unique-id", .connection(Connection(id: 9, endpoint: .socket(fd: 5), uniqueID: 7))),
        ("a ring with oxenstored's fields (an extension follows)", .connection(Connection(id: 9, endpoint: .ring(.init(domid: 3, eventChannel: 1, mfn: 77, remotePort: 5))))),
        ("WATCH_DATA_EXTENDED", .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"), depth: 2))),
        ("GLOBAL_QUOTA_DATA", .globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1)]))),
        ("DOMAIN_DATA", .domain(DomainData(domid: 0, features: 0))),
        ("a record of unknown type", .unknown(UnknownRecord(type: 99, body: Array(repeating: 1, count: 8)))),
    ])
    func recordsNeedingTheModelAreNotLent(_ what: String, _ record: Record) throws {
        #expect(try lentTypes([Self.ring, record, Self.node]) == [.connectionData, .nodeData], "\(what)")
    }

    /// Records that are well formed but not plain: the model reads them and says what it finds.
    @Test func unusualRecordsAreNotLent() throws {
        let plain = try binary.write(Snapshot(records: [Self.ring, Self.node]), options: WriteOptions(streamVersion: 1))
        // A committed node carrying a tx-id (warned about and ignored), a socket's pad not 0,
        // an unpadded len: patched into the stream above.
        let nodeAt = 16 + 32  // header, the ring's 8 + 24
        var withTransaction = plain
        withTransaction[nodeAt + 8 + 4] = 9
        #expect(try lentTypes([], raw: withTransaction) == [.connectionData])
        let socket = try binary.write(Snapshot(records: [.connection(Connection(id: 2, endpoint: .socket(fd: 5))), Self.node]),
                                      options: WriteOptions(streamVersion: 1))
        var withPad = socket
        withPad[16 + 8 + 12] = 1
        #expect(try lentTypes([], raw: withPad) == [.nodeData])
        // A path over the limit: the model reads it, and refuses it.
        let long = Record.node(Node(path: Bytes(utf8: "/" + String(repeating: "x", count: 4000)), permissions: [Permission(access: Permission.none, domid: 0)]))
        let bytes = try binary.write(Snapshot(records: [Self.ring, long]), options: WriteOptions(streamVersion: 1))
        #expect(throws: ConversionError.self) { _ = try lentTypes([], raw: bytes) }
        #expect(expectSameOutcome(bytes) == 1)
    }
}
