/// How each record kind appears in the JSON form — written and read side by side, so the
/// form is defined in one place (and described by Schemas/xsconvert-snapshot.schema.json).
///
/// Optional model fields are omitted when absent (`eventChannel` of an old oxenstored dump,
/// `depth` of a plain watch); paths, tokens, values and quota names are strings when they are
/// valid UTF-8 without NUL and `{"base64": …}` otherwise; pending wire data and opaque bodies
/// are always base64.
enum RecordJSON {
    // MARK: - Writing

    static func write(_ record: Record, into json: JSONText) {
        json.beginObject()
        switch record {
        case .global(let global):
            json.key("kind"); json.string("global")
            json.key("socketFD"); json.integer(global.socketFD)
            if let fd = global.eventChannelFD { json.key("eventChannelFD"); json.integer(fd) }
            if let port = global.domExcPort { json.key("domExcPort"); json.integer(port) }
        case .connection(let connection):
            json.key("kind"); json.string("connection")
            json.key("id"); json.integer(connection.id)
            switch connection.endpoint {
            case .ring(let ring):
                json.key("type"); json.string("ring")
                json.key("domid"); json.integer(ring.domid)
                if ring.targetDomid != DomainID.invalid { json.key("targetDomid"); json.integer(ring.targetDomid) }
                if let port = ring.eventChannel { json.key("eventChannel"); json.integer(port) }
                if let mfn = ring.mfn { json.key("mfn"); json.integer(mfn) }
                if let port = ring.remotePort { json.key("remotePort"); json.integer(port) }
            case .socket(let fd):
                json.key("type"); json.string("socket")
                json.key("fd"); json.integer(fd)
            case .other(let type, let spec):
                json.key("type"); json.string("other")
                json.key("connType"); json.integer(type)
                json.key("spec"); json.base64(spec)
            }
            if let unique = connection.uniqueID { json.key("uniqueID"); json.integer(unique) }
            if !connection.pendingInput.isEmpty { json.key("pendingInput"); json.base64(connection.pendingInput) }
            if !connection.pendingOutput.isEmpty { json.key("pendingOutput"); json.base64(connection.pendingOutput) }
            if connection.partialResponseLength != 0 { json.key("partialResponseLength"); json.integer(connection.partialResponseLength) }
        case .watch(let watch):
            watch.path.withUnsafeBytes { path in
                watch.token.withUnsafeBytes { token in
                    writeWatch(connection: watch.connectionID, path: path, token: token, depth: watch.depth, into: json)
                }
            }
        case .transaction(let transaction):
            writeTransaction(connection: transaction.connectionID, id: transaction.id, into: json)
        case .node(let node):
            node.path.withUnsafeBytes { path in
                node.value.withUnsafeBytes { value in
                    writeNode(path: path, value: value, permissions: node.permissions.count, { node.permissions[$0] },
                              pending: node.pending, into: json)
                }
            }
        case .globalQuota(let quota):
            json.key("kind"); json.string("globalQuota")
            json.key("domainDefaults"); writeQuotas(quota.domainDefaults, into: json)
            json.key("global"); writeQuotas(quota.global, into: json)
        case .domain(let domain):
            json.key("kind"); json.string("domain")
            json.key("domid"); json.integer(domain.domid)
            if let features = domain.features { json.key("features"); json.integer(features) }
            json.key("quotas"); writeQuotas(domain.quotas, into: json)
        case .unknown(let unknown):
            json.key("kind"); json.string("unknown")
            json.key("type"); json.integer(unknown.type)
            json.key("body"); json.base64(unknown.body)
        }
        json.endObject()
    }

    /// The members of a watch, from its parts (the model's, or a record's as it lies).
    static func writeWatch(connection: UInt32, path: UnsafeRawBufferPointer, token: UnsafeRawBufferPointer, depth: UInt16?,
                           into json: JSONText) {
        json.key("kind"); json.string("watch")
        json.key("connection"); json.integer(connection)
        json.key("path"); json.bytesValue(path)
        json.key("token"); json.bytesValue(token)
        if let depth { json.key("depth"); json.integer(depth) }
    }

    static func writeTransaction(connection: UInt32, id: UInt32, into json: JSONText) {
        json.key("kind"); json.string("transaction")
        json.key("connection"); json.integer(connection)
        json.key("id"); json.integer(id)
    }

    /// The members of a node, from its parts: `permission(i)` is the i-th of `permissions`.
    static func writeNode(path: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, permissions: Int,
                          _ permission: (Int) -> Permission, pending: Node.PendingAccess?, into json: JSONText) {
        json.key("kind"); json.string("node")
        json.key("path"); json.bytesValue(path)
        json.key("value"); json.bytesValue(value)
        json.key("permissions")
        json.beginArray()
        for index in 0..<permissions { writePermission(permission(index), into: json) }
        json.endArray()
        if let pending {
            json.key("pending")
            json.beginObject()
            json.key("connection"); json.integer(pending.connectionID)
            json.key("transaction"); json.integer(pending.transactionID)
            json.key("access"); json.integer(pending.access)
            json.endObject()
        }
    }

    /// A record lent as it lies (`RecordView`), written as the same record from the model would
    /// be: a node, watch or transaction from its parts, a connection (few, and with data of its
    /// own) through the model.
    static func write(_ view: borrowing RecordView, into json: JSONText) {
        switch view.type {
        case .nodeData:
            typealias Layout = NodeDataLayout
            let (pathRange, valueRange) = Layout.strings(of: view)
            let connection = view.load(Layout.connectionID)
            let pending = connection == 0 ? nil : Node.PendingAccess(
                connectionID: connection, transactionID: view.load(Layout.transactionID), access: view.load(Layout.access))
            json.beginObject()
            view.fields.withUnsafeBytes { fields in
                writeNode(path: UnsafeRawBufferPointer(rebasing: fields[pathRange]), value: UnsafeRawBufferPointer(rebasing: fields[valueRange]),
                          permissions: Int(view.load(Layout.permissionCount)), { Layout.permission($0, of: view) },
                          pending: pending, into: json)
            }
            json.endObject()
        case .watchData:
            let (pathRange, tokenRange) = WatchDataLayout.strings(of: view)
            json.beginObject()
            view.fields.withUnsafeBytes { fields in
                writeWatch(connection: view.load(WatchDataLayout.connectionID), path: UnsafeRawBufferPointer(rebasing: fields[pathRange]),
                           token: UnsafeRawBufferPointer(rebasing: fields[tokenRange]), depth: nil, into: json)
            }
            json.endObject()
        case .transactionData:
            json.beginObject()
            writeTransaction(connection: view.load(TransactionDataLayout.connectionID), id: view.load(TransactionDataLayout.transactionID),
                             into: json)
            json.endObject()
        default:
            write(view.decoded(), into: json)
        }
    }

    /// `"r1"`, `"n0"`, `"b3!"` (stale) — or, for a letter or flags that form cannot show,
    /// `{"access": 120, "flags": 2, "domid": 1}`.
    private static func writePermission(_ permission: Permission, into json: JSONText) {
        // A letter JSON would have to escape (`"`, `\`) takes the object form too: the short
        // form is written without escaping.
        if (0x21...0x7E).contains(permission.access) && !(0x30...0x39).contains(permission.access)
            && permission.access != UInt8(ascii: "!") && permission.access != UInt8(ascii: "\"")
            && permission.access != UInt8(ascii: "\\") && permission.flags & ~Permission.staleFlag == 0 {
            json.string(letter: permission.access, digits: permission.domid, suffix: permission.isStale ? UInt8(ascii: "!") : nil)
            return
        }
        json.beginObject()
        json.key("access"); json.integer(permission.access)
        json.key("flags"); json.integer(permission.flags)
        json.key("domid"); json.integer(permission.domid)
        json.endObject()
    }

    private static func writeQuotas(_ quotas: [Quota], into json: JSONText) {
        json.beginArray()
        for quota in quotas {
            json.beginObject()
            json.key("name"); json.bytesValue(quota.name)
            json.key("value"); json.integer(quota.value)
            json.endObject()
        }
        json.endArray()
    }

    // MARK: - Reading

    /// The shape of a record's object for the scanner: every member any kind has, with its
    /// type and the most it may hold within `limits` (which member each kind needs is checked
    /// by `read`).
    static func shape(within limits: ReadLimits) -> JSONShape {
        let integer = JSONShape.integer
        let word = JSONShape.string(maxBytes: 32)
        let pendingData = JSONShape.bytes(maxBytes: limits.recordSize, limit: .recordSize)
        let quotas = JSONShape.array(of: .object(["name": .bytes(maxBytes: limits.valueLength, limit: .valueLength), "value": integer]),
                                     maxCount: Int(UInt16.max))
        return .object([
            "kind": word,
            "socketFD": integer, "eventChannelFD": integer, "domExcPort": integer,
            "id": integer, "type": .either(word, integer), "domid": integer, "targetDomid": integer, "eventChannel": integer,
            "mfn": integer, "remotePort": integer, "fd": integer, "connType": integer, "spec": .bytes(maxBytes: 64),
            "uniqueID": integer, "pendingInput": pendingData, "pendingOutput": pendingData, "partialResponseLength": integer,
            "connection": integer, "path": .bytes(maxBytes: limits.pathLength, limit: .pathLength),
            "token": .bytes(maxBytes: limits.valueLength, limit: .valueLength), "depth": integer,
            "value": .bytes(maxBytes: limits.valueLength, limit: .valueLength),
            "permissions": .array(of: .either(word, .object(["access": integer, "flags": integer, "domid": integer])),
                                  maxCount: Int(UInt16.max)),
            "pending": .object(["connection": integer, "transaction": integer, "access": integer]),
            "domainDefaults": quotas, "global": quotas, "quotas": quotas, "features": integer,
            "body": .bytes(maxBytes: limits.recordSize, limit: .recordSize),
        ])
    }

    static func read(_ value: JSONValue, at path: String, file: String) throws -> Record {
        var fields = try JSONFields(value, path: path, file: file)
        let record: Record
        switch try fields.string("kind") {
        case "global":
            record = .global(GlobalData(socketFD: try fields.integer("socketFD"), eventChannelFD: try fields.optionalInteger("eventChannelFD"),
                                        domExcPort: try fields.optionalInteger("domExcPort")))
        case "connection":
            let id: UInt32 = try fields.integer("id")
            let endpoint: Connection.Endpoint
            switch try fields.string("type") {
            case "ring":
                endpoint = .ring(.init(domid: try fields.integer("domid"), targetDomid: try fields.optionalInteger("targetDomid") ?? DomainID.invalid,
                                       eventChannel: try fields.optionalInteger("eventChannel"), mfn: try fields.optionalInteger("mfn"),
                                       remotePort: try fields.optionalInteger("remotePort")))
            case "socket":
                endpoint = .socket(fd: try fields.integer("fd"))
            case "other":
                let spec = try fields.bytes("spec")
                guard spec.count == 8 else { throw fields.error("spec", "expected 8 bytes, found \(spec.count)") }
                endpoint = .other(type: try fields.integer("connType"), spec: spec)
            case let other:
                throw fields.error("type", "expected \"ring\", \"socket\" or \"other\", found \"\(other)\"")
            }
            let output = try fields.optionalBytes("pendingOutput") ?? []
            let partial: UInt16 = try fields.optionalInteger("partialResponseLength") ?? 0
            guard Int(partial) <= output.count else {
                throw fields.error("partialResponseLength", "\(partial) exceeds the \(output.count) bytes of pendingOutput, which include it")
            }
            record = .connection(Connection(
                id: id, endpoint: endpoint, uniqueID: try fields.optionalInteger("uniqueID"),
                pendingInput: try fields.optionalBytes("pendingInput") ?? [], pendingOutput: output, partialResponseLength: partial))
        case "watch":
            record = .watch(Watch(connectionID: try fields.integer("connection"), path: try fields.bytes("path"),
                                  token: try fields.bytes("token"), depth: try fields.optionalInteger("depth")))
        case "transaction":
            record = .transaction(Transaction(connectionID: try fields.integer("connection"), id: try fields.integer("id")))
        case "node":
            let permissions = try fields.array("permissions").enumerated().map { index, element in
                try readPermission(element, at: "\(path).permissions[\(index)]", file: file)
            }
            var pending: Node.PendingAccess?
            if let value = fields.optional("pending") {
                var inner = try JSONFields(value, path: path + ".pending", file: file)
                pending = .init(connectionID: try inner.integer("connection"), transactionID: try inner.integer("transaction"),
                                access: try inner.integer("access"))
                try inner.finish()
            }
            record = .node(Node(path: try fields.bytes("path"), value: try fields.bytes("value"), permissions: permissions, pending: pending))
        case "globalQuota":
            record = .globalQuota(GlobalQuota(domainDefaults: try readQuotas(&fields, "domainDefaults"), global: try readQuotas(&fields, "global")))
        case "domain":
            record = .domain(DomainData(domid: try fields.integer("domid"), features: try fields.optionalInteger("features"),
                                        quotas: try readQuotas(&fields, "quotas")))
        case "unknown":
            record = .unknown(UnknownRecord(type: try fields.integer("type"), body: try fields.bytes("body")))
        case let other:
            throw fields.error("kind", "unknown record kind \"\(other)\"; expected global, connection, watch, transaction, node, globalQuota, domain or unknown")
        }
        try fields.finish()
        return record
    }

    // MARK: - Reading plain records straight into a record buffer

    /// A plain record of a document (see `buildPlain`).
    enum Plain {
        /// Built into the record buffer, of this type.
        case built(RecordType)
        /// A connection the standard layout cannot hold as it is (oxenstored's ring fields,
        /// or no event channel), read straight into the model.
        case connection(Connection)
    }

    /// The next record of a document, built straight into `record` in the standard layout
    /// (see `RecordView`) when it is plain: a node, watch, transaction or connection whose
    /// members come in the order this form writes them, each string without escapes, each
    /// integer digits alone, a node's permissions in the `"r1"` notation and no `pending`, a
    /// watch without a depth, a ring's or a socket's connection without a unique-id or pending
    /// data (one with oxenstored's fields is read into the model, from the same members). Nil
    /// for anything else, which `read` reads from the scanner.
    static func buildPlain(_ cursor: inout JSONCursor, into record: RecordBuffer) -> Plain? {
        guard cursor.take(UInt8(ascii: "{")), cursor.key("kind") else { return nil }
        let kind = cursor
        if cursor.plainString("node"), cursor.take(UInt8(ascii: ",")) { return buildNode(&cursor, into: record).map(Plain.built) }
        cursor = kind
        if cursor.plainString("watch"), cursor.take(UInt8(ascii: ",")) { return buildWatch(&cursor, into: record).map(Plain.built) }
        cursor = kind
        if cursor.plainString("transaction"), cursor.take(UInt8(ascii: ",")) {
            return buildTransaction(&cursor, into: record).map(Plain.built)
        }
        cursor = kind
        if cursor.plainString("connection"), cursor.take(UInt8(ascii: ",")), let connection = plainConnection(&cursor) {
            return record.buildConnection(id: connection.id, endpoint: connection.endpoint) ? .built(.connectionData) : .connection(connection)
        }
        return nil
    }

    /// The members of a ring's or a socket's connection as `write` spells them, without a
    /// unique-id or pending data, up to its closing brace.
    private static func plainConnection(_ cursor: inout JSONCursor) -> Connection? {
        guard cursor.key("id"), let id = cursor.plainInteger(UInt32.self), cursor.take(UInt8(ascii: ",")),
              cursor.key("type") else { return nil }
        let type = cursor
        if cursor.plainString("socket") {
            guard cursor.take(UInt8(ascii: ",")), cursor.key("fd"), let fd = cursor.plainInteger(UInt32.self).flatMap(Int32.init(exactly:)),
                  cursor.take(UInt8(ascii: "}")) else { return nil }
            return Connection(id: id, endpoint: .socket(fd: fd))
        }
        cursor = type
        guard cursor.plainString("ring"), cursor.take(UInt8(ascii: ",")), cursor.key("domid"),
              let domid = cursor.plainInteger(UInt16.self) else { return nil }
        var ring = Connection.Ring(domid: domid, targetDomid: DomainID.invalid, eventChannel: nil)
        /// The optional member `name` next, if it is there (the cursor left as it was if not).
        func optional<T: FixedWidthInteger & UnsignedInteger>(_ name: StaticString, _: T.Type) -> T?? {
            let before = cursor
            guard cursor.take(UInt8(ascii: ",")), cursor.key(name) else {
                cursor = before
                return .some(nil)
            }
            return cursor.plainInteger(T.self).map { .some($0) } ?? nil
        }
        guard let target = optional("targetDomid", UInt16.self), let eventChannel = optional("eventChannel", UInt32.self),
              let mfn = optional("mfn", UInt64.self), let remotePort = optional("remotePort", UInt32.self),
              cursor.take(UInt8(ascii: "}")) else { return nil }
        ring.targetDomid = target ?? DomainID.invalid
        ring.eventChannel = eventChannel
        ring.remotePort = remotePort
        if let mfn {
            guard let signed = Int64(exactly: mfn) else { return nil }
            ring.mfn = signed
        }
        return Connection(id: id, endpoint: .ring(ring))
    }

    private static func buildNode(_ cursor: inout JSONCursor, into record: RecordBuffer) -> RecordType? {
        guard cursor.key("path"), let path = cursor.plainString(), cursor.take(UInt8(ascii: ",")),
              cursor.key("value"), let value = cursor.plainString(), cursor.take(UInt8(ascii: ",")),
              cursor.key("permissions"), cursor.take(UInt8(ascii: "[")) else { return nil }
        _ = record.beginNode(permissions: 4, pathLength: path.count, valueLength: value.count)
        var count = 0
        if !cursor.take(UInt8(ascii: "]")) {
            repeat {
                guard let notation = cursor.plainString(),
                      let permission = Permission(notation: UnsafeRawBufferPointer(rebasing: cursor.bytes[notation])),
                      record.storePermission(count, letter: permission.access, flags: permission.flags, domid: permission.domid)
                else { return nil }
                count += 1
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "]")) else { return nil }
        }
        guard cursor.take(UInt8(ascii: "}")),
              let (pathAt, valueAt, _) = record.endNode(permissions: count, pathLength: path.count, valueLength: value.count) else { return nil }
        pathAt.copyMemory(from: cursor.bytes.baseAddress! + path.lowerBound, byteCount: path.count)
        valueAt.copyMemory(from: cursor.bytes.baseAddress! + value.lowerBound, byteCount: value.count)
        return .nodeData
    }

    private static func buildWatch(_ cursor: inout JSONCursor, into record: RecordBuffer) -> RecordType? {
        guard cursor.key("connection"), let connection = cursor.plainInteger(UInt32.self), cursor.take(UInt8(ascii: ",")),
              cursor.key("path"), let path = cursor.plainString(), cursor.take(UInt8(ascii: ",")),
              cursor.key("token"), let token = cursor.plainString(), cursor.take(UInt8(ascii: "}")),
              let (pathAt, tokenAt) = record.buildWatch(connection: connection, pathLength: path.count, tokenLength: token.count)
        else { return nil }
        pathAt.copyMemory(from: cursor.bytes.baseAddress! + path.lowerBound, byteCount: path.count)
        tokenAt.copyMemory(from: cursor.bytes.baseAddress! + token.lowerBound, byteCount: token.count)
        return .watchData
    }

    private static func buildTransaction(_ cursor: inout JSONCursor, into record: RecordBuffer) -> RecordType? {
        guard cursor.key("connection"), let connection = cursor.plainInteger(UInt32.self), cursor.take(UInt8(ascii: ",")),
              cursor.key("id"), let id = cursor.plainInteger(UInt32.self), cursor.take(UInt8(ascii: "}")) else { return nil }
        record.buildTransaction(connection: connection, id: id)
        return .transactionData
    }

    private static func readPermission(_ value: JSONValue, at path: @autoclosure () -> String, file: String) throws -> Permission {
        if case .string(let text) = value {
            guard let permission = Permission(notation: text) else {
                throw ConversionError(.data, file: file, at: .path(path()),
                                      "expected a permission such as \"n0\", \"r1\", \"b3!\" (letter, domid 0–65535, ! if stale), found \"\(text.excerpt)\"")
            }
            return permission
        }
        var fields = try JSONFields(value, path: path(), file: file)
        let permission = Permission(access: try fields.integer("access"), domid: try fields.integer("domid"),
                                    flags: try fields.optionalInteger("flags") ?? 0)
        try fields.finish()
        return permission
    }

    private static func readQuotas(_ fields: inout JSONFields, _ key: String) throws -> [Quota] {
        try fields.array(key).enumerated().map { index, element in
            var quota = try JSONFields(element, path: "\(fields.path).\(key)[\(index)]", file: fields.file)
            let result = Quota(name: try quota.bytes("name"), value: try quota.integer("value"))
            try quota.finish()
            return result
        }
    }
}
