import Dispatch

/// Writes to another sink on a worker thread, so that the costly part of writing (compressing
/// an archive) overlaps with converting on the calling thread. At most `depth` chunks wait in
/// between, so memory stays bounded whatever the output's size.
///
/// A failure of the worker is reported by `finish` (the caller stops at the first one it sees
/// there); the chunks after it are not written.
final class BackgroundSink: ByteSink, @unchecked Sendable {
    // @unchecked: `inner` and `failure` are touched only by the worker's serial queue until
    // `finish` has drained it; after that, only by the caller.
    private let inner: ByteSink
    private let queue = DispatchQueue(label: "xsconvert.background-sink")
    private let freeSlots: DispatchSemaphore
    private var failure: Error?

    /// Four chunks of `ByteOutput.capacity` (1 MiB) keep the worker busy while the caller
    /// converts, in 4 MiB.
    init(inner: ByteSink, depth: Int = 4) {
        self.inner = inner
        freeSlots = DispatchSemaphore(value: depth)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        freeSlots.wait()
        let chunk = Array(bytes)
        queue.async {
            defer { self.freeSlots.signal() }
            guard self.failure == nil else { return }
            do {
                try chunk.withUnsafeBytes { try self.inner.write($0) }
            } catch {
                self.failure = error
            }
        }
    }

    func finish() throws {
        queue.sync {}  // every chunk written (or skipped after a failure)
        if let failure { throw failure }
        try inner.finish()
    }
}
