import Glibc
/// Which daemon serves a xenstore socket: the process that listens on it (its pid, from the
/// socket's peer credentials, and its executable) and what it says it is (`/tool/xenstored`,
/// read over the socket). A live switch keeps the pid and changes both.
public struct DaemonProbe: Hashable, Sendable {
    public var pid: Int32
    /// `/proc/PID/exe` (nil if unreadable).
    public var executable: String?
    /// The value of `/tool/xenstored` (nil if the read failed).
    public var toolXenstored: String?

    /// Connects to `socket` and asks, waiting at most `timeout` seconds for the answer.
    public static func probe(socket path: String, timeout: Double = 2) throws -> DaemonProbe {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConversionError(.io, "socket: \(systemErrorText())") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ConversionError(.usage, file: path, "the socket's path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw ConversionError(.cannotOpen, file: path, "cannot connect: \(systemErrorText())") }
        guard let pid = SocketPeer.pid(of: fd) else {
            throw ConversionError(.io, file: path, "cannot tell who listens: \(systemErrorText())")
        }
        let executable = readLink("/proc/\(pid)/exe")
        let request = XenstoreMessage(type: XenstoreMessage.Kind.read, arguments: [Bytes(utf8: "/tool/xenstored")])
        var tool: String?
        if LiveUpdateClient.writeAll(request.bytes, to: fd, timeout: timeout) == nil,
           let reply = readMessage(fd, timeout: timeout), reply.type == XenstoreMessage.Kind.read {
            tool = String(decoding: reply.payload.prefix { $0 != 0 }, as: UTF8.self)
        }
        return DaemonProbe(pid: pid, executable: executable, toolXenstored: tool)
    }

    /// Whether the probed daemon is `executable` (both its process and `/tool/xenstored`),
    /// comparing resolved paths.
    public func isRunning(_ executable: String) -> Bool {
        let wanted = Self.resolved(executable)
        return self.executable.map(Self.resolved) == wanted && toolXenstored.map(Self.resolved) == wanted
    }

    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One whole message from `fd`, skipping watch events; nil on timeout or EOF.
    private static func readMessage(_ fd: Int32, timeout: Double) -> XenstoreMessage? {
        var received: Bytes = []
        var chunk = Bytes(repeating: 0, count: 4096)
        let deadline = LiveUpdateClient.monotonicSeconds() + timeout
        while LiveUpdateClient.monotonicSeconds() < deadline {
            if let message = XenstoreMessage(parsing: received) {
                received.removeFirst(XenstoreMessage.headerSize + message.payload.count)
                if message.type != 15 { return message }  // 15: XS_WATCH_EVENT
                continue
            }
            var wait = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&wait, 1, 100) >= 0 else { return nil }
            guard wait.revents != 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received += chunk.prefix(count)
        }
        return nil
    }
}
