import Glibc
/// The fds that cross the exec into the next daemon: exactly those its dump names, which it
/// uses by number (the listening socket, the event-channel handle, each socket client), and
/// no other (a file the old daemon or the switch had open would stay open in the new one).
public enum InheritedDescriptors {
    /// The fds open in this process, in order.
    public static func open() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var fds: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd != own { fds.append(fd) }
        }
        return fds.sorted()
    }

    /// The open fds that are listening unix sockets. A daemon's live update passes its
    /// listening socket to the successor across the exec; a process started by hand has none,
    /// which tells a live update from a mistake before anything is done.
    public static func listeningSockets() -> [Int32] {
        open().filter { fd in
            var value: Int32 = 0, domain: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size), domainLength = length
            return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) == 0 && value == 1
                && getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &domainLength) == 0 && domain == AF_UNIX
        }
    }

    /// What is wrong with the fds a dump names: one closed, or not what the dump says it is.
    public static func problems(_ named: NamedDescriptors) -> [String] {
        var problems: [String] = []
        func check(_ fd: Int32, _ what: String, socket: Bool) {
            var info = stat()
            if fstat(fd, &info) != 0 {
                problems.append("\(what) at fd \(fd) is not open in the running daemon")
            } else if socket && (info.st_mode & S_IFMT) != S_IFSOCK {
                problems.append("\(what) at fd \(fd) is not a socket")
            }
        }
        if let fd = named.listeningSocket { check(fd, "the listening socket", socket: true) }
        if let fd = named.eventChannel { check(fd, "the event-channel handle", socket: false) }
        for fd in named.clients { check(fd, "the socket client", socket: true) }
        return problems
    }

    /// Makes the fds in `keep` survive the exec and every other fd above 2 close at it.
    public static func prepareExec(keeping keep: Set<Int32>) {
        for fd in open() where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            guard flags >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, keep.contains(fd) ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC)
        }
    }
}
