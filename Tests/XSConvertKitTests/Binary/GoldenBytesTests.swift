import Testing
import XSConvertKit

/// Every record type in both byte orders, against bytes written by hand from the tables of
/// FORMATS.md §1 (not from xsconvert's output): writing produces exactly these bytes and
/// reading them gives back the record.
@Suite struct GoldenBytesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var record: Record
        var version: UInt32
        var little: String
        var big: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "GLOBAL_DATA", record: .global(GlobalData(socketFD: 3, eventChannelFD: -1)), version: 1,
             little: "01000000 08000000 | 03000000 ffffffff",
             big: "00000001 00000008 | 00000003 ffffffff"),
        Case(name: "CONNECTION_DATA ring",
             record: .connection(Connection(id: 1, endpoint: .ring(.init(domid: 1, targetDomid: 0x7FF4, eventChannel: 5)))),
             version: 1,
             // conn-id | type 0, fields 0 | domid 1, tdomid 0x7ff4, evtchn 5 | in 0, resp 0, out 0
             little: "02000000 18000000 | 01000000 0000 0000 | 0100 f47f 05000000 | 0000 0000 00000000",
             big: "00000002 00000018 | 00000001 0000 0000 | 0001 7ff4 00000005 | 0000 0000 00000000"),
        Case(name: "CONNECTION_DATA socket with data and unique-id",
             record: .connection(Connection(
                id: 2, endpoint: .socket(fd: 7), uniqueID: 0x0102_0304_0506_0708,
                pendingInput: Bytes(utf8: "AB"), pendingOutput: Bytes(utf8: "xyz"), partialResponseLength: 1)),
             version: 2,
             // 24 fixed + "AB" + "xyz" = 29, 3 zeros to offset 32, u64 unique-id: len 40
             little: "02000000 28000000 | 02000000 0100 0100 | 07000000 00000000 | 0200 0100 03000000 | 4142 78797a 000000 | 0807060504030201",
             big: "00000002 00000028 | 00000002 0001 0001 | 00000007 00000000 | 0002 0001 00000003 | 4142 78797a 000000 | 0102030405060708"),
        Case(name: "WATCH_DATA",
             record: .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"))), version: 1,
             // 8 fixed + "/a\0" + "t\0" = 13, len padded to 16
             little: "03000000 10000000 | 01000000 0300 0200 | 2f6100 7400 | 000000",
             big: "00000003 00000010 | 00000001 0003 0002 | 2f6100 7400 | 000000"),
        Case(name: "TRANSACTION_DATA", record: .transaction(Transaction(connectionID: 1, id: 42)), version: 1,
             little: "04000000 08000000 | 01000000 2a000000",
             big: "00000004 00000008 | 00000001 0000002a"),
        Case(name: "NODE_DATA committed, value with NUL, stale grant",
             record: .node(Node(path: Bytes(utf8: "/a"), value: [0x76, 0x00, 0x77],
                                permissions: [Permission(access: Permission.none, domid: 0),
                                              Permission(access: Permission.read, domid: 1, flags: Permission.staleFlag)])),
             version: 1,
             // conn 0, tx 0 | path-len 3, value-len 3, access 0, perm-count 2 | n,0,dom0 | r,stale,dom1 | "/a\0" "v\0w" | pad 2
             little: "05000000 20000000 | 00000000 00000000 | 0300 0300 0000 0200 | 6e 00 0000 | 72 01 0100 | 2f6100 760077 | 0000",
             big: "00000005 00000020 | 00000000 00000000 | 0003 0003 0000 0002 | 6e 00 0000 | 72 01 0001 | 2f6100 760077 | 0000"),
        Case(name: "NODE_DATA pending in a transaction",
             record: .node(Node(path: Bytes(utf8: "/a"), permissions: [Permission(access: Permission.both, domid: 0)],
                                pending: .init(connectionID: 1, transactionID: 42, access: 3))),
             version: 1,
             little: "05000000 18000000 | 01000000 2a000000 | 0300 0000 0300 0100 | 62 00 0000 | 2f6100 | 00",
             big: "00000005 00000018 | 00000001 0000002a | 0003 0000 0003 0001 | 62 00 0000 | 2f6100 | 00"),
        Case(name: "GLOBAL_QUOTA_DATA",
             record: .globalQuota(GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1000)])), version: 2,
             // n-dom 1, n-glob 0 | 1000 | "nodes\0" | pad 2
             little: "06000000 10000000 | 0100 0000 | e8030000 | 6e6f64657300 | 0000",
             big: "00000006 00000010 | 0001 0000 | 000003e8 | 6e6f64657300 | 0000"),
        Case(name: "DOMAIN_DATA",
             record: .domain(DomainData(domid: 3, features: 1, quotas: [Quota(name: Bytes(utf8: "watches"), value: 128)])),
             version: 2,
             little: "07000000 18000000 | 0300 0100 01000000 | 80000000 | 7761746368657300 | 00000000",
             big: "00000007 00000018 | 0003 0001 00000001 | 00000080 | 7761746368657300 | 00000000"),
        Case(name: "WATCH_DATA_EXTENDED (document layout)",
             record: .watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"), depth: 2)), version: 2,
             // conn | wpath-len 3, token-len 2 | depth 2, pad | strings at 12 | pad 7
             little: "08000000 18000000 | 01000000 0300 0200 | 0200 0000 | 2f6100 7400 | 00000000000000",
             big: "00000008 00000018 | 00000001 0003 0002 | 0002 0000 | 2f6100 7400 | 00000000000000"),
        Case(name: "unknown record type", record: .unknown(UnknownRecord(type: 0x99, body: hex("6162630000000000"))), version: 1,
             little: "99000000 08000000 | 6162630000000000",
             big: "00000099 00000008 | 6162630000000000"),
    ]

    static func stream(version: UInt32, order: ByteOrder, records: String) -> Bytes {
        // ident "xenstore" | version (big-endian) | flags (big-endian): 1 = big-endian records
        hex("78656e73746f7265") + hex(String(format8: version)) + hex(order == .big ? "00000001" : "00000000")
            + hex(records) + hex("00000000 00000000")
    }

    let binary = BinaryStreamAdapter()

    @Test(arguments: cases, ByteOrder.allCases)
    func writesExactBytes(_ golden: Case, _ order: ByteOrder) throws {
        let expected = Self.stream(version: golden.version, order: order, records: order == .big ? golden.big : golden.little)
        let written = try binary.write(Snapshot(records: [golden.record]),
                                       options: WriteOptions(byteOrder: order, streamVersion: golden.version))
        #expect(written == expected)
    }

    @Test(arguments: cases, ByteOrder.allCases)
    func readsExactBytes(_ golden: Case, _ order: ByteOrder) throws {
        let bytes = Self.stream(version: golden.version, order: order, records: order == .big ? golden.big : golden.little)
        let diagnostics = Diagnostics()
        let (snapshot, info) = try binary.read(bytes, diagnostics: diagnostics)
        #expect(snapshot.records == [golden.record])
        #expect(info.byteOrder == order)
        #expect(info.version == golden.version)
    }

    @Test func headerIsBigEndianWhateverTheRecordOrder() throws {
        let little = try binary.write(Snapshot(), options: WriteOptions(byteOrder: .little, streamVersion: 2))
        #expect(little == hex("78656e73746f7265 00000002 00000000 | 00000000 00000000"))
        let big = try binary.write(Snapshot(), options: WriteOptions(byteOrder: .big, streamVersion: 1))
        #expect(big == hex("78656e73746f7265 00000001 00000001 | 00000000 00000000"))
    }

    /// The seed's writer leaves `len` unpadded and pads after the body; C pads `len`. Both read
    /// the same.
    @Test func readsUnpaddedLen() throws {
        let unpadded = Self.stream(version: 1, order: .little,
                                   records: "03000000 0d000000 | 01000000 0300 0200 | 2f6100 7400 | 000000")
        let (snapshot, _) = try binary.read(unpadded)
        #expect(snapshot.records == [.watch(Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t")))])
        // Written back, len is padded to 16.
        #expect(try binary.write(snapshot) == Self.stream(
            version: 1, order: .little, records: "03000000 10000000 | 01000000 0300 0200 | 2f6100 7400 | 000000"))
    }

    /// C allocates GLOBAL_QUOTA_DATA and DOMAIN_DATA without zeroing: garbage padding is
    /// ignored, and written back as zeros.
    @Test func ignoresGarbagePadding() throws {
        let garbage = Self.stream(version: 2, order: .little,
                                  records: "06000000 10000000 | 0100 0000 | e8030000 | 6e6f64657300 | abcd")
        let (snapshot, info) = try binary.read(garbage)
        #expect(snapshot.globalQuota == GlobalQuota(domainDefaults: [Quota(name: Bytes(utf8: "nodes"), value: 1000)]))
        #expect(try binary.write(snapshot, source: info).suffix(10) == hex("0000 | 00000000 00000000"))
    }
}

extension String {
    /// Eight hex digits.
    init(format8 value: UInt32) {
        let digits = String(value, radix: 16)
        self = String(repeating: "0", count: 8 - digits.count) + digits
    }
}
