/// The 16-byte stream header, always big-endian:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | 8 | ident `xenstore` (no NUL) |
/// | 8 | 4 | version, u32 big-endian: 1 or 2 |
/// | 12 | 4 | flags, u32 big-endian: bit 0 = records big-endian; bits 1–31 zero |
struct StreamHeader: Hashable {
    static let ident = Bytes(utf8: "xenstore")
    static let versionField = Field<UInt32>(8, "version")
    static let flagsField = Field<UInt32>(12, "flags")
    static func fields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(versionField)
        visitor.visit(flagsField)
    }
    static var size: Int { flagsField.end }
    static let supportedVersions: ClosedRange<UInt32> = 1...2

    var version: UInt32
    var byteOrder: ByteOrder

    init(version: UInt32, byteOrder: ByteOrder) {
        self.version = version
        self.byteOrder = byteOrder
    }

    /// Whether `prefix` starts with the ident (for format detection).
    static func matches(_ prefix: ArraySlice<UInt8>) -> Bool {
        prefix.starts(with: ident)
    }

    init(decoding bytes: Bytes, file: String) throws {
        var fields = FieldReader(body: bytes[...], order: .big, bodyOffset: 0, record: "header", file: file)
        let ident = try fields.bytes(Self.ident.count, "ident")
        guard ident == Self.ident else {
            throw fields.error("expected the ident 'xenstore', found \"\(ident.excerpt)\"", at: 0)
        }
        version = try fields.read(Self.versionField)
        guard Self.supportedVersions.contains(version) else {
            throw fields.error("version \(version) is not supported; expected 1 or 2", at: Self.versionField.offset)
        }
        let flags = try fields.read(Self.flagsField)
        guard flags & ~1 == 0 else {
            throw fields.error(
                "flags 0x\(String(flags, radix: 16)) set reserved bits; expected 0 (little-endian) or 1 (big-endian)", at: Self.flagsField.offset)
        }
        byteOrder = flags & 1 == 1 ? .big : .little
    }

    func encoded() -> Bytes {
        var fields = FieldWriter(order: .big, record: "header")
        fields.append(Self.ident)
        fields.write(Self.versionField, version)
        fields.write(Self.flagsField, byteOrder == .big ? 1 : 0)
        return Array(fields.bytes)
    }
}
