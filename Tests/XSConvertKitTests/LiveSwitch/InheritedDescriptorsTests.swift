import Glibc
import Testing
import XSConvertKit

/// The fds a dump names must reach the new daemon open, and be what the dump says they are.
/// (That no other fd reaches it is checked with a real exec: LiveSwitchCLITests.)
@Suite struct InheritedDescriptorsTests {
    @Test func namedDescriptorsMustBeOpenAndOfTheirKind() throws {
        var sockets: [Int32] = [0, 0], pipe: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &sockets) == 0)
        #expect(Glibc.pipe(&pipe) == 0)
        defer { (sockets + pipe).forEach { close($0) } }
        #expect(InheritedDescriptors.open().contains(sockets[0]))
        let closed: Int32 = 1000
        let snapshot = Snapshot(records: [
            .global(GlobalData(socketFD: pipe[0], eventChannelFD: closed)),
            .connection(Connection(id: 1, endpoint: .socket(fd: sockets[0]))),
            .connection(Connection(id: 2, endpoint: .socket(fd: pipe[1]))),
            .connection(Connection(id: 3, endpoint: .ring(.init(domid: 0, eventChannel: 1)))),
        ])
        let named = NamedDescriptors(snapshot)
        #expect(named.all == [pipe[0], closed, sockets[0], pipe[1]])
        #expect(InheritedDescriptors.problems(named) == [
            "the listening socket at fd \(pipe[0]) is not a socket",
            "the event-channel handle at fd \(closed) is not open in the running daemon",
            "the socket client at fd \(pipe[1]) is not a socket",
        ])
        var fine = snapshot
        fine.records = [.global(GlobalData(socketFD: sockets[1], eventChannelFD: pipe[0]))]
        #expect(InheritedDescriptors.problems(NamedDescriptors(fine)).isEmpty)
    }
}
