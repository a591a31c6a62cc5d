/// The record bodies the seed patch's OCaml writer produces (corpus/seed/LAYOUT.md), where
/// they differ from the standard layout: 32-bit lengths and counts, strings without NUL. All
/// big-endian. GLOBAL_DATA, TRANSACTION_DATA and END are laid out as in the standard stream
/// (`GlobalDataLayout`, `TransactionDataLayout`).
enum SeedLayouts {
    /// CONNECTION_DATA, fixed part 32:
    ///
    /// | off | size | field |
    /// |---|---|---|
    /// | 0 | u32 | conn-id |
    /// | 4 | u32 | conn-type: 0 ring, 1 socket |
    /// | 8 | u32 | flags, always 0 |
    /// | 12 | 8 | ring: domid u16, target u16, remote port u32 · socket: fd u32, 0 u32 |
    /// | 20 | u32 | in-data-len |
    /// | 24 | u32 | out-resp-len (partial response, outside out-data and outside `len`) |
    /// | 28 | u32 | out-data-len |
    /// | 32 | … | in-data, partial response, out-data |
    ///
    /// The port is the guest's end of the event channel (oxenstored's remote port), not the
    /// local port C xenstored rebinds: the model keeps it as `remotePort`, the local port unknown.
    enum ConnectionData {
        static func decode(_ fields: inout FieldReader) throws -> Connection {
            let id = try fields.u32("conn-id")
            let type = try fields.u32("conn-type")
            let flags = try fields.u32("flags")
            guard flags == 0 else { throw fields.error("flags is \(flags); the seed writes 0 and its reader requires it") }
            let endpoint: Connection.Endpoint
            switch type {
            case 0:
                let domid = try fields.u16("domid"), target = try fields.u16("target")
                let port = try fields.u32("remote port")
                endpoint = .ring(.init(domid: domid, targetDomid: target, eventChannel: nil, remotePort: port))
            case 1:
                let fd = try fields.i32("fd")
                _ = try fields.u32("pad")
                endpoint = .socket(fd: fd)
            default:
                throw fields.error("conn-type \(type); the seed knows 0 (ring) and 1 (socket)")
            }
            let inLength = Int(try fields.u32("in-data-len"))
            let responseLength = Int(try fields.u32("out-resp-len"))
            let outLength = Int(try fields.u32("out-data-len"))
            let input = try fields.bytes(inLength, "in-data")
            let partial = try fields.bytes(responseLength, "partial response")
            let output = try fields.bytes(outLength, "out-data")
            guard let partialLength = UInt16(exactly: responseLength) else {
                throw fields.error("out-resp-len \(responseLength) is over 65535")
            }
            return Connection(id: id, endpoint: endpoint, pendingInput: input, pendingOutput: partial + output,
                              partialResponseLength: partialLength)
        }

        static func encode(_ connection: Connection, into fields: inout FieldWriter) {
            fields.u32(connection.id)
            switch connection.endpoint {
            case .ring(let ring):
                fields.u32(0)
                fields.u32(0)
                fields.u16(ring.domid)
                fields.u16(ring.targetDomid)
                fields.u32(ring.remotePort ?? ring.eventChannel ?? 0)
            case .socket(let fd):
                fields.u32(1)
                fields.u32(0)
                fields.i32(fd)
                fields.u32(0)
            case .other(let type, let spec):
                fields.u32(UInt32(type))
                fields.u32(0)
                fields.append(spec)
            }
            let partial = Int(connection.partialResponseLength)
            fields.u32(UInt32(connection.pendingInput.count))
            fields.u32(UInt32(partial))
            fields.u32(UInt32(connection.pendingOutput.count - partial))
            fields.append(connection.pendingInput)
            fields.append(connection.pendingOutput)
        }
    }

    /// WATCH_DATA, fixed part 12: `conn-id u32, wpath-len u32, token-len u32` (no NULs), then
    /// wpath and token.
    enum WatchData {
        static func decode(_ fields: inout FieldReader) throws -> Watch {
            let connection = try fields.u32("conn-id")
            let pathLength = Int(try fields.u32("wpath-len")), tokenLength = Int(try fields.u32("token-len"))
            return Watch(connectionID: connection, path: try fields.bytes(pathLength, "wpath"),
                         token: try fields.bytes(tokenLength, "token"))
        }

        static func encode(_ watch: Watch, into fields: inout FieldWriter) {
            fields.u32(watch.connectionID)
            fields.u32(UInt32(watch.path.count))
            fields.u32(UInt32(watch.token.count))
            fields.append(watch.path)
            fields.append(watch.token)
        }
    }

    /// NODE_DATA, fixed part 24: `conn-id u32, tx-id u32, path-len u32` (no NUL), `value-len
    /// u32, access u32, perm-count u32`, then perm-count × (letter u8, flags u8, domid u16),
    /// path, value. The seed writes flags 0 and its reader skips them.
    enum NodeData {
        static func decode(_ fields: inout FieldReader) throws -> Node {
            let connection = try fields.u32("conn-id")
            let transaction = try fields.u32("tx-id")
            let pathLength = Int(try fields.u32("path-len")), valueLength = Int(try fields.u32("value-len"))
            let access = try fields.u32("access")
            let count = Int(try fields.u32("perm-count"))
            guard count * 4 <= fields.remaining else {
                throw fields.error("perm-count \(count) needs \(count * 4) bytes but the record's len leaves \(fields.remaining)")
            }
            var permissions: [Permission] = []
            for index in 0..<count {
                let letter = try fields.u8("perm \(index + 1)"), flags = try fields.u8("perm \(index + 1) flags")
                permissions.append(Permission(access: letter, domid: try fields.u16("perm \(index + 1) domid"), flags: flags))
            }
            let path = try fields.bytes(pathLength, "path"), value = try fields.bytes(valueLength, "value")
            guard let access16 = UInt16(exactly: access) else { throw fields.error("access \(access) is over 65535") }
            let pending = connection == 0 ? nil : Node.PendingAccess(connectionID: connection, transactionID: transaction, access: access16)
            return Node(path: path, value: value, permissions: permissions, pending: pending)
        }

        static func encode(_ node: Node, into fields: inout FieldWriter) {
            fields.u32(node.pending?.connectionID ?? 0)
            fields.u32(node.pending?.transactionID ?? 0)
            fields.u32(UInt32(node.path.count))
            fields.u32(UInt32(node.value.count))
            fields.u32(UInt32(node.pending?.access ?? 0))
            fields.u32(UInt32(node.permissions.count))
            for permission in node.permissions {
                fields.u8(permission.access)
                fields.u8(permission.flags)
                fields.u16(permission.domid)
            }
            fields.append(node.path)
            fields.append(node.value)
        }
    }
}
