import Glibc
import PropertyBased
import TestSupport
import Testing
import XSConvertKit

/// The JSON form: exact text for a small snapshot (written by hand from docs/json.md and the
/// schema), lossless round trips, and every written document valid for the schema according
/// to an independent validator.
@Suite struct JSONFormTests {
    let json = JSONAdapter()
    let binary = BinaryStreamAdapter()

    @Test func writesTheDocumentedForm() throws {
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: 3, eventChannelFD: 6)),
            .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2)))),
            .connection(Connection(id: 2, endpoint: .socket(fd: 7), pendingOutput: Bytes(utf8: "OK"), partialResponseLength: 1)),
            .watch(Watch(connectionID: 1, path: Bytes(utf8: "backend/vbd"), token: Bytes(utf8: "be \"vbd\""), depth: 3)),
            .transaction(Transaction(connectionID: 2, id: 9)),
            .node(Node(path: Bytes(utf8: "/a"), value: [0x62, 0x00, 0x63],
                       permissions: [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 7, flags: 1)])),
            .node(Node(path: Bytes(utf8: "/a/é"), value: Bytes(utf8: "line\n"), permissions: [Permission(access: Permission.both, domid: 1)],
                       pending: .init(connectionID: 2, transactionID: 9, access: 3))),
            .globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1000)])),
            .domain(DomainData(domid: 1, features: 1, quotas: [])),
            .unknown(UnknownRecord(type: 153, body: [1, 2, 3])),
        ])
        let expected = #"{"format":"xsconvert-snapshot","version":1,"records":["#
            + #"{"kind":"global","socketFD":3,"eventChannelFD":6},"#
            + #"{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":2},"#
            + #"{"kind":"connection","id":2,"type":"socket","fd":7,"pendingOutput":{"base64":"T0s="},"partialResponseLength":1},"#
            + #"{"kind":"watch","connection":1,"path":"backend/vbd","token":"be \"vbd\"","depth":3},"#
            + #"{"kind":"transaction","connection":2,"id":9},"#
            + #"{"kind":"node","path":"/a","value":{"base64":"YgBj"},"permissions":["n0","r7!"]},"#
            + #"{"kind":"node","path":"/a/é","value":"line\n","permissions":["b1"],"pending":{"connection":2,"transaction":9,"access":3}},"#
            + #"{"kind":"globalQuota","domainDefaults":[{"name":"nodes","value":1000}],"global":[]},"#
            + #"{"kind":"domain","domid":1,"features":1,"quotas":[]},"#
            + #"{"kind":"unknown","type":153,"body":{"base64":"AQID"}}"#
            + "]}\n"
        let written = try json.write(snapshot)
        #expect(String(decoding: written, as: UTF8.self) == expected)
        #expect(try json.read(written).0 == snapshot)
        #expect(try SchemaValidation.problems([written]) == nil)
    }

    /// A permission letter JSON must escape (`"`, `\`) is written in the object form, and
    /// reads back (found by fuzzing: `""1"` was written for `"` with domid 1).
    @Test func permissionLettersThatNeedEscapingReadBack() throws {
        for letter in [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "x")] {
            let snapshot = Snapshot(records: [.node(Node(path: Bytes(utf8: "/"), permissions: [Permission(access: letter, domid: 1)]))])
            let written = try json.write(snapshot)
            #expect(try json.read(written).0 == snapshot, "\(String(decoding: written, as: UTF8.self))")
        }
    }

    /// Text only when it is UTF-8 without NUL; anything else, even one bad byte, is base64.
    @Test func bytesAreTextOnlyWhenTheyAreText() throws {
        let values: [(Bytes, String)] = [
            (Bytes(utf8: "grüße ✓"), #""grüße ✓""#),
            (Bytes(utf8: "QUJD"), #""QUJD""#),  // looks like base64, but is text
            ([0x41, 0x00], #"{"base64":"QQA="}"#),
            ([0xC3], #"{"base64":"ww=="}"#),  // a truncated sequence
            ([0xED, 0xA0, 0x80], #"{"base64":"7aCA"}"#),  // a surrogate
            ([0xC0, 0x80], #"{"base64":"wIA="}"#),  // overlong NUL
            ([0x01, 0x7F], #""\u0001\#u{7F}""#),
        ]
        for (value, shown) in values {
            let written = String(decoding: try json.write(Snapshot(records: [.node(Node(path: Bytes(utf8: "/v"), value: value, permissions: []))])), as: UTF8.self)
            #expect(written.contains(#""value":"# + shown), "\(value)")
        }
    }

    /// Every value is written exactly as JSON spells it (escapes, runs of plain text of every
    /// length around the writer's eight-byte steps, multi-byte characters) or, when it is not
    /// text, as base64; and reads back.
    @Test func valuesAreSpelledAsJSONRequires() async throws {
        let alphabet: [Bytes] = [[0x61], [0x22], [0x5C], [0x0A], [0x09], [0x0D], [0x01], [0x1F], [0x7F], [0x00],
                                 [0xC3, 0xA9], [0xE2, 0x9C, 0x93], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xFF]]
        let pieces = Gen<Int>.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }
        let runs = zip(pieces, Gen<Int>.int(in: 0...9)).map { (t: (Bytes, Int)) -> Bytes in
            t.0 == [0x61] ? Bytes(repeating: 0x61, count: t.1) : t.0
        }
        await propertyCheck(count: 400, input: runs.array(of: 0...8).map { $0.flatMap { $0 } }) { value in
            let snapshot = Snapshot(records: [.node(Node(path: Bytes(utf8: "/v"), value: value, permissions: []))])
            let written = String(decoding: try json.write(snapshot), as: UTF8.self)
            if let text = String(validating: value, as: UTF8.self), !value.contains(0) {
                var spelled = "\""
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "\"": spelled += "\\\""
                    case "\\": spelled += "\\\\"
                    case "\n": spelled += "\\n"
                    case "\t": spelled += "\\t"
                    case "\r": spelled += "\\r"
                    case "\u{0}"..."\u{1F}": spelled += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                    default: spelled.unicodeScalars.append(scalar)
                    }
                }
                #expect(written.contains(#""value":"# + spelled + "\","), "\(value)")
            } else {
                #expect(written.contains(#""value":{"base64":""#), "\(value)")
            }
            #expect(try json.read(Bytes(written.utf8)).0 == snapshot)
        }
    }

    @Test(arguments: Fixtures.cxenstoredDumps)
    func binaryToJSONToBinaryIsIdentical(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let (snapshot, info) = try binary.read(original)
        var documents: [Bytes] = []
        for pretty in [false, true] {
            let document = try json.write(snapshot, source: info, options: WriteOptions(pretty: pretty))
            documents.append(document)
            let (back, backInfo) = try json.read(document)
            #expect(back == snapshot)
            #expect(backInfo.origin == info)
            // JSON → JSON is identical too.
            #expect(try json.write(back, source: backInfo, options: WriteOptions(pretty: pretty)) == document)
            #expect(try binary.write(back, source: backInfo) == original)
        }
        #expect(try SchemaValidation.problems(documents) == nil)
    }

    @Test(arguments: Fixtures.oxenstoredDumps + ["seed/host.bin"])
    func otherFormatsSurviveJSON(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let adapter = try FormatRegistry.standard.detect(ByteInput(bytes: original))
        let (snapshot, info) = try adapter.read(original)
        let document = try json.write(snapshot, source: info)
        let (back, _) = try json.read(document)
        #expect(back == snapshot)
        if adapter.name == "oxenstored" { #expect(try adapter.write(back, source: info) == original) }
        #expect(try SchemaValidation.problems([document]) == nil)
    }

    @Test func generatedSnapshotsRoundTripAndValidate() async throws {
        let documents = Mutex<[Bytes]>([])
        await propertyCheck(count: 150, input: SnapshotGen.snapshot) { snapshot in
            for pretty in [false, true] {
                let document = try json.write(snapshot, options: WriteOptions(pretty: pretty))
                #expect(try json.read(document).0 == snapshot)
                documents.withLock { $0.append(document) }
            }
        }
        #expect(try SchemaValidation.problems(documents.withLock { $0 }) == nil)
    }
}

/// A lock for collecting results from property checks.
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLockLike()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// pthread mutex, to stay clear of Foundation's NSLock in this file.
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}

@Suite struct SchemaValidatorTests {
    /// The external check is not vacuous: a document the schema forbids is reported.
    @Test func rejectsADocumentTheSchemaForbids() throws {
        let bad = Bytes(utf8: #"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"node","path":"/a","value":"","permissions":["r"]}]}"#)
        let report = try #require(try SchemaValidation.problems([bad]))
        #expect(report.contains("$.records[0]"))
    }
}
