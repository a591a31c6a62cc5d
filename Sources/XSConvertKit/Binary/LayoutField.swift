/// One integer field of a record layout: its offset from the start of the body (or of a
/// repeated entry, such as a permission), its width (the type) and its name as FORMATS.md
/// gives it. Each layout declares its fields once and lists them once, in order, in a
/// `FieldTable` per part (the fixed part, a repeated entry, each variant of a union), from
/// which the part's size and the byte swap derive; decoding, encoding, a view's checks,
/// telling WATCH_DATA_EXTENDED's layouts apart and sniffing the seed's dialect read the fields.
struct Field<Value: FixedWidthInteger & BitwiseCopyable & Sendable>: Sendable {
    let offset: Int
    let name: String

    init(_ offset: Int, _ name: String) {
        self.offset = offset
        self.name = name
    }

    static var size: Int { MemoryLayout<Value>.size }
    var width: Int { Self.size }

    /// The offset just past the field.
    var end: Int { offset + Self.size }
}

/// The integer fields of one part of a layout, in the order of their offsets, with their types
/// left out: what the part's size and rewriting it in the other byte order need. Bytes between
/// the fields (a union's opaque variant) are left as they are.
struct FieldTable: Sendable {
    struct Slot: Sendable, Equatable {
        let offset: Int
        let width: Int
        var end: Int { offset + width }
    }

    let slots: [Slot]

    init<each T>(_ field: repeat Field<each T>) {
        var slots: [Slot] = []
        for field in repeat each field { slots.append(Slot(offset: field.offset, width: field.width)) }
        self.init(slots: slots)
    }

    /// The parts one after another, as one table.
    init(_ parts: FieldTable...) {
        self.init(slots: parts.flatMap(\.slots))
    }

    private init(slots: [Slot]) {
        precondition(zip(slots, slots.dropFirst()).allSatisfy { $0.end <= $1.offset }, "a layout's fields overlap or are out of order")
        self.slots = slots
    }

    /// Just past the last field: the size of a part that ends with its last field.
    var end: Int { slots.last?.end ?? 0 }

    /// Rewrites, at `destination`, each field of the entry at `base` stored at `source` in the
    /// other byte order (`source` and `destination` may be the same).
    @inline(__always)
    func swap(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, at base: Int = 0) {
        for slot in slots {
            let at = base + slot.offset
            switch slot.width {
            case 2: (destination + at).storeBytes(of: source.loadUnaligned(fromByteOffset: at, as: UInt16.self).byteSwapped, as: UInt16.self)
            case 4: (destination + at).storeBytes(of: source.loadUnaligned(fromByteOffset: at, as: UInt32.self).byteSwapped, as: UInt32.self)
            case 8: (destination + at).storeBytes(of: source.loadUnaligned(fromByteOffset: at, as: UInt64.self).byteSwapped, as: UInt64.self)
            default: (destination + at).storeBytes(of: source.load(fromByteOffset: at, as: UInt8.self), as: UInt8.self)
            }
        }
    }
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
