import Glibc

/// The text of `errno` as a sentence fragment.
func systemErrorText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
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
