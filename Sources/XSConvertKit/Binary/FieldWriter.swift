/// Appends the fields of one record body in the stream's byte order.
///
/// A writer of many records reuses one writer (`reset`), so its storage is allocated once,
/// and each field is stored in place rather than appended element by element.
struct FieldWriter {
    let order: ByteOrder
    private(set) var record: String
    /// Grows as needed and is never shrunk; only the first `count` bytes are this record's.
    private var storage: Bytes
    private var count = 0
    /// Where the body of the record begun by `beginRecord` starts (0 without one).
    private var bodyStart = 0

    init(order: ByteOrder, record: String, capacity: Int = 64) {
        self.order = order
        self.record = record
        storage = Bytes(repeating: 0, count: capacity)
    }

    /// The bytes written since the last `reset`.
    var bytes: ArraySlice<UInt8> { storage[..<count] }

    /// Empties the writer for the next record, keeping its storage.
    mutating func reset(record: String) {
        self.record = record
        count = 0
        bodyStart = 0
    }

    /// Room for `size` more bytes; returns the offset they go to.
    private mutating func claim(_ size: Int) -> Int {
        if count + size > storage.count {
            storage.append(contentsOf: Bytes(repeating: 0, count: max(storage.count, size)))
        }
        defer { count += size }
        return count
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        let at = claim(MemoryLayout<T>.size)
        storage.withUnsafeMutableBytes { order.store(value, to: $0.baseAddress! + at) }
    }

    /// How far the body of the record begun by `beginRecord` has been written.
    var bodyCount: Int { count - bodyStart }

    /// `value` as `field` of the entry at `base` (the body's fixed part by default): fields are
    /// written in the order of their offsets.
    mutating func write<T>(_ field: Field<T>, _ value: T, at base: Int = 0) {
        assert(count - bodyStart == base + field.offset, "\(record): \(field.name) written out of its place")
        integer(value)
    }

    /// A string's terminating NUL.
    mutating func nul() { storage[claim(1)] = 0 }

    mutating func append<C: Collection>(_ data: C) where C.Element == UInt8 {
        let at = claim(data.count)
        storage.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + data.count)]).copyBytes(from: data)
        }
    }

    /// Zero bytes up to the next multiple of 8 from the start of the body.
    mutating func alignTo8() {
        let padding = RecordFrames.padded(bodyCount) - bodyCount
        let at = claim(padding)
        for index in at..<(at + padding) { storage[index] = 0 }
    }

    /// Starts a framed record: `type u32` and a `len u32` that `endRecord` fills in.
    mutating func beginRecord(type: UInt32) {
        write(RecordFrames.type, type)
        write(RecordFrames.length, 0)
        bodyStart = count
    }

    /// Pads the record begun by `beginRecord` with zeros to a multiple of 8 and writes its
    /// `len`: padding included by default (as C xenstored writes it; readers of either kind
    /// accept it), or the body alone (as the seed's writer does).
    mutating func endRecord(lengthIncludesPadding: Bool = true) throws {
        let bodyLength = bodyCount
        alignTo8()
        let length = try checked(lengthIncludesPadding ? bodyCount : bodyLength, as: UInt32.self, "len")
        storage.withUnsafeMutableBytes { order.store(length, to: $0.baseAddress! + bodyStart - RecordFrames.headerSize + RecordFrames.length.offset) }
    }

    /// A length that must fit the field's width, or the record cannot be written.
    func checked<T: FixedWidthInteger>(_ count: Int, as: T.Type, _ field: String) throws -> T {
        guard let value = T(exactly: count) else {
            throw ConversionError(.data, "\(record): \(field) of \(count) does not fit the format's \(T.bitWidth)-bit field")
        }
        return value
    }
}
