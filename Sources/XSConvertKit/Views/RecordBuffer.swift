/// A record of the standard layout built in memory, in the machine's byte order, by a reader
/// that decodes its input straight into records (oxenstored's text, JSON) and lends each as a
/// view (`RecordView`), as the binary reader lends the input's own bytes. One buffer, reused for
/// every record, grown only for a larger one.
final class RecordBuffer {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// The length of the record's fields.
    private(set) var count = 0

    static let order = ByteOrder.native

    init(capacity: Int = 1 << 12) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Starts a record whose fields take at most `length` bytes; returns where they go (valid
    /// until the next `begin`). `end` says how long they came out.
    func begin(atMost length: Int) -> UnsafeMutableRawPointer {
        if length > capacity {
            storage.deallocate()
            while capacity < length { capacity *= 2 }
            storage = .allocate(byteCount: capacity, alignment: 16)
        }
        count = 0
        return storage
    }

    /// Room for `length` bytes of fields, keeping those written so far; returns where they go.
    func reserve(_ length: Int) -> UnsafeMutableRawPointer {
        guard length > capacity else { return storage }
        var larger = capacity
        while larger < length { larger *= 2 }
        let moved = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 16)
        moved.copyMemory(from: storage, byteCount: capacity)
        storage.deallocate()
        storage = moved
        capacity = larger
        return storage
    }

    func end(length: Int) {
        precondition(length <= capacity)
        count = length
    }

    /// Stores `value` as `field` of the entry at `base`.
    @inline(__always)
    func store<T>(_ field: Field<T>, _ value: T, at base: Int = 0) {
        Self.order.store(value, to: storage + base + field.offset)
    }

    /// The bytes at `range` of the record.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + range.lowerBound, count: range.count)
    }

    /// Lends the record, as a record of `type`, to `body` if it is plain (see `RecordView`);
    /// nil if it is not.
    func withView<R>(as type: RecordType, within limits: ReadLimits, _ body: (borrowing RecordView) throws -> R) rethrows -> R? {
        let bytes = UnsafeRawBufferPointer(start: storage, count: count).bytes
        guard let view = RecordView(type: type, order: Self.order, body: bytes, within: limits) else { return nil }
        return try body(view)
    }
}
