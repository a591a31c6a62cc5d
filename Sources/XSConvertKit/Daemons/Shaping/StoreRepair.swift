/// What no daemon restores as it is, whatever its version, made into what it does, each change
/// reported (the first step of `TargetShaping`):
///
/// - conn-ids that are 0 or taken by an earlier connection get new ones (their watches,
///   transactions and pending nodes follow);
/// - a ring connection of a domid no domain can have is dropped, a target domid that names no
///   domain becomes none (losses);
/// - watches whose path xenstore refuses are dropped (a loss);
/// - committed and special nodes whose path xenstore refuses, or longer than the target takes,
///   are dropped; values longer than it takes are emptied (losses); a node without
///   permissions gets its parent's (as xenstored gives a new node); a letter other than
///   `n r w b`, which the daemons read as none, is written `n`; a permission naming no domain
///   is dropped (an owner becomes dom0); DOMID_ANY is dropped for a daemon before 4.22
///   (losses); a node that comes twice is kept once, the later one (a loss if they differ).
struct StoreRepair {
    let profile: TargetProfile
    let diagnostics: Diagnostics

    func repair(_ records: [Record]) -> [Record] {
        var result = uniqueConnectionIDs(records)
        var dropped: Set<UInt32> = []
        result = result.compactMap { record in
            switch record {
            case .connection(let connection): return repair(connection, dropped: &dropped).map(Record.connection)
            case .watch(let watch): return dropped.contains(watch.connectionID) ? nil : repair(watch).map(Record.watch)
            case .node(let node) where node.pending == nil: return repair(node).map(Record.node)
            default: return record
            }
        }
        return lastOfEachPath(inheritingPermissions(result))
    }

    // MARK: Connections and watches

    /// Records whose connections all have distinct non-zero conn-ids. A watch, transaction or
    /// pending node refers to the latest connection with its conn-id before it.
    private func uniqueConnectionIDs(_ records: [Record]) -> [Record] {
        var ids: Set<UInt32> = []
        var clash = false
        for case .connection(let connection) in records {
            if connection.id == 0 || !ids.insert(connection.id).inserted { clash = true }
        }
        guard clash else { return records }
        var used: Set<UInt32> = [], renamed: [UInt32: UInt32] = [:], next = ids.max() ?? 0
        func renumbered(_ id: UInt32) -> UInt32 { renamed[id] ?? id }
        return records.map { record in
            switch record {
            case .connection(var connection):
                if connection.id == 0 || !used.insert(connection.id).inserted {
                    repeat { next &+= 1 } while next == 0 || ids.contains(next)
                    diagnostics.synthesized("a new conn-id for a connection whose conn-id is 0 or an earlier connection's (its watches and transactions follow it)",
                                            example: "conn-id \(connection.id) → \(next)")
                    renamed[connection.id] = next
                    connection.id = next
                } else {
                    renamed[connection.id] = nil
                }
                return .connection(connection)
            case .watch(var watch):
                watch.connectionID = renumbered(watch.connectionID)
                return .watch(watch)
            case .transaction(var transaction):
                transaction.connectionID = renumbered(transaction.connectionID)
                return .transaction(transaction)
            case .node(var node):
                if let pending = node.pending { node.pending?.connectionID = renumbered(pending.connectionID) }
                return .node(node)
            default: return record
            }
        }
    }

    private func repair(_ connection: Connection, dropped: inout Set<UInt32>) -> Connection? {
        guard case .ring(var ring) = connection.endpoint else { return connection }
        if ring.domid > DomainID.maxReal {
            diagnostics.lose("ring connection of a domid no domain can have (with its watches)", example: "conn-id \(connection.id), domid \(ring.domid)")
            dropped.insert(connection.id)
            return nil
        }
        guard ring.targetDomid > DomainID.maxReal, ring.targetDomid != DomainID.invalid else { return connection }
        diagnostics.lose("target domain of a ring connection that names no domain (written as none)",
                         example: "domain \(ring.domid), target \(ring.targetDomid)")
        ring.targetDomid = DomainID.invalid
        var changed = connection
        changed.endpoint = .ring(ring)
        return changed
    }

    private func repair(_ watch: Watch) -> Watch? {
        guard let problem = PathRules.watchPathProblem(watch.path) else { return watch }
        diagnostics.lose("watch whose path xenstore refuses", example: "\(watch.path.excerpt): \(problem)")
        return nil
    }

    // MARK: Nodes

    private func repair(_ node: Node) -> Node? {
        if let problem = PathRules.nodePathProblem(node.path) {
            diagnostics.lose("node whose path xenstore refuses", example: "\(node.path.excerpt): \(problem)")
            return nil
        }
        if node.path.count > profile.maxPathLength {
            diagnostics.lose("node whose path is longer than \(profile.name)'s \(profile.maxPathLength) bytes",
                             example: node.path.excerpt)
            return nil
        }
        var node = node
        if node.value.count > profile.maxValueLength {
            diagnostics.lose("value longer than \(profile.name)'s \(profile.maxValueLength) bytes (written empty)",
                             example: "\(node.path.excerpt) (\(node.value.count) bytes)")
            node.value = []
        }
        node.permissions = repair(node.permissions, of: node.path)
        return node
    }

    /// `permissions` as the daemons read them; the same array when nothing changes (most
    /// nodes: no copy made).
    private func repair(_ permissions: [Permission], of path: Bytes) -> [Permission] {
        var result: [Permission]?
        for (index, permission) in permissions.enumerated() {
            let repaired = repair(permission, isOwner: index == 0, of: path)
            if result == nil, repaired != permission { result = Array(permissions[..<index]) }
            if let repaired { result?.append(repaired) }
        }
        return result ?? permissions
    }

    /// One permission as the daemons read it; nil when it is dropped.
    private func repair(_ permission: Permission, isOwner: Bool, of path: Bytes) -> Permission? {
        var permission = permission
        if !permission.isKnownLetter {
            diagnostics.note("\(path.excerpt): permission letter '\([permission.access].excerpt)', which the daemons read as none, written as n")
            permission.access = Permission.none
        }
        let domid = permission.domid
        if isOwner {
            let ownerAllowed = domid <= DomainID.maxReal || (domid == DomainID.invalid && profile.daemon == .oxenstored)
            if !ownerAllowed {
                diagnostics.lose("node owned by a domid no domain can have (re-owned by dom0)", example: "\(path.excerpt), owner \(domid)")
                permission.domid = 0
            }
        } else if domid == DomainID.any, !profile.allowsDomidAny {
            diagnostics.lose("permission for every domain (DOMID_ANY, Xen 4.22): \(profile.name) has no such domain, so guests lose that access",
                             example: path.excerpt)
            return nil
        } else if domid > DomainID.maxReal, domid != DomainID.any {
            diagnostics.lose("permission for a domid no domain can have", example: "\(path.excerpt): \(permission.description)")
            return nil
        }
        return permission
    }

    /// Nodes without permissions get those of their nearest ancestor in the snapshot (n0 for
    /// none), as xenstored gives a node it creates.
    private func inheritingPermissions(_ records: [Record]) -> [Record] {
        guard records.contains(where: { if case .node(let node) = $0 { node.pending == nil && node.permissions.isEmpty } else { false } }) else {
            return records
        }
        var known: [ByteKey: [Permission]] = [:]
        for case .node(let node) in records where node.pending == nil && !node.permissions.isEmpty { known[ByteKey(node.path)] = node.permissions }
        return records.map { record in
            guard case .node(var node) = record, node.pending == nil, node.permissions.isEmpty else { return record }
            var ancestor = StoreTree.parent(of: node.path)
            while let current = ancestor, known[ByteKey(current)] == nil { ancestor = StoreTree.parent(of: current) }
            node.permissions = ancestor.flatMap { known[ByteKey($0)] } ?? [Permission(access: Permission.none, domid: 0)]
            diagnostics.synthesized("permissions of a node that has none (C needs an owner): its nearest ancestor's",
                                    example: "\(node.path.excerpt): \(node.permissions.map(\.description).joined(separator: ","))")
            return .node(node)
        }
    }

    /// One record per committed or special path: the later, as a replay of the writes (and
    /// oxenstored) would leave it; a loss where the earlier held something else.
    private func lastOfEachPath(_ records: [Record]) -> [Record] {
        var last: [ByteKey: Int] = [:]
        for (index, record) in records.enumerated() {
            if case .node(let node) = record, node.pending == nil { last[ByteKey(node.path)] = index }
        }
        guard last.count < records.count(where: { if case .node(let node) = $0 { node.pending == nil } else { false } }) else {
            return records
        }
        return records.enumerated().compactMap { index, record in
            guard case .node(let node) = record, node.pending == nil, let kept = last[ByteKey(node.path)], kept != index else { return record }
            if case .node(let later) = records[kept], later.value == node.value, later.permissions == node.permissions {
                diagnostics.note("\(node.path.excerpt) comes twice with the same content: written once")
            } else {
                diagnostics.lose("node that comes again with other content (the later is kept)", example: node.path.excerpt)
            }
            return nil
        }
    }
}
