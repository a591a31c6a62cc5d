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
        static let connectionID = Field<UInt32>(0, "conn-id")
        static let connectionType = Field<UInt32>(4, "conn-type")
        static let flags = Field<UInt32>(8, "flags")
        static let domid = Field<UInt16>(12, "domid")
        static let targetDomid = Field<UInt16>(14, "target")
        static let remotePort = Field<UInt32>(16, "remote port")
        static let socketFD = Field<Int32>(12, "fd")
        static let socketPad = Field<UInt32>(16, "pad")
        static let inputLength = Field<UInt32>(20, "in-data-len")
        static let responseLength = Field<UInt32>(24, "out-resp-len")
        static let outputLength = Field<UInt32>(28, "out-data-len")
        /// The fixed part ends with its last field. (The seed's stream is big-endian only: it is
        /// never swapped, so it needs no table; its writer checks each field is written in its
        /// place, as every layout's does.)
        static var fixedSize: Int { outputLength.end }
        /// conn-type, as in the standard layout but 32 bits wide.
        static let ringType = UInt32(ConnectionDataLayout.ringType), socketType = UInt32(ConnectionDataLayout.socketType)

        static func decode(_ fields: inout FieldReader) throws -> Connection {
            let id = try fields.read(connectionID)
            let type = try fields.read(connectionType)
            let flags = try fields.read(Self.flags)
            guard flags == 0 else { throw fields.error("flags is \(flags); the seed writes 0 and its reader requires it") }
            let endpoint: Connection.Endpoint
            switch type {
            case ringType:
                let domid = try fields.read(Self.domid), target = try fields.read(targetDomid)
                let port = try fields.read(remotePort)
                endpoint = .ring(.init(domid: domid, targetDomid: target, eventChannel: nil, remotePort: port))
            case socketType:
                let fd = try fields.read(socketFD)
                _ = try fields.read(socketPad)
                endpoint = .socket(fd: fd)
            default:
                throw fields.error("conn-type \(type); the seed knows 0 (ring) and 1 (socket)")
            }
            let inLength = Int(try fields.read(inputLength))
            let responseLength = Int(try fields.read(Self.responseLength))
            let outLength = Int(try fields.read(outputLength))
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
            fields.write(connectionID, connection.id)
            switch connection.endpoint {
            case .ring(let ring):
                fields.write(connectionType, ringType)
                fields.write(flags, 0)
                fields.write(domid, ring.domid)
                fields.write(targetDomid, ring.targetDomid)
                fields.write(remotePort, ring.remotePort ?? ring.eventChannel ?? 0)
            case .socket(let fd):
                fields.write(connectionType, socketType)
                fields.write(flags, 0)
                fields.write(socketFD, fd)
                fields.write(socketPad, 0)
            case .other(let type, let spec):
                fields.write(connectionType, UInt32(type))
                fields.write(flags, 0)
                fields.append(spec)
            }
            let partial = Int(connection.partialResponseLength)
            fields.write(inputLength, UInt32(connection.pendingInput.count))
            fields.write(responseLength, UInt32(partial))
            fields.write(outputLength, UInt32(connection.pendingOutput.count - partial))
            fields.append(connection.pendingInput)
            fields.append(connection.pendingOutput)
        }
    }

    /// WATCH_DATA, fixed part 12: `conn-id u32, wpath-len u32, token-len u32` (no NULs), then
    /// wpath and token.
    enum WatchData {
        static let connectionID = Field<UInt32>(0, "conn-id")
        static let pathLength = Field<UInt32>(4, "wpath-len")
        static let tokenLength = Field<UInt32>(8, "token-len")
        static var fixedSize: Int { tokenLength.end }

        static func decode(_ fields: inout FieldReader) throws -> Watch {
            let connection = try fields.read(connectionID)
            let pathLength = Int(try fields.read(Self.pathLength)), tokenLength = Int(try fields.read(Self.tokenLength))
            return Watch(connectionID: connection, path: try fields.bytes(pathLength, "wpath"),
                         token: try fields.bytes(tokenLength, "token"))
        }

        static func encode(_ watch: Watch, into fields: inout FieldWriter) {
            fields.write(connectionID, watch.connectionID)
            fields.write(pathLength, UInt32(watch.path.count))
            fields.write(tokenLength, UInt32(watch.token.count))
            fields.append(watch.path)
            fields.append(watch.token)
        }
    }

    /// NODE_DATA, fixed part 24: `conn-id u32, tx-id u32, path-len u32` (no NUL), `value-len
    /// u32, access u32, perm-count u32`, then perm-count × (letter u8, flags u8, domid u16),
    /// path, value. The seed writes flags 0 and its reader skips them. A permission is laid out
    /// as in the standard layout (`NodeDataLayout.letter`, `flags`, `domid`).
    enum NodeData {
        static let connectionID = Field<UInt32>(0, "conn-id")
        static let transactionID = Field<UInt32>(4, "tx-id")
        static let pathLength = Field<UInt32>(8, "path-len")
        static let valueLength = Field<UInt32>(12, "value-len")
        static let access = Field<UInt32>(16, "access")
        static let permissionCount = Field<UInt32>(20, "perm-count")
        static var fixedSize: Int { permissionCount.end }

        static func decode(_ fields: inout FieldReader) throws -> Node {
            let connection = try fields.read(connectionID)
            let transaction = try fields.read(transactionID)
            let pathLength = Int(try fields.read(Self.pathLength)), valueLength = Int(try fields.read(Self.valueLength))
            let access = try fields.read(Self.access)
            let count = Int(try fields.read(permissionCount))
            let size = NodeDataLayout.permissionSize
            guard count * size <= fields.remaining else {
                throw fields.error("perm-count \(count) needs \(count * size) bytes but the record's len leaves \(fields.remaining)")
            }
            var permissions: [Permission] = []
            for index in 0..<count {
                let entry = fixedSize + NodeDataLayout.permissionSize * index
                let letter = try fields.read(NodeDataLayout.letter, at: entry, named: "perm \(index + 1)")
                let flags = try fields.read(NodeDataLayout.flags, at: entry, named: "perm \(index + 1) flags")
                let domid = try fields.read(NodeDataLayout.domid, at: entry, named: "perm \(index + 1) domid")
                permissions.append(Permission(access: letter, domid: domid, flags: flags))
            }
            let path = try fields.bytes(pathLength, "path"), value = try fields.bytes(valueLength, "value")
            guard let access16 = UInt16(exactly: access) else { throw fields.error("access \(access) is over 65535") }
            let pending = connection == 0 ? nil : Node.PendingAccess(connectionID: connection, transactionID: transaction, access: access16)
            return Node(path: path, value: value, permissions: permissions, pending: pending)
        }

        static func encode(_ node: Node, into fields: inout FieldWriter) {
            fields.write(connectionID, node.pending?.connectionID ?? 0)
            fields.write(transactionID, node.pending?.transactionID ?? 0)
            fields.write(pathLength, UInt32(node.path.count))
            fields.write(valueLength, UInt32(node.value.count))
            fields.write(access, UInt32(node.pending?.access ?? 0))
            fields.write(permissionCount, UInt32(node.permissions.count))
            for (index, permission) in node.permissions.enumerated() {
                let entry = fixedSize + NodeDataLayout.permissionSize * index
                fields.write(NodeDataLayout.letter, permission.access, at: entry)
                fields.write(NodeDataLayout.flags, permission.flags, at: entry)
                fields.write(NodeDataLayout.domid, permission.domid, at: entry)
            }
            fields.append(node.path)
            fields.append(node.value)
        }
    }
}
