import Glibc
/// A client connection to a xenstore daemon's unix socket, speaking the wire protocol
/// (`XenstoreMessage`) one request at a time, as libxenstore does: each request waits for its
/// reply (watch events in between are skipped); an `XS_ERROR` reply is thrown as
/// `XenstoreConnection.Failure` with the daemon's errno name (`ENOENT`, `E2BIG`, …).
public final class XenstoreConnection {
    /// The daemon's socket, as connected to; errors name it as their file.
    public let socketPath: String
    /// The process listening on the socket (SO_PEERCRED).
    public let peerPID: Int32
    let fd: Int32
    let timeout: Double
    private var received: Bytes = []

    /// The daemon answered `XS_ERROR`.
    public struct Failure: Error, CustomStringConvertible {
        /// The errno name the daemon answered with: `ENOENT`, `E2BIG`, `EACCES`, …
        public var code: String
        /// The request refused, as messages print it: `XS_READ /tool/xenstored`.
        public var request: String
        public var description: String { "\(request): \(code)" }
    }

    /// Connects to the socket at `path`; `timeout` bounds each request.
    public init(socket path: String, timeout: Double = 5) throws {
        socketPath = path
        self.timeout = timeout
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConversionError(.io, "socket: \(systemErrorText())") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw ConversionError(.usage, file: path, "the socket's path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let text = systemErrorText()
            close(fd)
            throw ConversionError(.cannotOpen, file: path, "cannot connect: \(text)")
        }
        guard let pid = SocketPeer.pid(of: fd) else {
            let text = systemErrorText()
            close(fd)
            throw ConversionError(.io, file: path, "cannot tell who listens: \(text)")
        }
        peerPID = pid
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends a request of `type` with `payload` and returns its reply's payload.
    public func request(_ type: UInt32, payload: Bytes, describing what: @autoclosure () -> String) throws -> Bytes {
        let id = UInt32.random(in: 1...UInt32.max)
        var message = XenstoreMessage(type: type, payload: payload)
        message.requestID = id
        if let problem = LiveUpdateClient.writeAll(message.bytes, to: fd, timeout: timeout) {
            throw ConversionError(.io, file: socketPath, "\(what()): cannot send: \(problem)")
        }
        let deadline = LiveUpdateClient.monotonicSeconds() + timeout
        while true {
            guard let reply = try nextMessage(until: deadline, what) else {
                throw ConversionError(.io, file: socketPath, "\(what()): no answer within \(timeout) s")
            }
            guard reply.type != XenstoreMessage.Kind.watchEvent, reply.requestID == id else { continue }
            if reply.type == XenstoreMessage.Kind.error {
                throw Failure(code: String(decoding: reply.payload.prefix { $0 != 0 }, as: UTF8.self), request: what())
            }
            return reply.payload
        }
    }

    /// A request whose arguments are NUL-terminated strings.
    public func request(_ type: UInt32, _ arguments: String...) throws -> Bytes {
        try request(type, arguments.map { Bytes($0.utf8) })
    }

    /// A request whose arguments are NUL-terminated byte strings (paths as the store has them).
    public func request(_ type: UInt32, _ arguments: [Bytes]) throws -> Bytes {
        try request(type, payload: arguments.flatMap { $0 + [0] },
                    describing: "\(XenstoreMessage.Kind.name(type)) \(arguments.map { $0.escapedForDisplay }.joined(separator: " "))")
    }

    /// The next whole message, or nil at `deadline`; throws when the daemon hangs up.
    private func nextMessage(until deadline: Double, _ what: () -> String) throws -> XenstoreMessage? {
        var chunk = Bytes(repeating: 0, count: 65536)
        while true {
            if let message = XenstoreMessage(parsing: received) {
                received.removeFirst(XenstoreMessage.headerSize + message.payload.count)
                return message
            }
            if received.count >= XenstoreMessage.headerSize, XenstoreMessage.length(ofMessageAt: received) == nil {
                throw ConversionError(.io, file: socketPath, "\(what()): the reply announces more than \(XenstoreMessage.maximumPayload) bytes")
            }
            let left = deadline - LiveUpdateClient.monotonicSeconds()
            guard left > 0 else { return nil }
            var wait = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&wait, 1, Int32(min(left, 1) * 1000) + 1) >= 0 || errno == EINTR else {
                throw ConversionError(.io, file: socketPath, "\(what()): \(systemErrorText())")
            }
            guard wait.revents != 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw ConversionError(.io, file: socketPath, "\(what()): the daemon closed the connection")
            }
            received += chunk.prefix(count)
        }
    }
}
