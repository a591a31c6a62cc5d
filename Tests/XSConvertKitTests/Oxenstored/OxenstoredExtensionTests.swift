import Testing
@testable import XSConvertKit

/// The XSCONVERT_OXENSTORED record that carries oxenstored's extra fields through the binary
/// stream, against bytes written by hand from the layout table in
/// `OxenstoredExtensionLayout` and FORMATS.md §1.
@Suite struct OxenstoredExtensionTests {
    let text = OxenstoredAdapter()
    let binary = BinaryStreamAdapter()

    func le32(_ value: UInt32) -> Bytes { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)] }
    func le16(_ value: UInt16) -> Bytes { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    let extensionType: UInt32 = 0x7873_6301

    static let dump = """
        $xenstored-dump-format
        global,3
        evtchn-dev,5,1
        dom,7,68719476735,4,5
        dom,3,12,6
        store,2f,6e30,
        store,2f4072656c65617365446f6d61696e,6e30,
        store,2f40696e74726f64756365446f6d61696e,6e30,

        """

    var expectedStream: Bytes {
        var bytes = Bytes(utf8: "xenstore") + [0, 0, 0, 1] + [0, 0, 0, 0]
        // GLOBAL_DATA: rw-socket-fd 3, evtchn-fd 5; its extension: domexc port 1 (present bit 1).
        bytes += le32(1) + le32(8) + le32(3) + le32(5)
        bytes += le32(extensionType) + le32(24) + le32(1) + le32(0) + le32(0b010) + le32(1) + Bytes(repeating: 0, count: 8)
        // CONNECTION_DATA conn-id 1: ring, domid 7, no target, evtchn 5; extension: mfn
        // 0xF_FFFF_FFFF and remote port 4 (bits 0 and 1).
        bytes += le32(2) + le32(24) + le32(1) + le16(0) + le16(0) + le16(7) + le16(0x7FF4) + le32(5) + le16(0) + le16(0) + le32(0)
        bytes += le32(extensionType) + le32(24) + le32(2) + le32(1) + le32(0b011) + le32(4) + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0]
        // conn-id 2: domid 3 from an old 4-field line: evtchn 0 is a placeholder (bit 2).
        bytes += le32(2) + le32(24) + le32(2) + le16(0) + le16(0) + le16(3) + le16(0x7FF4) + le32(0) + le16(0) + le16(0) + le32(0)
        bytes += le32(extensionType) + le32(24) + le32(2) + le32(2) + le32(0b111) + le32(6) + [12, 0, 0, 0, 0, 0, 0, 0]
        // NODE_DATA "/" n0: 16 + 4 + 2 = 22, padded to 24.
        bytes += le32(5) + le32(24) + le32(0) + le32(0) + le16(2) + le16(0) + le16(0) + le16(1) + [0x6E, 0, 0, 0] + [0x2F, 0, 0, 0]
        // "@releaseDomain": 16 + 4 + 15 = 35 → 40; "@introduceDomain": 16 + 4 + 17 = 37 → 40.
        bytes += le32(5) + le32(40) + le32(0) + le32(0) + le16(15) + le16(0) + le16(0) + le16(1) + [0x6E, 0, 0, 0]
            + Bytes(utf8: "@releaseDomain") + Bytes(repeating: 0, count: 6)
        bytes += le32(5) + le32(40) + le32(0) + le32(0) + le16(17) + le16(0) + le16(0) + le16(1) + [0x6E, 0, 0, 0]
            + Bytes(utf8: "@introduceDomain") + Bytes(repeating: 0, count: 4)
        return bytes + le32(0) + le32(0)
    }

    @Test func textDumpBecomesTheStreamWithExtensionRecords() throws {
        let (snapshot, _) = try text.read(Bytes(utf8: Self.dump))
        #expect(try binary.write(snapshot) == expectedStream)
    }

    @Test func streamWithExtensionRecordsReadsBackToTheSameText() throws {
        let (snapshot, _) = try binary.read(expectedStream)
        #expect(snapshot.connections.last?.endpoint == .ring(.init(domid: 3, eventChannel: nil, mfn: 12, remotePort: 6)))
        #expect(snapshot.global == GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1))
        #expect(try text.write(snapshot) == Bytes(utf8: Self.dump))
    }

    @Test func cDumpsCarryNoExtension() throws {
        let original = try Fixtures.bytes("cxenstored/basic.state_dump")
        let (snapshot, _) = try binary.read(original)
        #expect(snapshot.unknownRecords.isEmpty)
        #expect(try binary.write(snapshot) == original)
    }

    /// An extension that does not follow the record it extends is refused: kept as a record of
    /// unknown type, it would be written back verbatim, and read back merged into whatever
    /// record then came before it.
    @Test func anExtensionNotAfterItsRecordIsRefused() throws {
        // GLOBAL, then an extension naming conn-id 9, which does not follow a CONNECTION_DATA.
        var stream = Bytes(utf8: "xenstore") + [0, 0, 0, 1] + [0, 0, 0, 0]
        stream += le32(1) + le32(8) + le32(3) + le32(5)
        let orphan = le32(2) + le32(9) + le32(0b001) + le32(0) + [1, 0, 0, 0, 0, 0, 0, 0]
        stream += le32(extensionType) + le32(24) + orphan + le32(0) + le32(0)
        #expect {
            _ = try binary.read(stream)
        } throws: { error in
            (error as? ConversionError)?.description == "test-input: at byte 32: record type \(extensionType) is xsconvert's XSCONVERT_OXENSTORED, which must follow the record it extends"
        }
    }
}
