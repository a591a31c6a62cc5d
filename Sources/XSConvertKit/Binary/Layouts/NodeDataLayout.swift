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
    static let connectionID = Field<UInt32>(0, "conn-id")
    static let transactionID = Field<UInt32>(4, "tx-id")
    static let pathLength = Field<UInt16>(8, "path-len")
    static let valueLength = Field<UInt16>(10, "value-len")
    static let access = Field<UInt16>(12, "access")
    static let permissionCount = Field<UInt16>(14, "perm-count")
    static func fixedFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(connectionID)
        visitor.visit(transactionID)
        visitor.visit(pathLength)
        visitor.visit(valueLength)
        visitor.visit(access)
        visitor.visit(permissionCount)
    }
    /// The fixed part ends with its last field.
    static var fixedSize: Int { permissionCount.end }
    /// A permission: the letter, its flags, the domain, from `permissionsStart`.
    static let letter = Field<UInt8>(0, "perm")
    static let flags = Field<UInt8>(1, "perm flags")
    static let domid = Field<UInt16>(2, "perm domid")
    static func permissionFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(letter)
        visitor.visit(flags)
        visitor.visit(domid)
    }
    static var permissionSize: Int { domid.end }
    static var permissionsStart: Int { fixedSize }

    /// Where the path starts, after `count` permissions.
    static func pathStart(permissions count: Int) -> Int { permissionsStart + permissionSize * count }

    static func decode(_ fields: inout FieldReader, diagnostics: Diagnostics) throws -> Node {
        let connection = try fields.read(connectionID)
        let transaction = try fields.read(transactionID)
        let pathLength = try fields.read(Self.pathLength)
        let valueLength = try fields.read(Self.valueLength)
        let access = try fields.read(Self.access)
        let permissionCount = try fields.read(Self.permissionCount)
        var permissions: [Permission] = []
        permissions.reserveCapacity(min(Int(permissionCount), fields.remaining / permissionSize))
        for index in 0..<Int(permissionCount) {
            let entry = permissionsStart + permissionSize * index
            let letter = try fields.read(Self.letter, at: entry, named: "perm \(index + 1)")
            let flags = try fields.read(Self.flags, at: entry, named: "perm \(index + 1) flags")
            let domid = try fields.read(Self.domid, at: entry, named: "perm \(index + 1) domid")
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
        fields.write(connectionID, node.pending?.connectionID ?? 0)
        fields.write(transactionID, node.pending?.transactionID ?? 0)
        fields.write(pathLength, try fields.checked(node.path.count + 1, as: UInt16.self, "path-len"))
        fields.write(valueLength, try fields.checked(node.value.count, as: UInt16.self, "value-len"))
        fields.write(access, node.pending?.access ?? 0)
        fields.write(permissionCount, try fields.checked(node.permissions.count, as: UInt16.self, "perm-count"))
        for (index, permission) in node.permissions.enumerated() {
            let entry = permissionsStart + permissionSize * index
            fields.write(letter, permission.access, at: entry)
            fields.write(flags, permission.flags, at: entry)
            fields.write(domid, permission.domid, at: entry)
        }
        fields.append(node.path)
        fields.nul()
        fields.append(node.value)
    }

    /// The length of the fields of `body` if they are plain (`RecordView`): they fit, the path
    /// ends at its NUL and holds no other, a committed node carries no tx-id or access, and
    /// `RecordRules` holds within `limits`.
    static func plainLength(of body: borrowing RawSpan, _ order: ByteOrder, within limits: ReadLimits) -> Int? {
        let size = body.byteCount
        guard size >= fixedSize else { return nil }
        let count = Int(order.load(permissionCount, in: body))
        let pathLength = Int(order.load(Self.pathLength, in: body)), valueLength = Int(order.load(Self.valueLength, in: body))
        let pathStart = pathStart(permissions: count)
        let length = pathStart + pathLength + valueLength
        guard pathLength >= 1, length <= size, RecordFrames.canBePadding(size - length),
              order.load(connectionID, in: body) != 0 || order.load(transactionID, in: body) == 0 && order.load(access, in: body) == 0,
              RecordRules.nodeFits(pathLength: pathLength - 1, valueLength: valueLength, permissions: count, within: limits),
              body.byte(at: pathStart + pathLength - 1) == 0, !body.containsNUL(at: pathStart, count: pathLength - 1)
        else { return nil }
        return length
    }

    /// Rewrites a viewed record's integers at `pointer` in the other byte order, by its tables:
    /// the fixed part, then each permission (`RecordView.rewrite`).
    static func swapIntegers(of view: borrowing RecordView, in pointer: UnsafeMutableRawPointer) {
        ByteSwap.apply(fixedFields, in: pointer)
        for index in 0..<Int(view.load(permissionCount)) {
            ByteSwap.apply(permissionFields, in: pointer, at: permissionsStart + permissionSize * index)
        }
    }

    /// The `index`-th permission of a plain node.
    static func permission(_ index: Int, of view: borrowing RecordView) -> Permission {
        let entry = permissionsStart + permissionSize * index
        return Permission(access: view.load(letter, at: entry), domid: view.load(domid, at: entry), flags: view.load(flags, at: entry))
    }

    /// Where a plain node's path (without its NUL) and value lie in its view's fields.
    static func strings(of view: borrowing RecordView) -> (path: Range<Int>, value: Range<Int>) {
        let pathStart = pathStart(permissions: Int(view.load(permissionCount)))
        let valueStart = pathStart + Int(view.load(pathLength))
        return (pathStart..<(valueStart - 1), valueStart..<(valueStart + Int(view.load(valueLength))))
    }
}
