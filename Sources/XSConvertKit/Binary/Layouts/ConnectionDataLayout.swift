/// CONNECTION_DATA (type 2), fixed part 24:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | u32 | conn-id |
/// | 4 | u16 | conn-type: 0 ring, 1 socket |
/// | 6 | u16 | fields: bit 0 = unique-id present (version 2) |
/// | 8 | 8 | ring: domid u16, tdomid u16, evtchn u32 · socket: fd i32, pad u32 |
/// | 16 | u16 | in-data-len |
/// | 18 | u16 | out-resp-len (the head of out-data that is a partial response) |
/// | 20 | u32 | out-data-len |
/// | 24 | … | in-data, then out-data |
/// | … | u64 | unique-id, at the next 8-aligned offset, if fields bit 0 |
enum ConnectionDataLayout {
    static let ringType: UInt16 = 0
    static let socketType: UInt16 = 1
    static let uniqueIDField: UInt16 = 0x1

    static let connectionID = Field<UInt32>(0, "conn-id")
    static let connectionType = Field<UInt16>(4, "conn-type")
    static let flags = Field<UInt16>(6, "fields")
    /// conn-spec, 8 bytes at 8: a ring's …
    static let domid = Field<UInt16>(8, "domid")
    static let targetDomid = Field<UInt16>(10, "tdomid")
    static let eventChannel = Field<UInt32>(12, "evtchn")
    /// … a socket's …
    static let socketFD = Field<Int32>(8, "socket-fd")
    static let socketPad = Field<UInt32>(12, "pad")
    /// … or another type's, opaque.
    static var specStart: Int { flags.end }
    static var specSize: Int { inputLength.offset - specStart }
    static let inputLength = Field<UInt16>(16, "in-data-len")
    static let responseLength = Field<UInt16>(18, "out-resp-len")
    static let outputLength = Field<UInt32>(20, "out-data-len")
    /// The fixed part's fields, by conn-type: the spec's are a ring's, a socket's, or none (an
    /// unknown type's spec is opaque bytes).
    private static func head<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(connectionID)
        visitor.visit(connectionType)
        visitor.visit(flags)
    }

    private static func tail<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(inputLength)
        visitor.visit(responseLength)
        visitor.visit(outputLength)
    }

    static func ringFields<V: FieldVisitor>(_ visitor: inout V) {
        head(&visitor)
        visitor.visit(domid)
        visitor.visit(targetDomid)
        visitor.visit(eventChannel)
        tail(&visitor)
    }

    static func socketFields<V: FieldVisitor>(_ visitor: inout V) {
        head(&visitor)
        visitor.visit(socketFD)
        visitor.visit(socketPad)
        tail(&visitor)
    }

    static func otherFields<V: FieldVisitor>(_ visitor: inout V) {
        head(&visitor)
        tail(&visitor)
    }
    /// The fixed part ends with its last field.
    static var fixedSize: Int { outputLength.end }
    /// After the data, at the next multiple of 8, when `fields` says so (version 2).
    static let uniqueID = Field<UInt64>(0, "unique-id")

    static func decode(_ fields: inout FieldReader, diagnostics: Diagnostics) throws -> Connection {
        let id = try fields.read(connectionID)
        let type = try fields.read(connectionType)
        let flagsAt = Self.flags.offset
        let flags = try fields.read(Self.flags)
        let endpoint: Connection.Endpoint
        switch type {
        case ringType:
            let domid = try fields.read(Self.domid)
            let target = try fields.read(targetDomid)
            let evtchn = try fields.read(eventChannel)
            endpoint = .ring(.init(domid: domid, targetDomid: target, eventChannel: evtchn))
        case socketType:
            let fd = try fields.read(socketFD)
            _ = try fields.read(socketPad)
            endpoint = .socket(fd: fd)
        default:
            endpoint = .other(type: type, spec: try fields.bytes(specSize, "conn-spec"))
        }
        let inLength = try fields.read(inputLength)
        let responseLength = try fields.read(Self.responseLength)
        let outLength = try fields.read(outputLength)
        guard UInt32(responseLength) <= outLength else {
            throw fields.error("out-resp-len \(responseLength) exceeds out-data-len \(outLength), which includes it")
        }
        let input = try fields.bytes(Int(inLength), "in-data")
        let output = try fields.bytes(Int(outLength), "out-data")
        var uniqueID: UInt64?
        if flags & uniqueIDField != 0 {
            try fields.alignTo8("padding before unique-id")
            uniqueID = try fields.read(Self.uniqueID, at: fields.position)
        }
        if flags & ~uniqueIDField != 0 {
            diagnostics.warn(
                "CONNECTION_DATA: unknown bits 0x\(String(flags & ~uniqueIDField, radix: 16)) in fields ignored",
                file: fields.file, at: .byte(fields.bodyOffset + UInt64(flagsAt)))
        }
        return Connection(
            id: id, endpoint: endpoint, uniqueID: uniqueID, pendingInput: input,
            pendingOutput: output, partialResponseLength: responseLength)
    }

    /// The length of the fields of `body` if they are plain (`RecordView`): no unique-id (its
    /// place depends on the version) and no unknown bit in `fields`, a socket's pad 0 (written
    /// so), the data within `len`, and `RecordRules` holds.
    static func plainLength(of body: borrowing RawSpan, _ order: ByteOrder, within limits: ReadLimits) -> Int? {
        let size = body.byteCount
        guard size >= fixedSize, order.load(flags, in: body) == 0,
              order.load(connectionType, in: body) != socketType || order.load(socketPad, in: body) == 0 else { return nil }
        let inLength = Int(order.load(inputLength, in: body)), outLength = Int(order.load(outputLength, in: body))
        let length = fixedSize + inLength + outLength
        guard Int(order.load(responseLength, in: body)) <= outLength, length <= size, RecordFrames.canBePadding(size - length),
              RecordRules.connectionFits(pendingBytes: inLength + outLength, within: limits) else { return nil }
        return length
    }

    /// Rewrites a viewed record's integers at `pointer` in the other byte order, by its
    /// conn-type's table (`RecordView.rewrite`).
    static func swapIntegers(of view: borrowing RecordView, in pointer: UnsafeMutableRawPointer) {
        switch view.load(connectionType) {
        case ringType: ByteSwap.apply(ringFields, in: pointer)
        case socketType: ByteSwap.apply(socketFields, in: pointer)
        default: ByteSwap.apply(otherFields, in: pointer)
        }
    }

    /// Ring connections without a recorded event channel are written with port 0.
    static func encode(_ connection: Connection, into fields: inout FieldWriter) throws {
        fields.write(connectionID, connection.id)
        let flags = connection.uniqueID == nil ? 0 : uniqueIDField
        switch connection.endpoint {
        case .ring(let ring):
            fields.write(connectionType, ringType)
            fields.write(Self.flags, flags)
            fields.write(domid, ring.domid)
            fields.write(targetDomid, ring.targetDomid)
            fields.write(eventChannel, ring.eventChannel ?? 0)
        case .socket(let fd):
            fields.write(connectionType, socketType)
            fields.write(Self.flags, flags)
            fields.write(socketFD, fd)
            fields.write(socketPad, 0)
        case .other(let type, let spec):
            fields.write(connectionType, type)
            fields.write(Self.flags, flags)
            guard spec.count == specSize else {
                throw ConversionError(.data, "CONNECTION_DATA: conn-spec of type \(type) must be 8 bytes, not \(spec.count)")
            }
            fields.append(spec)
        }
        fields.write(inputLength, try fields.checked(connection.pendingInput.count, as: UInt16.self, "in-data-len"))
        fields.write(responseLength, connection.partialResponseLength)
        fields.write(outputLength, try fields.checked(connection.pendingOutput.count, as: UInt32.self, "out-data-len"))
        fields.append(connection.pendingInput)
        fields.append(connection.pendingOutput)
        if let uniqueID = connection.uniqueID {
            fields.alignTo8()
            fields.write(Self.uniqueID, uniqueID, at: fields.bodyCount)
        }
    }
}
