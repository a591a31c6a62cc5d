import Glibc

/// One integer field of a record layout: its offset from the start of the body (or of a
/// repeated entry, such as a permission), its width (the type) and its name as FORMATS.md
/// gives it. Each layout lists its fields once; decoding, encoding, rewriting a record in the
/// other byte order, telling WATCH_DATA_EXTENDED's layouts apart and sniffing the seed's
/// dialect all read them from there.
struct Field<Value: FixedWidthInteger & BitwiseCopyable & Sendable>: Sendable {
    let offset: Int
    let name: String

    init(_ offset: Int, _ name: String) {
        self.offset = offset
        self.name = name
    }

    static var size: Int { MemoryLayout<Value>.size }

    /// The offset just past the field.
    var end: Int { offset + Self.size }
}

extension ByteOrder {
    /// The integer stored at `pointer` in this order: the one way xsconvert reads an integer
    /// of a stream.
    @inline(__always)
    func load<T: FixedWidthInteger>(_: T.Type, from pointer: UnsafeRawPointer) -> T {
        let raw = pointer.loadUnaligned(as: T.self)
        return self == .big ? T(bigEndian: raw) : T(littleEndian: raw)
    }

    /// Stores `value` at `pointer` in this order.
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: self == .big ? value.bigEndian : value.littleEndian, as: T.self)
    }

    /// `field` of the entry at `base` in `bytes`, or nil if `bytes` ends before it.
    func load<T>(_ field: Field<T>, in bytes: ArraySlice<UInt8>, at base: Int = 0) -> T? {
        guard base >= 0, base + field.end <= bytes.count else { return nil }
        return bytes.withUnsafeBytes { load(T.self, from: $0.baseAddress! + base + field.offset) }
    }

    /// `field` of the entry at `base` in `bytes`, which the caller checked to hold it.
    @inline(__always)
    func load<T>(_ field: Field<T>, in bytes: borrowing RawSpan, at base: Int = 0) -> T {
        let raw = bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: base + field.offset, as: T.self)
        return self == .big ? T(bigEndian: raw) : T(littleEndian: raw)
    }
}

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
