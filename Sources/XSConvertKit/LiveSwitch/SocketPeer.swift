import Glibc

/// The process at the other end of a unix socket (SO_PEERCRED: who connected, or who
/// listens), and what it runs.
enum SocketPeer {
    /// struct ucred, which Swift's Glibc module leaves out.
    private struct Credentials {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    static func pid(of fd: Int32) -> Int32? {
        var credentials = Credentials()
        var length = socklen_t(MemoryLayout<Credentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, credentials.pid > 0 else { return nil }
        return credentials.pid
    }

    /// A process's arguments (`/proc/PID/cmdline`), its program first.
    static func arguments(of pid: Int32) -> [String]? {
        guard let bytes = try? Files.openInput("/proc/\(pid)/cmdline").readToEnd(), !bytes.isEmpty else { return nil }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
