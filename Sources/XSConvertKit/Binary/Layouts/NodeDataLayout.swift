/// NODE_DATA (type 5), fixed part 16:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | u32 | conn-id: 0 = committed; else the connection of a pending transaction |
/// | 4 | u32 | tx-id (ignored when conn-id is 0) |
/// | 8 | u16 | path-len, including the NUL |
/// | 10 | u16 | value-len |
/// | 12 | u16 | access (pending nodes): bit 0 read, bit 1 written; 0 = deleted |
/// | 14 | u16 | perm-count N |
/// | 16 | 4·N | perm u8 (ASCII), flags u8 (0x01 stale), domid u16 |
/// | … | | path + NUL, then value |
enum NodeDataLayout {
    static func decode(_ fields: inout FieldReader, diagnostics: Diagnostics) throws -> Node {
        let connection = try fields.u32("conn-id")
        let transaction = try fields.u32("tx-id")
        let pathLength = try fields.u16("path-len")
        let valueLength = try fields.u16("value-len")
        let access = try fields.u16("access")
        let permissionCount = try fields.u16("perm-count")
        var permissions: [Permission] = []
        permissions.reserveCapacity(min(Int(permissionCount), fields.remaining / 4))
        for index in 0..<Int(permissionCount) {
            let letter = try fields.u8("perm \(index + 1)")
            let flags = try fields.u8("perm \(index + 1) flags")
            let domid = try fields.u16("perm \(index + 1) domid")
            permissions.append(Permission(access: letter, domid: domid, flags: flags))
        }
        let path = try fields.terminatedString(lengthWithNUL: Int(pathLength), "path")
        let value = try fields.bytes(Int(valueLength), "value")
        var pending: Node.PendingAccess?
        if connection != 0 {
            pending = .init(connectionID: connection, transactionID: transaction, access: access)
        } else if transaction != 0 || access != 0 {
            diagnostics.warn(
                "NODE_DATA \(path.excerpt): committed node carries tx-id \(transaction) and access \(access); ignored",
                file: fields.file, at: .byte(fields.bodyOffset))
        }
        return Node(path: path, value: value, permissions: permissions, pending: pending)
    }

    static func encode(_ node: Node, into fields: inout FieldWriter) throws {
        fields.u32(node.pending?.connectionID ?? 0)
        fields.u32(node.pending?.transactionID ?? 0)
        fields.u16(try fields.checked(node.path.count + 1, as: UInt16.self, "path-len"))
        fields.u16(try fields.checked(node.value.count, as: UInt16.self, "value-len"))
        fields.u16(node.pending?.access ?? 0)
        fields.u16(try fields.checked(node.permissions.count, as: UInt16.self, "perm-count"))
        for permission in node.permissions {
            fields.u8(permission.access)
            fields.u8(permission.flags)
            fields.u16(permission.domid)
        }
        fields.append(node.path)
        fields.u8(0)
        fields.append(node.value)
    }
}
