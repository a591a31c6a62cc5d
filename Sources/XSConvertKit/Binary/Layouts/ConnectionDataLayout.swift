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

    static func decode(_ fields: inout FieldReader, diagnostics: Diagnostics) throws -> Connection {
        let id = try fields.u32("conn-id")
        let type = try fields.u16("conn-type")
        let flagsAt = fields.position
        let flags = try fields.u16("fields")
        let endpoint: Connection.Endpoint
        switch type {
        case ringType:
            let domid = try fields.u16("domid")
            let target = try fields.u16("tdomid")
            let evtchn = try fields.u32("evtchn")
            endpoint = .ring(.init(domid: domid, targetDomid: target, eventChannel: evtchn))
        case socketType:
            let fd = try fields.i32("socket-fd")
            _ = try fields.u32("pad")
            endpoint = .socket(fd: fd)
        default:
            endpoint = .other(type: type, spec: try fields.bytes(8, "conn-spec"))
        }
        let inLength = try fields.u16("in-data-len")
        let responseLength = try fields.u16("out-resp-len")
        let outLength = try fields.u32("out-data-len")
        guard UInt32(responseLength) <= outLength else {
            throw fields.error("out-resp-len \(responseLength) exceeds out-data-len \(outLength), which includes it")
        }
        let input = try fields.bytes(Int(inLength), "in-data")
        let output = try fields.bytes(Int(outLength), "out-data")
        var uniqueID: UInt64?
        if flags & uniqueIDField != 0 {
            try fields.alignTo8("padding before unique-id")
            uniqueID = try fields.u64("unique-id")
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

    /// Ring connections without a recorded event channel are written with port 0.
    static func encode(_ connection: Connection, into fields: inout FieldWriter) throws {
        fields.u32(connection.id)
        switch connection.endpoint {
        case .ring(let ring):
            fields.u16(ringType)
            fields.u16(connection.uniqueID == nil ? 0 : uniqueIDField)
            fields.u16(ring.domid)
            fields.u16(ring.targetDomid)
            fields.u32(ring.eventChannel ?? 0)
        case .socket(let fd):
            fields.u16(socketType)
            fields.u16(connection.uniqueID == nil ? 0 : uniqueIDField)
            fields.i32(fd)
            fields.u32(0)
        case .other(let type, let spec):
            fields.u16(type)
            fields.u16(connection.uniqueID == nil ? 0 : uniqueIDField)
            guard spec.count == 8 else {
                throw ConversionError(.data, "CONNECTION_DATA: conn-spec of type \(type) must be 8 bytes, not \(spec.count)")
            }
            fields.append(spec)
        }
        fields.u16(try fields.checked(connection.pendingInput.count, as: UInt16.self, "in-data-len"))
        fields.u16(connection.partialResponseLength)
        fields.u32(try fields.checked(connection.pendingOutput.count, as: UInt32.self, "out-data-len"))
        fields.append(connection.pendingInput)
        fields.append(connection.pendingOutput)
        if let uniqueID = connection.uniqueID {
            fields.alignTo8()
            fields.u64(uniqueID)
        }
    }
}
