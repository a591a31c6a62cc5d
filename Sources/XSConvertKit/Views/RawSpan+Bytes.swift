import Glibc

/// What a view's checks ask of the bytes it lies on.
extension RawSpan {
    /// Whether the `count` bytes at `offset` (which the caller checked to be there) hold a NUL.
    func containsNUL(at offset: Int, count: Int) -> Bool {
        withUnsafeBytes { memchr($0.baseAddress! + offset, 0, count) != nil }
    }

    /// The byte at `offset`, which the caller checked to be there.
    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        unsafeLoad(fromUncheckedByteOffset: offset, as: UInt8.self)
    }
}
