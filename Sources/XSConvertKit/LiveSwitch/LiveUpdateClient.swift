import Glibc
/// The client that asked for the live update (`xenstore-control live-update`) expects its
/// answer from the same implementation, so a switch answers it itself:
///
/// - C xenstored queues its `OK` for the client before its exec, as pending output in the
///   dump, which oxenstored's dump cannot hold: it is sent now (`deliver(_:)`).
/// - oxenstored answers `BUSY` to `live-update -s`, execs, and its successor answers `OK` to
///   the client's next `-s`, a second later. C xenstored would answer "Not in live-update
///   session". The switch recognises `xenstore-control live-update` at the other end of one of
///   the dump's sockets and puts its `OK` there ahead of that request, which the client then
///   reads as its answer (`answerAhead(among:)`); where no socket is recognised, it waits for
///   the request and answers it (`answerStart(onOneOf:timeout:)`), which holds up the switch
///   for up to the client's second of sleep.
///
/// Either way the client ends with exit status 0 and the connection stays the new daemon's.
public enum LiveUpdateClient {
    /// Finds the one socket whose peer runs `xenstore-control live-update` and writes it an
    /// `OK` for its next `live-update -s` (libxenstore sends request id 0 and takes the first
    /// reply that comes); returns that socket and the peer's pid, or nil when there is not
    /// exactly one.
    public static func answerAhead(among fds: [Int32]) -> (fd: Int32, pid: Int32)? {
        let requesters = fds.compactMap { fd -> (fd: Int32, pid: Int32)? in
            guard let pid = SocketPeer.pid(of: fd), let arguments = SocketPeer.arguments(of: pid),
                  arguments.first?.split(separator: "/").last == "xenstore-control", arguments.dropFirst().first == "live-update" else { return nil }
            return (fd, pid)
        }
        guard requesters.count == 1, let requester = requesters.first else { return nil }
        let ok = XenstoreMessage(type: XenstoreMessage.Kind.control, payload: Bytes(utf8: "OK") + [0])
        return writeAll(ok.bytes, to: requester.fd, timeout: 2) == nil ? requester : nil
    }

    /// Writes each reply to its socket; a client that has gone is no error. Returns what
    /// could not be sent, one line each.
    public static func deliver(_ replies: [SocketReply], timeout: Double = 2) -> [String] {
        var failed: [String] = []
        for reply in replies {
            if let problem = writeAll(reply.bytes, to: reply.fd, timeout: timeout) {
                failed.append("the \(reply.bytes.count)-byte reply owed to the socket client at fd \(reply.fd): \(problem)")
            }
        }
        return failed
    }

    /// Waits until one of `fds` has a whole `live-update -s` request at the head of its
    /// input, takes it and answers `OK`; returns that fd, or `nil` if none came in time.
    /// Sockets whose next message is something else, or that closed, are left alone.
    public static func answerStart(onOneOf fds: [Int32], timeout: Double) -> Int32? {
        var candidates = fds
        let deadline = monotonicSeconds() + timeout
        var head = Bytes(repeating: 0, count: XenstoreMessage.headerSize + XenstoreMessage.maximumPayload)
        while !candidates.isEmpty {
            for fd in candidates {
                let count = head.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_PEEK | MSG_DONTWAIT)) }
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                guard count > 0 else { candidates.removeAll { $0 == fd }; continue }  // closed, or not a socket
                let peeked = head.prefix(count)
                guard XenstoreMessage.length(ofMessageAt: peeked) != nil else {
                    if count >= XenstoreMessage.headerSize { candidates.removeAll { $0 == fd } }  // an oversized header
                    continue
                }
                guard let request = XenstoreMessage(parsing: peeked) else { continue }  // not whole yet
                guard request.isLiveUpdateStart else { candidates.removeAll { $0 == fd }; continue }
                let length = XenstoreMessage.headerSize + request.payload.count
                let taken = head.withUnsafeMutableBytes { recv(fd, $0.baseAddress, length, Int32(MSG_DONTWAIT)) }
                guard taken == length else { candidates.removeAll { $0 == fd }; continue }
                _ = writeAll(request.reply(Bytes(utf8: "OK") + [0]).bytes, to: fd, timeout: 2)
                return fd
            }
            guard monotonicSeconds() < deadline else { break }
            usleep(10_000)
        }
        return nil
    }

    /// Writes all of `bytes` to the socket `fd` (non-blocking, waiting for room up to
    /// `timeout` seconds); `nil`, or what went wrong.
    static func writeAll(_ bytes: Bytes, to fd: Int32, timeout: Double) -> String? {
        var offset = 0
        let deadline = monotonicSeconds() + timeout
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if written > 0 { offset += written; continue }
            let code = errno
            guard written < 0, code == EAGAIN || code == EINTR, monotonicSeconds() < deadline else {
                return code == EPIPE || code == ECONNRESET ? nil : systemErrorText(code)
            }
            var wait = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&wait, 1, 50)
        }
        return nil
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
