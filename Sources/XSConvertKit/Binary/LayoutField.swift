/// One integer field of a record layout: its offset from the start of the body (or of a
/// repeated entry, such as a permission), its width (the type) and its name as FORMATS.md
/// gives it. Each layout declares its fields once and lists them once, in order, in a table
/// per part (the fixed part, a repeated entry, each variant of a union: `FieldVisitor`), by
/// which the byte swap goes; each part's size is its last field's end; decoding, encoding, a
/// view's checks, telling WATCH_DATA_EXTENDED's layouts apart and sniffing the seed's dialect
/// read the fields.
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

/// Where a field lies and how wide it is, its type left out (what checks of a table need).
struct FieldSlot: Sendable, Equatable {
    let offset: Int
    let width: Int
    var end: Int { offset + width }
}

/// What goes through a table of a layout's fields (see `Field`), one field at a time, in
/// order. A layout lists the integer fields of each part (its fixed part, a repeated entry, a
/// union's variant) once, as a generic function that hands each to a visitor: the byte swap
/// (`ByteSwap`) goes by that list, and a check of it (`FieldSlots`) reads it too. Being
/// generic, the list costs nothing at run time: the swap is unrolled field by field.
protocol FieldVisitor {
    mutating func visit<T>(_ field: Field<T>)
}

/// Rewrites each field visited, of the entry at `base` of `pointer`, in the other byte order.
struct ByteSwap: FieldVisitor {
    let pointer: UnsafeMutableRawPointer
    var base = 0

    /// Swaps the fields `table` lists, of the entry at `base` of `pointer`.
    @inline(__always)
    static func apply(_ table: (inout ByteSwap) -> Void, in pointer: UnsafeMutableRawPointer, at base: Int = 0) {
        var swap = ByteSwap(pointer: pointer, base: base)
        table(&swap)
    }

    @inline(__always)
    mutating func visit<T>(_ field: Field<T>) {
        field.swap(in: pointer, at: base)
    }
}

/// Where the fields visited lie and how wide they are, their types left out.
struct FieldSlots: FieldVisitor {
    private(set) var slots: [FieldSlot] = []

    /// The places of the fields `table` lists.
    static func of(_ table: (inout FieldSlots) -> Void) -> [FieldSlot] {
        var slots = FieldSlots()
        table(&slots)
        return slots.slots
    }

    mutating func visit<T>(_ field: Field<T>) {
        slots.append(FieldSlot(offset: field.offset, width: field.width))
    }
}

extension Field {
    /// Rewrites the field of the entry at `base` of `pointer` in the other byte order.
    @inline(__always)
    func swap(in pointer: UnsafeMutableRawPointer, at base: Int) {
        guard Self.size > 1 else { return }
        let at = base + offset
        pointer.storeBytes(of: pointer.loadUnaligned(fromByteOffset: at, as: Value.self).byteSwapped, toByteOffset: at, as: Value.self)
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
