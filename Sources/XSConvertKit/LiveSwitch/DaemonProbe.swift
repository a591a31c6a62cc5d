import Glibc
/// Which daemon serves a xenstore socket: the process that listens on it (its pid, from the
/// socket's peer credentials, and its executable) and what it says it is (`/tool/xenstored`,
/// read over the socket). A live switch keeps the pid and changes both.
public struct DaemonProbe: Hashable, Sendable {
    /// The pid of the process listening on the socket (SO_PEERCRED), which a live switch keeps.
    public var pid: Int32
    /// `/proc/PID/exe` (nil if unreadable).
    public var executable: String?
    /// The value of `/tool/xenstored` (nil if the read failed).
    public var toolXenstored: String?

    /// Connects to `socket` and asks, waiting at most `timeout` seconds for the answer.
    public static func probe(socket path: String, timeout: Double = 2) throws -> DaemonProbe {
        let connection = try XenstoreConnection(socket: path, timeout: timeout)
        let tool = (try? connection.request(XenstoreMessage.Kind.read, "/tool/xenstored"))
            .map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return DaemonProbe(pid: connection.peerPID, executable: readLink("/proc/\(connection.peerPID)/exe"), toolXenstored: tool)
    }

    /// Whether the probed daemon is `executable` (both its process and `/tool/xenstored`),
    /// comparing resolved paths.
    public func isRunning(_ executable: String) -> Bool {
        let wanted = Self.resolved(executable)
        return self.executable.map(Self.resolved) == wanted && toolXenstored.map(Self.resolved) == wanted
    }

    static func resolved(_ path: String) -> String {
        StrictModes.realPath(path) ?? path
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
