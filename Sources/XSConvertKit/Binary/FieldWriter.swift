/// Appends the fields of one record body in the stream's byte order.
struct FieldWriter {
    let order: ByteOrder
    let record: String
    private(set) var bytes: Bytes = []

    init(order: ByteOrder, record: String, capacity: Int = 64) {
        self.order = order
        self.record = record
        bytes.reserveCapacity(capacity)
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        let ordered = order == .big ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { integer(value) }
    mutating func u32(_ value: UInt32) { integer(value) }
    mutating func i32(_ value: Int32) { integer(value) }
    mutating func u64(_ value: UInt64) { integer(value) }
    mutating func append<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }

    /// Zero bytes up to the next multiple of 8 from the start of the body.
    mutating func alignTo8() {
        for _ in 0..<((8 - bytes.count % 8) % 8) { bytes.append(0) }
    }

    /// Starts a framed record: `type u32` and a `len u32` that `endRecord` fills in.
    mutating func beginRecord(type: UInt32) {
        u32(type)
        u32(0)
    }

    /// Pads the record begun by `beginRecord` with zeros to a multiple of 8 and writes its
    /// `len`: padding included by default (as C xenstored writes it; readers of either kind
    /// accept it), or the body alone (as the seed's writer does).
    mutating func endRecord(lengthIncludesPadding: Bool = true) throws {
        let bodyLength = bytes.count - 8
        alignTo8()
        let length = try checked(lengthIncludesPadding ? bytes.count - 8 : bodyLength, as: UInt32.self, "len")
        let ordered = order == .big ? length.bigEndian : length.littleEndian
        withUnsafeBytes(of: ordered) { raw in
            for (offset, byte) in raw.enumerated() { bytes[4 + offset] = byte }
        }
    }

    /// A length that must fit the field's width, or the record cannot be written.
    func checked<T: FixedWidthInteger>(_ count: Int, as: T.Type, _ field: String) throws -> T {
        guard let value = T(exactly: count) else {
            throw ConversionError(.data, "\(record): \(field) of \(count) does not fit the format's \(T.bitWidth)-bit field")
        }
        return value
    }
}
