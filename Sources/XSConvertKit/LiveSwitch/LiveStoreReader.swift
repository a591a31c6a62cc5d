/// The store a running daemon serves, read over its socket as dom0 sees it: every node's
/// path, value and permissions, walked from `/` (`XS_DIRECTORY`, or `XS_DIRECTORY_PART` for a
/// directory too long for one reply; `XS_READ`; `XS_GET_PERMS`). What the daemon lists of its
/// special nodes (oxenstored's `/@…`) is left out. A node removed during the walk is skipped:
/// the store is a running one.
public struct LiveStoreReader {
    let connection: XenstoreConnection

    /// A reader of the store served over `connection`, which it uses one request at a time.
    public init(_ connection: XenstoreConnection) {
        self.connection = connection
    }

    /// The store's nodes, parents before children.
    public func read() throws -> Snapshot {
        var records: [Record] = []
        var pending: [Bytes] = [StoreTree.root]
        while let path = pending.popLast() {
            guard let node = try node(at: path) else { continue }
            records.append(.node(node))
            let children = try self.children(of: path).filter { $0.first != UInt8(ascii: "@") }
            pending += children.reversed().map { (path == StoreTree.root ? [] : path) + [UInt8(ascii: "/")] + $0 }
        }
        return Snapshot(records: records)
    }

    func node(at path: Bytes) throws -> Node? {
        do {
            let value = try connection.request(XenstoreMessage.Kind.read, [path])
            let words = try connection.request(XenstoreMessage.Kind.getPermissions, [path])
                .split(separator: 0).map { Bytes($0) }
            let permissions = try words.map { word -> Permission in
                guard let letter = word.first, let domid = UInt16(String(decoding: word.dropFirst(), as: UTF8.self)) else {
                    throw ConversionError(.data, file: connection.socketPath, "XS_GET_PERMS \(path.escapedForDisplay): '\(String(decoding: word, as: UTF8.self))' is not a permission")
                }
                return Permission(access: letter, domid: domid)
            }
            return Node(path: path, value: value, permissions: permissions)
        } catch let failure as XenstoreConnection.Failure where failure.code == "ENOENT" {
            return nil
        }
    }

    /// The names of `path`'s children.
    public func children(of path: Bytes) throws -> [Bytes] {
        do {
            return Self.names(try connection.request(XenstoreMessage.Kind.directory, [path]))
        } catch let failure as XenstoreConnection.Failure where failure.code == "E2BIG" {
            return try childrenInParts(of: path)
        } catch let failure as XenstoreConnection.Failure where failure.code == "ENOENT" {
            return []
        }
    }

    /// `XS_DIRECTORY_PART`: `PATH\0OFFSET\0` answered with the node's generation and as many
    /// NUL-terminated names from byte OFFSET of its child list as fit; an empty name ends
    /// the list. A generation that changes between parts means the list changed: start again.
    func childrenInParts(of path: Bytes) throws -> [Bytes] {
        for _ in 0..<10 {
            var names: [Bytes] = [], offset = 0, generation: Bytes?
            while true {
                let reply = try connection.request(XenstoreMessage.Kind.directoryPart, [path, Bytes(String(offset).utf8)])
                guard let end = reply.firstIndex(of: 0) else {
                    throw ConversionError(.data, file: connection.socketPath, "XS_DIRECTORY_PART \(path.escapedForDisplay): no generation in the reply")
                }
                let thisGeneration = Bytes(reply[..<end])
                if let generation, generation != thisGeneration { break }
                generation = thisGeneration
                let list = reply[(end + 1)...]
                let last = list.last == 0 && (list.count == 1 || list.dropLast().last == 0)
                let part = last ? list.dropLast() : list
                names += Self.names(Bytes(part))
                offset += part.count
                if last { return names }
            }
        }
        throw ConversionError(.io, file: connection.socketPath, "XS_DIRECTORY_PART \(path.escapedForDisplay): the directory kept changing while it was read")
    }

    static func names(_ payload: Bytes) -> [Bytes] {
        payload.split(separator: 0).map { Bytes($0) }
    }
}
