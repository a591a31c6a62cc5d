/// A source that tells `observer` how many bytes have been read from `inner` so far, after
/// each read: how far through a file a conversion is (the file's bytes, compressed or not).
final class CountingSource: ByteSource {
    private let inner: ByteSource
    private let observer: (UInt64) -> Void
    private var total: UInt64 = 0

    init(_ inner: ByteSource, observer: @escaping (UInt64) -> Void) {
        self.inner = inner
        self.observer = observer
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try inner.read(into: buffer)
        total += UInt64(count)
        observer(total)
        return count
    }
}
