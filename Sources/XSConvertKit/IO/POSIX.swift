import Glibc

/// The text of `errno` as a sentence fragment.
func systemErrorText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

/// `nobody (uid 65534)`, or `uid 1234` when the user has no name.
func userName(_ uid: uid_t) -> String {
    var entry = passwd()
    var found: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else {
        return "uid \(uid)"
    }
    return "\(String(cString: name)) (uid \(uid))"
}

// Named wrappers, so types with their own `read`/`write` methods can call the system's.
@inline(__always)
func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always)
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
