import Foundation
import Glibc
import Testing
import XSConvertKit

/// The client that asked for the live update gets its answer from the switch, over real
/// sockets.
@Suite struct LiveUpdateClientTests {
    /// A connected pair: the daemon's end, the client's end.
    final class Pair: @unchecked Sendable {
        let daemon: Int32, client: Int32
        init() {
            var fds: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
            (daemon, client) = (fds[0], fds[1])
        }
        deinit { close(daemon); close(client) }

        func send(_ bytes: Bytes) { precondition(bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) } == bytes.count) }

        /// What the client end can read now (waiting up to a second for the first byte).
        func received() -> Bytes {
            var wait = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&wait, 1, 1000) == 1 else { return [] }
            var buffer = Bytes(repeating: 0, count: 8192)
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            return Array(buffer.prefix(max(count, 0)))
        }

        /// What is still unread at the daemon's end.
        func unread() -> Bytes {
            var buffer = Bytes(repeating: 0, count: 8192)
            let count = buffer.withUnsafeMutableBytes { recv(daemon, $0.baseAddress, $0.count, Int32(MSG_PEEK | MSG_DONTWAIT)) }
            return Array(buffer.prefix(max(count, 0)))
        }
    }

    static let start = XenstoreMessage(type: 0, requestID: 9, transactionID: 0,
                                       payload: Bytes(utf8: "live-update\0-s\0-t\010\0"))

    /// oxenstored's client asks again with `live-update -s`: that request is taken and
    /// answered OK; another socket whose next request is something else is left as it was.
    @Test func answersTheClientThatAsksToStart() {
        let other = Pair(), asker = Pair()
        let read = XenstoreMessage(type: XenstoreMessage.Kind.read, arguments: [Bytes(utf8: "/local")])
        other.send(read.bytes)
        asker.send(Array(Self.start.bytes.prefix(10)))  // half a request: wait for the rest
        let rest = Array(Self.start.bytes.dropFirst(10))
        Thread { usleep(100_000); asker.send(rest) }.start()
        #expect(LiveUpdateClient.answerStart(onOneOf: [other.daemon, asker.daemon], timeout: 3) == asker.daemon)
        #expect(asker.received() == Self.start.reply(Bytes(utf8: "OK\0")).bytes)
        #expect(asker.unread().isEmpty)
        #expect(other.unread() == read.bytes && other.received().isEmpty)
    }

    /// Only a socket whose peer runs `xenstore-control live-update` is answered ahead (here
    /// the peer is this test process): otherwise nothing is written.
    @Test func onlyXenstoreControlIsAnsweredAhead() {
        let pair = Pair()
        #expect(LiveUpdateClient.answerAhead(among: [pair.daemon, 999]) == nil)
        #expect(pair.received().isEmpty)
    }

    @Test func noClientAskingIsNoAnswer() {
        let idle = Pair(), closed = Pair()
        shutdown(closed.client, Int32(SHUT_WR))
        #expect(LiveUpdateClient.answerStart(onOneOf: [idle.daemon, closed.daemon, 999], timeout: 0.2) == nil)
        #expect(idle.received().isEmpty)
    }

    /// C's queued replies are sent as they are; a client that has gone is no error.
    @Test func deliversQueuedReplies() {
        let pair = Pair(), gone = Pair()
        close(gone.client)
        let ok = Self.start.reply(Bytes(utf8: "OK\0")).bytes
        #expect(LiveUpdateClient.deliver([SocketReply(fd: pair.daemon, bytes: ok), SocketReply(fd: gone.daemon, bytes: ok)]).isEmpty)
        #expect(pair.received() == ok)
        #expect(LiveUpdateClient.deliver([SocketReply(fd: 999, bytes: ok)]).count == 1)
    }
}
