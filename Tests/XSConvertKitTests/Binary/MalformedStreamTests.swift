import Testing
import XSConvertKit

/// Bad input gives a clear error naming the byte offset and what was expected, never a crash.
@Suite struct MalformedStreamTests {
    let binary = BinaryStreamAdapter()
    static let header = "78656e73746f7265 00000001 00000000"

    /// The error a read of `records` (after a valid little-endian v1 header) throws.
    func error(reading bytes: Bytes) throws -> ConversionError {
        do {
            _ = try binary.read(bytes)
        } catch let error as ConversionError {
            return error
        }
        Issue.record("expected an error")
        return ConversionError(.data, "none")
    }

    func error(records: String) throws -> ConversionError {
        try error(reading: hex(Self.header + records))
    }

    // Bad headers, truncation at and inside every record, huge and short len fields: the
    // malformed-input suite's table (Tests/TestSupport/MalformedInputs.swift).

    @Test func truncatedInsideBody() throws {
        let error = try error(records: "05000000 20000000 00000000 00000000 0300")
        #expect(error.message.contains("NODE_DATA"))
        #expect(error.message.contains("len 32"))
    }

    @Test func nodePathWithoutNUL() throws {
        // path-len 3 but "/ab" has no NUL at its end
        let error = try error(records: "05000000 18000000 | 00000000 00000000 | 0300 0000 0000 0100 | 6e000000 | 2f6162 | 00 | 00000000 00000000")
        #expect(error.message.contains("path does not end with a NUL"))
        #expect(error.location == .byte(16 + 8 + 22))
    }

    @Test func permissionsRunPastLen() throws {
        // perm-count 9 in a 24-byte body
        let error = try error(records: "05000000 18000000 | 00000000 00000000 | 0200 0000 0000 0900 | 6e000000 | 2f00 0000")
        #expect(error.message.contains("perm"))
        #expect(error.message.contains("len leaves"))
    }

    @Test func partialResponseLongerThanOutput() throws {
        let error = try error(records: "02000000 18000000 | 01000000 0100 0000 | 07000000 00000000 | 0000 0500 02000000")
        #expect(error.message.contains("out-resp-len 5 exceeds out-data-len 2"))
    }

    @Test func watchPathNULMisplaced() throws {
        let error = try error(records: "03000000 10000000 | 01000000 0300 0200 | 2f0061 7400 | 000000 | 00000000 00000000")
        #expect(error.message.contains("wpath"))
    }

    /// More than 7 bytes after a record's fields means the len and the fields disagree (the
    /// seed's layout, for one).
    @Test func lenLongerThanFieldsAndPadding() throws {
        let error = try error(records: "04000000 10000000 | 01000000 2a000000 | 0000000000000000 | 00000000 00000000")
        #expect(error.message.contains("8 bytes follow the record's fields"))
    }

    @Test func unknownTypeIsKeptAndReported() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try binary.read(
            hex(Self.header + "99000000 08000000 0102030405060708 00000000 00000000"), diagnostics: diagnostics)
        #expect(snapshot.records == [.unknown(UnknownRecord(type: 0x99, body: hex("0102030405060708")))])
        #expect(diagnostics.entries.first?.message.contains("record type 153") == true)
        #expect(diagnostics.entries.first?.location == .byte(16))
    }

    @Test func bytesAfterEndAreReported() throws {
        let diagnostics = Diagnostics()
        _ = try binary.read(hex(Self.header + "00000000 00000000 deadbeef"), diagnostics: diagnostics)
        #expect(diagnostics.entries.map(\.message) == ["4 bytes after END are not part of the stream; ignored"])
    }

    @Test func versionTwoRecordInVersionOneStreamIsReadWithWarning() throws {
        let diagnostics = Diagnostics()
        // WATCH_DATA_EXTENDED (conn 1, "/a", "t", depth 1) after its connection
        let (snapshot, info) = try binary.read(
            hex(Self.header + "02000000 18000000 01000000 0000 0000 0000 f47f 02000000 0000 0000 00000000"
                + "08000000 18000000 01000000 0300 0200 0100 0000 2f6100 7400 00000000000000"
                + "00000000 00000000"), diagnostics: diagnostics)
        #expect(snapshot.watches.map(\.depth) == [1])
        #expect(info.version == 1)
        #expect(diagnostics.entries.contains { $0.message.contains("defined with stream version 2") })
    }

    /// Real C xenstored 4.21 writes DOMAIN_DATA in version-1 streams (with features 0, which
    /// it does not apply there): not a fault, and the features are not recorded.
    @Test func domainDataInAVersionOneStreamIsReadAsC421WritesIt() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try binary.read(
            hex(Self.header + "07000000 08000000 0300 0000 00000000 00000000 00000000"), diagnostics: diagnostics)
        #expect(snapshot.domains == [DomainData(domid: 3, features: nil)])
        #expect(diagnostics.entries.isEmpty)
        let (features, said) = (try binary.read(
            hex(Self.header + "07000000 08000000 0300 0000 02000000 00000000 00000000"), diagnostics: diagnostics).0.domains, diagnostics)
        #expect(features == [DomainData(domid: 3, features: nil)])
        #expect(said.entries.map(\.message) == [
            "DOMAIN_DATA of domain 3 has features 0x2 in a version-1 stream, where C xenstored neither writes nor applies them; ignored",
        ])
    }

    /// Every prefix of a real dump fails cleanly (no crash, an error with an offset).
    @Test func everyTruncationOfARealDumpIsAnError() throws {
        let dump = try Fixtures.bytes("cxenstored/minimal.state_dump")
        for length in 0..<dump.count {
            var caught: ConversionError?
            do { _ = try binary.read(Array(dump[..<length])) } catch let error as ConversionError { caught = error }
            #expect(caught?.kind == .data, "prefix of \(length) bytes")
        }
    }

    /// Flipping any single byte of a real dump either reads or fails with a data error.
    @Test func garbledBytesNeverCrash() throws {
        let dump = try Fixtures.bytes("cxenstored/basic.state_dump")
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<600 {
            var garbled = dump
            let index = Int(generator.next() % UInt64(dump.count))
            garbled[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            do { _ = try binary.read(garbled) } catch let error as ConversionError { #expect(error.kind == .data) }
        }
    }
}
