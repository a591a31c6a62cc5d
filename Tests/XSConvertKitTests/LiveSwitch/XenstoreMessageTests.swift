import Testing
import XSConvertKit

/// The wire protocol's messages (xs_wire.h): four little-endian u32 fields, then the payload.
@Suite struct XenstoreMessageTests {
    /// `xenstore-control live-update -s -t 10` as libxenstore sends it (request id 0).
    static let start: Bytes = [
        0, 0, 0, 0, /* XS_CONTROL */ 0, 0, 0, 0, /* req_id */ 0, 0, 0, 0, /* tx_id */ 21, 0, 0, 0, /* len */
    ] + Bytes(utf8: "live-update\0-s\0-t\010\0")

    @Test func encodesHeaderAndPayload() {
        let message = XenstoreMessage(type: XenstoreMessage.Kind.read, arguments: [Bytes(utf8: "/tool/xenstored")])
        #expect(message.bytes == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0] + Bytes(utf8: "/tool/xenstored\0"))
    }

    @Test func parsesAWholeMessageAndRecognisesTheStartOfALiveUpdate() throws {
        let message = try #require(XenstoreMessage(parsing: Self.start + [0xFF]))
        #expect(message.type == XenstoreMessage.Kind.control && message.payload.count == 21)
        #expect(message.arguments == ["live-update", "-s", "-t", "10"].map { Bytes(utf8: $0) })
        #expect(message.isLiveUpdateStart)
        #expect(!XenstoreMessage(type: 0, arguments: [Bytes(utf8: "live-update"), Bytes(utf8: "-a")]).isLiveUpdateStart)
        #expect(!XenstoreMessage(type: 2, arguments: [Bytes(utf8: "live-update"), Bytes(utf8: "-s")]).isLiveUpdateStart)
    }

    /// The reply keeps the request's type and ids; "OK" with its NUL, as both daemons send it.
    @Test func repliesWithTheRequestsIds() throws {
        let request = XenstoreMessage(type: 0, requestID: 0x0102_0304, transactionID: 7, payload: [])
        #expect(request.reply(Bytes(utf8: "OK\0")).bytes == [0, 0, 0, 0, 4, 3, 2, 1, 7, 0, 0, 0, 3, 0, 0, 0] + Bytes(utf8: "OK\0"))
    }

    @Test func waitsForAWholeMessageAndRefusesAnOversizedOne() {
        #expect(XenstoreMessage.length(ofMessageAt: Self.start.prefix(15)) == nil)
        #expect(XenstoreMessage.length(ofMessageAt: Self.start.prefix(16)) == 37)
        #expect(XenstoreMessage(parsing: Self.start.prefix(36)) == nil)
        let huge: Bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x10, 0, 0]  // len 4097
        #expect(XenstoreMessage.length(ofMessageAt: huge) == nil)
    }
}
