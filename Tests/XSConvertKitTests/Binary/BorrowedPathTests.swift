import PropertyBased
import Testing
@testable import XSConvertKit

/// The borrowed path (`RecordView`): a conversion of a binary stream that lends plain records
/// from the input's buffer writes exactly what the same conversion through the model writes —
/// the same bytes, the same warnings, the same losses, the same error at the same place — as a
/// stream in both byte orders and both versions, and as JSON; and each kind of record that
/// needs the model goes through it.
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

    /// Converts `bytes` into a stream in `order` and `version` (or into JSON, pretty or not), as
    /// `Converter` does, lending records or not.
    func convert(_ bytes: Bytes, order: ByteOrder, version: UInt32, json: Bool = false, lending: Bool) -> Outcome {
        let diagnostics = Diagnostics()
        var counting: CountingLender?
        do {
            let input = ByteInput(bytes: bytes, name: "in")
            let reader = try FormatRegistry.standard.detect(input).makeReader(input, options: ReadOptions(), diagnostics: diagnostics)
            let sink = MemorySink()
            let output = ByteOutput(sink: sink, name: "out")
            let options = json ? WriteOptions(pretty: order == .big) : WriteOptions(byteOrder: order, streamVersion: version, allowLoss: true)
            let writer = try (json ? JSONAdapter() as any FormatAdapter : binary)
                .makeWriter(output, source: reader.info, options: options, diagnostics: diagnostics)
            let check = RestoreCheck(for: writer.info)
            counting = lending ? (reader as? any RecordViewReader).map { CountingLender(inner: $0) } : nil
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
        let inner: any RecordViewReader
        var lent = 0
        init(inner: any RecordViewReader) { self.inner = inner }
        var info: StreamInfo { inner.info }
        var location: XSConvertKit.SourceLocation { inner.location }
        func next() throws -> Record? { try inner.next() }
        func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int) {
            let result = try inner.lendRecords(to: take)
            lent += result.records
            return result
        }
    }

    /// Both paths, every output order and version, and JSON (compact, pretty), for one input:
    /// the same outcome; returns how many records the borrowed path lent.
    @discardableResult
    func expectSameOutcome(_ bytes: Bytes, _ comment: Comment? = nil) -> Int {
        var lent = 0
        for order in ByteOrder.allCases {
            for (version, json): (UInt32, Bool) in [(1, false), (2, false), (1, true)] {
                var borrowed = convert(bytes, order: order, version: version, json: json, lending: true)
                let model = convert(bytes, order: order, version: version, json: json, lending: false)
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

    // MARK: - oxenstored's text dump

    /// Plain `store` and `watch` lines are built straight into records; the conversion writes
    /// what the same conversion through the model writes, in every form.
    @Test(arguments: Fixtures.oxenstoredDumps)
    func textDumpsConvertAsThroughTheModel(_ name: String) throws {
        #expect(expectSameOutcome(try Fixtures.bytes(name), "\(name)") > 0, "\(name): nothing was lent")
    }

    @Test func generatedTextDumpsConvertAsThroughTheModel() async {
        let text = OxenstoredAdapter()
        await propertyCheck(count: 150, input: SnapshotGen.snapshot) { snapshot in
            guard let bytes = try? text.write(snapshot, options: WriteOptions(allowLoss: true)) else { return }
            expectSameOutcome(bytes)
        }
    }

    /// Lines that are not plain, or that the mapping does more with, go through the model, with
    /// the same warnings and errors; the plain line before them is lent.
    @Test(arguments: [
        ("a special node", "store,2f40696e74726f64756365446f6d61696e,6e30,"),
        ("a node again", "store,2f61,6e30,"),
        ("a node without its parent", "store,2f782f79,6e30,"),
        ("upper-case hex", "store,2F62,6E30,41"),
        ("an odd number of digits", "store,2f62,6e30,414"),
        ("a non-digit", "store,2f62,6e30,4g"),
        ("a domid oxenstored reads another way", "store,2f62,6e2b30,"),
        ("a trailing NUL in the permissions", "store,2f62,6e3000,"),
        ("a value over Debian's quota", "store,2f62,6e30," + String(repeating: "41", count: 2049)),
        ("a fifth field", "store,2f62,6e30,41,42"),
        ("a watch with a depth", "watch,0,2f61,74,3"),
        ("a watch of a socket with no line", "watch,-9,2f61,74"),
        ("a watch path with a NUL", "watch,0,2f6100,74"),
        ("a line of another kind", "evtchn-dev,3,4"),
        ("a line with a CR", "store,2f62,6e30,41\r"),
    ])
    func unusualLinesGoThroughTheModel(_ what: String, _ line: String) throws {
        let dump = "$xenstored-dump-format\nglobal,5\ndom,0,0,1,2\nstore,2f,6e30,\nstore,2f61,6e30,\n" + line
            + "\nstore,2f612f62,6e30,\nwatch,0,2f61,74\n"
        let lent = expectSameOutcome(Bytes(utf8: dump), "\(what)")
        #expect(lent >= 1, "\(what): the plain lines were lent")
    }

    // MARK: - JSON

    /// Plain records of a JSON document (compact or pretty) are built straight into records;
    /// the conversion writes what the same conversion through the model writes.
    @Test func generatedJSONDocumentsConvertAsThroughTheModel() async {
        let json = JSONAdapter()
        await propertyCheck(count: 150, input: SnapshotGen.snapshot) { snapshot in
            for pretty in [false, true] {
                let document = try json.write(snapshot, source: StreamInfo(format: "binary", version: 1), options: WriteOptions(pretty: pretty))
                expectSameOutcome(document)
            }
        }
    }

    @Test(arguments: Fixtures.cxenstoredDumps + Fixtures.oxenstoredDumps)
    func corpusAsJSONConvertsAsThroughTheModel(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let adapter = try FormatRegistry.standard.detect(ByteInput(bytes: bytes))
        let (snapshot, info) = try adapter.read(bytes)
        #expect(expectSameOutcome(try JSONAdapter().write(snapshot, source: info)) > 0, "\(name): nothing was lent")
    }

    /// A JSON document's plain connections are built straight into records and lent, a ring's
    /// or a socket's; one with oxenstored's ring fields (which the standard layout holds only
    /// with xsconvert's extension record) is read straight into the model from the same bytes,
    /// and lending goes on after it.
    @Test func plainJSONConnectionsAreLentOrReadAhead() throws {
        let document = #"{"format":"xsconvert-snapshot","version":1,"source":{"format":"binary","version":1},"records":["#
            + #"{"kind":"global","socketFD":5,"eventChannelFD":6},{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":1},"#
            + #"{"kind":"connection","id":2,"type":"socket","fd":7},"#
            + #"{"kind":"connection","id":3,"type":"ring","domid":4,"targetDomid":2,"eventChannel":9,"mfn":123,"remotePort":8},"#
            + #"{"kind":"connection","id":4,"type":"ring","domid":5,"mfn":124,"remotePort":10},"#
            + #"{"kind":"node","path":"/a","value":"v","permissions":["n0"]}]}"#
        let input = ByteInput(bytes: Bytes(utf8: document), name: "in")
        let reader = try #require(try JSONAdapter().makeReader(input, options: ReadOptions(), diagnostics: Diagnostics()) as? SnapshotJSONReader)
        var lent: [RecordType] = [], read: [Record] = []
        repeat {
            _ = try reader.lendRecords { view in
                lent.append(view.type)
                return true
            }
            guard let record = try reader.next() else { break }
            read.append(record)
        } while true
        #expect(lent == [.connectionData, .connectionData, .nodeData])
        #expect(read == [
            .global(GlobalData(socketFD: 5, eventChannelFD: 6)),
            .connection(Connection(id: 3, endpoint: .ring(.init(domid: 4, targetDomid: 2, eventChannel: 9, mfn: 123, remotePort: 8)))),
            .connection(Connection(id: 4, endpoint: .ring(.init(domid: 5, eventChannel: nil, mfn: 124, remotePort: 10)))),
        ])
        #expect(expectSameOutcome(Bytes(utf8: document)) == 3)
    }

    /// Records that are not plain go through the scanner and the model, with the same
    /// messages; the plain record before them is lent.
    @Test(arguments: [
        ("members in another order", #"{"path":"/b","kind":"node","value":"","permissions":["n0"]}"#),
        ("an escape", #"{"kind":"node","path":"/b","value":"a\nb","permissions":["n0"]}"#),
        ("base64", #"{"kind":"node","path":"/b","value":{"base64":"AA=="},"permissions":["n0"]}"#),
        ("a pending node", #"{"kind":"node","path":"/b","value":"","permissions":["n0"],"pending":{"connection":1,"transaction":2,"access":1}}"#),
        ("a permission object", #"{"kind":"node","path":"/b","value":"","permissions":[{"access":110,"flags":0,"domid":0}]}"#),
        ("a domid too large", #"{"kind":"node","path":"/b","value":"","permissions":["n65536"]}"#),
        ("a permission without domid", #"{"kind":"node","path":"/b","value":"","permissions":["n"]}"#),
        ("a member too many", #"{"kind":"node","path":"/b","value":"","permissions":["n0"],"x":1}"#),
        ("a watch with a depth", #"{"kind":"watch","connection":1,"path":"/a","token":"t","depth":2}"#),
        ("a number with an exponent", #"{"kind":"watch","connection":1e0,"path":"/a","token":"t"}"#),
        ("a negative conn-id", #"{"kind":"transaction","connection":-1,"id":2}"#),
        ("a path over the limit", #"{"kind":"node","path":"/"# + String(repeating: "x", count: 3100) + #"","value":"","permissions":["n0"]}"#),
        ("a raw control character", "{\"kind\":\"node\",\"path\":\"/b\",\"value\":\"\u{1}\",\"permissions\":[\"n0\"]}"),
        ("a record cut short", #"{"kind":"node","path":"/b""#),
        ("a connection's members in another order", #"{"kind":"connection","type":"ring","id":2,"domid":1,"eventChannel":1}"#),
        ("a connection with a unique-id", #"{"kind":"connection","id":2,"type":"socket","fd":4,"uniqueID":5}"#),
        ("a connection with pending data", #"{"kind":"connection","id":2,"type":"ring","domid":1,"eventChannel":1,"pendingInput":"AAE="}"#),
        ("a socket's negative fd", #"{"kind":"connection","id":2,"type":"socket","fd":-1}"#),
        ("a socket's fd too large", #"{"kind":"connection","id":2,"type":"socket","fd":2147483648}"#),
        ("an mfn too large", #"{"kind":"connection","id":2,"type":"ring","domid":1,"mfn":9223372036854775808,"remotePort":3}"#),
        ("oxenstored's members out of order", #"{"kind":"connection","id":2,"type":"ring","domid":1,"remotePort":3,"mfn":4}"#),
        ("a domid too large", #"{"kind":"connection","id":2,"type":"ring","domid":65536,"eventChannel":1}"#),
        ("a connection of another type", #"{"kind":"connection","id":2,"type":"other","connType":7,"spec":"AAAAAAAAAAA="}"#),
        ("a connection cut short", #"{"kind":"connection","id":2,"type":"ring","domid":1"#),
    ])
    func unusualJSONRecordsGoThroughTheModel(_ what: String, _ record: String) throws {
        let document = #"{"format":"xsconvert-snapshot","version":1,"source":{"format":"binary","version":1},"records":["#
            + #"{"kind":"global","socketFD":5,"eventChannelFD":6},{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":1},"#
            + #"{"kind":"node","path":"/a","value":"v","permissions":["n0","r1!"]},"# + record
            + #",{"kind":"transaction","connection":1,"id":3}]}"#
        #expect(expectSameOutcome(Bytes(utf8: document), "\(what)") >= 1, "\(what): the plain record before was lent")
    }
}
