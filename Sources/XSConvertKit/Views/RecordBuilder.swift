/// The record builder: stores records of the standard layout into a `RecordBuffer`, for the
/// readers that decode text into records and lend them as views (oxenstored's dump, JSON).
/// The one place besides the layouts' own encoders that writes NODE_DATA, WATCH_DATA,
/// TRANSACTION_DATA and CONNECTION_DATA, by their layouts' fields. Each build stores the
/// integers and the strings' NULs and says where the caller puts the strings (decoded from
/// hex, or copied from the document); a record whose lengths do not fit its fields is not
/// built (nil), and the reader reads it through the model, which says what it finds. What is
/// built is checked, as any record lent, by `RecordView`.
extension RecordBuffer {
    // MARK: NODE_DATA

    /// Starts a committed node: room for `permissions` permissions (more grow the record), a
    /// path and a value of these lengths, and `scratch` bytes after them; returns where the
    /// scratch bytes start (room for the text a reader parses into permissions).
    func beginNode(permissions: Int, pathLength: Int, valueLength: Int, scratch: Int = 0) -> UnsafeMutableRawPointer {
        let most = NodeDataLayout.pathStart(permissions: permissions) + pathLength + 1 + valueLength
        return begin(atMost: most + scratch) + most
    }

    /// Stores the node's permission number `index` (from 0); false past what perm-count holds.
    @inline(__always)
    func storePermission(_ index: Int, letter: UInt8, flags: UInt8 = 0, domid: UInt16) -> Bool {
        typealias Layout = NodeDataLayout
        guard index < Int(UInt16.max) else { return false }
        let entry = Layout.permissionsStart + Layout.permissionSize * index
        _ = reserve(entry + Layout.permissionSize)
        store(Layout.letter, letter, at: entry)
        store(Layout.flags, flags, at: entry)
        store(Layout.domid, domid, at: entry)
        return true
    }

    /// Ends the committed node begun by `beginNode`, with `permissions` permissions stored and
    /// a path and a value of these lengths: stores its fixed part and the path's NUL, and
    /// returns where the path (without its NUL) and the value go; nil if a length does not fit.
    func endNode(permissions: Int, pathLength: Int, valueLength: Int) -> (path: UnsafeMutableRawPointer, value: UnsafeMutableRawPointer,
                                                                        pathRange: Range<Int>)? {
        typealias Layout = NodeDataLayout
        guard pathLength + 1 <= Int(UInt16.max), valueLength <= Int(UInt16.max), permissions <= Int(UInt16.max) else { return nil }
        let pathStart = Layout.pathStart(permissions: permissions), valueStart = pathStart + pathLength + 1
        let base = reserve(valueStart + valueLength)
        base.storeBytes(of: 0, toByteOffset: valueStart - 1, as: UInt8.self)
        store(Layout.connectionID, 0)
        store(Layout.transactionID, 0)
        store(Layout.pathLength, UInt16(pathLength + 1))
        store(Layout.valueLength, UInt16(valueLength))
        store(Layout.access, 0)
        store(Layout.permissionCount, UInt16(permissions))
        end(length: valueStart + valueLength)
        return (base + pathStart, base + valueStart, pathStart..<(valueStart - 1))
    }

    // MARK: WATCH_DATA

    /// A watch of `connection` whose path and token have these lengths: stores its fixed part
    /// and the strings' NULs, and returns where the path and the token (without their NULs)
    /// go; nil if a length does not fit.
    func buildWatch(connection: UInt32, pathLength: Int, tokenLength: Int) -> (path: UnsafeMutableRawPointer, token: UnsafeMutableRawPointer)? {
        typealias Layout = WatchDataLayout
        guard pathLength + 1 <= Int(UInt16.max), tokenLength + 1 <= Int(UInt16.max) else { return nil }
        let tokenStart = Layout.fixedSize + pathLength + 1, length = tokenStart + tokenLength + 1
        let base = begin(atMost: length)
        base.storeBytes(of: 0, toByteOffset: tokenStart - 1, as: UInt8.self)
        base.storeBytes(of: 0, toByteOffset: length - 1, as: UInt8.self)
        store(Layout.connectionID, connection)
        store(Layout.pathLength, UInt16(pathLength + 1))
        store(Layout.tokenLength, UInt16(tokenLength + 1))
        end(length: length)
        return (base + Layout.fixedSize, base + tokenStart)
    }

    /// Sets the connection of the watch built last (a reader that learns it after the strings).
    func setWatchConnection(_ connection: UInt32) {
        store(WatchDataLayout.connectionID, connection)
    }

    // MARK: TRANSACTION_DATA

    func buildTransaction(connection: UInt32, id: UInt32) {
        _ = begin(atMost: TransactionDataLayout.size)
        store(TransactionDataLayout.connectionID, connection)
        store(TransactionDataLayout.transactionID, id)
        end(length: TransactionDataLayout.size)
    }

    // MARK: CONNECTION_DATA

    /// A connection without a unique-id and without pending data: a ring's (its event channel
    /// known) or a socket's; false for an endpoint the standard layout holds otherwise (it
    /// goes through the model).
    func buildConnection(id: UInt32, endpoint: Connection.Endpoint) -> Bool {
        typealias Layout = ConnectionDataLayout
        _ = begin(atMost: Layout.fixedSize)
        store(Layout.connectionID, id)
        store(Layout.flags, 0)
        switch endpoint {
        case .ring(let ring):
            guard let eventChannel = ring.eventChannel, ring.mfn == nil, ring.remotePort == nil else { return false }
            store(Layout.connectionType, Layout.ringType)
            store(Layout.domid, ring.domid)
            store(Layout.targetDomid, ring.targetDomid)
            store(Layout.eventChannel, eventChannel)
        case .socket(let fd):
            store(Layout.connectionType, Layout.socketType)
            store(Layout.socketFD, fd)
            store(Layout.socketPad, 0)
        case .other:
            return false
        }
        store(Layout.inputLength, 0)
        store(Layout.responseLength, 0)
        store(Layout.outputLength, 0)
        end(length: Layout.fixedSize)
        return true
    }
}
