/// XSCONVERT_OXENSTORED (type 0x78736301, "xsc" 1): xsconvert's own record, carrying the
/// oxenstored fields that GLOBAL_DATA and a ring CONNECTION_DATA have no room for, so that an
/// oxenstored dump survives text → binary → text. Written right after the record it extends,
/// only when the model holds such a field; read back into that record. C xenstored skips it
/// (an unknown type) with a log line. Body 24:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | u32 | extends: 1 (GLOBAL_DATA) or 2 (CONNECTION_DATA) |
/// | 4 | u32 | conn-id of the extended CONNECTION_DATA; 0 for GLOBAL_DATA |
/// | 8 | u32 | present: bit 0 mfn, bit 1 port, bit 2 placeholder (see below) |
/// | 12 | u32 | port: the guest's remote port (ring) or the VIRQ_DOM_EXC port (global) |
/// | 16 | i64 | mfn of the ring page (ring; 0 otherwise) |
///
/// Placeholder: the extended record's `evtchn` (ring) or `evtchn-fd` (global) was unknown
/// and written as 0 or −1; reading restores "unknown".
enum OxenstoredExtensionLayout {
    static let type: UInt32 = 0x7873_6301
    static let name = "XSCONVERT_OXENSTORED"
    static let extends = Field<UInt32>(0, "extends")
    static let connectionID = Field<UInt32>(4, "conn-id")
    static let present = Field<UInt32>(8, "present")
    static let port = Field<UInt32>(12, "port")
    static let mfn = Field<UInt64>(16, "mfn")
    static func fields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(extends)
        visitor.visit(connectionID)
        visitor.visit(present)
        visitor.visit(port)
        visitor.visit(mfn)
    }
    static var bodySize: Int { mfn.end }

    private static let mfnPresent: UInt32 = 0x1
    private static let portPresent: UInt32 = 0x2
    private static let placeholder: UInt32 = 0x4

    struct Fields: Hashable {
        var extends: UInt32
        var connectionID: UInt32
        var mfn: Int64?
        var port: UInt32?
        var placeholder: Bool
    }

    /// What `record` needs carried, or `nil` if nothing (every record from C xenstored).
    static func fields(for record: Record) -> Fields? {
        switch record {
        case .global(let global):
            guard global.domExcPort != nil || global.eventChannelFD == nil else { return nil }
            return Fields(extends: RecordType.globalData.rawValue, connectionID: 0, mfn: nil,
                          port: global.domExcPort, placeholder: global.eventChannelFD == nil)
        case .connection(let connection):
            guard case .ring(let ring) = connection.endpoint,
                  ring.mfn != nil || ring.remotePort != nil || ring.eventChannel == nil else { return nil }
            return Fields(extends: RecordType.connectionData.rawValue, connectionID: connection.id, mfn: ring.mfn,
                          port: ring.remotePort, placeholder: ring.eventChannel == nil)
        default:
            return nil
        }
    }

    /// `record` with the carried fields put back, or `nil` if the extension is not for it.
    static func merge(_ fields: Fields, into record: Record) -> Record? {
        switch record {
        case .global(var global) where fields.extends == RecordType.globalData.rawValue && fields.connectionID == 0:
            global.domExcPort = fields.port
            if fields.placeholder { global.eventChannelFD = nil }
            return .global(global)
        case .connection(var connection) where fields.extends == RecordType.connectionData.rawValue
            && fields.connectionID == connection.id:
            guard case .ring(var ring) = connection.endpoint else { return nil }
            ring.mfn = fields.mfn
            ring.remotePort = fields.port
            if fields.placeholder { ring.eventChannel = nil }
            connection.endpoint = .ring(ring)
            return .connection(connection)
        default:
            return nil
        }
    }

    static func decode(_ reader: inout FieldReader) throws -> Fields {
        let extends = try reader.read(Self.extends)
        let connectionID = try reader.read(Self.connectionID)
        let present = try reader.read(Self.present)
        let port = try reader.read(Self.port)
        let mfn = Int64(bitPattern: try reader.read(Self.mfn))
        return Fields(extends: extends, connectionID: connectionID,
                      mfn: present & mfnPresent != 0 ? mfn : nil,
                      port: present & portPresent != 0 ? port : nil,
                      placeholder: present & placeholder != 0)
    }

    static func encode(_ fields: Fields, into writer: inout FieldWriter) {
        writer.write(extends, fields.extends)
        writer.write(connectionID, fields.connectionID)
        writer.write(present, (fields.mfn == nil ? 0 : mfnPresent) | (fields.port == nil ? 0 : portPresent)
                     | (fields.placeholder ? placeholder : 0))
        writer.write(port, fields.port ?? 0)
        writer.write(mfn, UInt64(bitPattern: fields.mfn ?? 0))
    }
}
