import Testing
import XSConvertKit

/// WATCH_DATA_EXTENDED exists in three layouts (FORMATS.md §1): the reader finds which one a
/// record uses, says so, and resynchronises after Xen 4.22's too-long `len`.
@Suite struct WatchExtendedLayoutTests {
    let binary = BinaryStreamAdapter()
    let watch = Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"))

    func stream(_ records: String) -> Bytes {
        hex("78656e73746f7265 00000002 00000000") + hex(records) + hex("00000000 00000000")
    }

    @Test func documentLayoutReadsSilently() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try binary.read(
            stream("08000000 18000000 | 01000000 0300 0200 | ffff 0000 | 2f6100 7400 | 00000000000000"),
            diagnostics: diagnostics)
        var expected = watch
        expected.depth = Watch.unlimitedDepth
        #expect(snapshot.records == [.watch(expected)])
        #expect(diagnostics.entries.isEmpty)
    }

    /// Xen 4.22's reader struct: depth at 8, strings at 10 (no pad).
    @Test func noPadLayoutIsDetectedAndReported() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try binary.read(
            stream("08000000 10000000 | 01000000 0300 0200 | 0200 | 2f6100 7400 | 00"), diagnostics: diagnostics)
        var expected = watch
        expected.depth = 2
        #expect(snapshot.records == [.watch(expected)])
        #expect(diagnostics.entries.map(\.message).contains { $0.contains("no pad") })
    }

    /// Xen 4.22's writer: only the 8-byte WATCH_DATA fixed part, but len = ROUNDUP(12 + 3 + 2, 8)
    /// = 24 where the body really takes 16: the reader must resynchronise on the END behind it.
    @Test func noDepthLayoutWithTooLongLenResynchronises() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try binary.read(
            stream("08000000 18000000 | 01000000 0300 0200 | 2f6100 7400 | 000000"), diagnostics: diagnostics)
        #expect(snapshot.records == [.watch(watch)])
        let messages = diagnostics.entries.map(\.message)
        #expect(messages.contains { $0.contains("no depth") && $0.contains("resynchronised") })
    }

    /// When (wpath-len + token-len) mod 8 is 1…4, the 4.22 writer's len happens to be right.
    @Test func noDepthLayoutWithRightLenNeedsNoResync() throws {
        let diagnostics = Diagnostics()
        // "/a\0" + "token\0" = 9: body 8 + 9 = 17 → 24, and ROUNDUP(12 + 9, 8) = 24 too.
        let (snapshot, _) = try binary.read(
            stream("08000000 18000000 | 01000000 0300 0600 | 2f6100 746f6b656e00 | 00000000000000 | 03000000 10000000 | 01000000 0300 0200 | 2f6100 7400 | 000000"),
            diagnostics: diagnostics)
        #expect(snapshot.watches.map(\.token) == [Bytes(utf8: "token"), Bytes(utf8: "t")])
        #expect(!diagnostics.entries.map(\.message).contains { $0.contains("resynchronised") })
    }

    @Test func noLayoutFitsIsAnError() throws {
        #expect(throws: ConversionError.self) {
            try binary.read(stream("08000000 10000000 | 01000000 0300 0200 | 2f61 7a7a 7a7a 7a7a"))
        }
    }

    /// Writing version 1, a watch's depth cannot be kept: refused with the loss listed, or
    /// written as WATCH_DATA with --allow-loss.
    @Test func depthIsLostInVersionOne() throws {
        var deep = watch
        deep.depth = 3
        let snapshot = Snapshot(records: [.watch(deep)])
        #expect {
            try binary.write(snapshot, options: WriteOptions(streamVersion: 1))
        } throws: { error in
            let error = error as! ConversionError
            return error.kind == .loss && error.details.contains { $0.contains("watch depth") }
        }
        let diagnostics = Diagnostics()
        let written = try binary.write(snapshot, options: WriteOptions(streamVersion: 1, allowLoss: true), diagnostics: diagnostics)
        #expect(written == hex("78656e73746f7265 00000001 00000000 | 03000000 10000000 | 01000000 0300 0200 | 2f6100 7400 | 000000 | 00000000 00000000"))
        #expect(diagnostics.entries.contains { $0.severity == .dropped && $0.message.contains("watch depth") })
    }

    /// An unlimited depth (0xFFFF) is what a plain watch means: version 1 writes it as
    /// WATCH_DATA without a loss.
    @Test func unlimitedDepthIsNoLossInVersionOne() throws {
        var unlimited = watch
        unlimited.depth = Watch.unlimitedDepth
        let diagnostics = Diagnostics()
        let written = try binary.write(Snapshot(records: [.watch(unlimited)]), options: WriteOptions(streamVersion: 1), diagnostics: diagnostics)
        #expect(written == hex("78656e73746f7265 00000001 00000000 | 03000000 10000000 | 01000000 0300 0200 | 2f6100 7400 | 000000 | 00000000 00000000"))
        #expect(diagnostics.entries.isEmpty)
    }
}
