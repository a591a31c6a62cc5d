/// Makes a snapshot exactly what a target daemon restores (`convert --target`): the records it
/// needs, in the order it needs them, without what it would crash on, skip or misapply. What
/// is made up is reported as synthesized; what the daemon cannot hold is a loss (refused
/// unless loss is allowed); what it has no use for (oxenstored's mfn and ports in a C target)
/// is reported as dropped.
///
/// Reordering needs the whole snapshot, so a conversion with a target holds it in memory.
public struct TargetShaping {
    public let profile: TargetProfile
    public var createMissingParents: Bool
    /// The listening socket's fd to write in place of the input's (`WriteOptions.socketFD`).
    public var socketFD: Int32?

    public init(_ profile: TargetProfile, createMissingParents: Bool = false, socketFD: Int32? = nil) {
        self.profile = profile
        self.createMissingParents = createMissingParents
        self.socketFD = socketFD
    }

    /// The records of `snapshot`, sorted by kind, in their original order within each kind.
    struct Parts {
        var globals: [GlobalData] = []
        var connections: [Connection] = []
        var watches: [UInt32: [Watch]] = [:]
        var transactions: [Transaction] = []
        var special: [Node] = []
        var committed: [Node] = []
        var pending: [Node] = []
        var quotas: [GlobalQuota] = []
        var domains: [DomainData] = []
        var unknownRecords: [UnknownRecord] = []

        init(_ snapshot: Snapshot) {
            for record in snapshot.records {
                switch record {
                case .global(let global): globals.append(global)
                case .connection(let connection): connections.append(connection)
                case .watch(let watch): watches[watch.connectionID, default: []].append(watch)
                case .transaction(let transaction): transactions.append(transaction)
                case .node(let node) where node.pending != nil: pending.append(node)
                case .node(let node) where node.isSpecial: special.append(node)
                case .node(let node): committed.append(node)
                case .globalQuota(let quota): quotas.append(quota)
                case .domain(let domain): domains.append(domain)
                case .unknown(let unknown): unknownRecords.append(unknown)
                }
            }
        }
    }

    public func shape(_ snapshot: Snapshot, diagnostics: Diagnostics) throws -> Snapshot {
        var parts = Parts(snapshot)
        parts.special = parts.special.map { withoutDomidAny($0, diagnostics: diagnostics) }
        parts.committed = parts.committed.map { withoutDomidAny($0, diagnostics: diagnostics) }
        switch profile.daemon {
        case .c: return try shapeForC(&parts, diagnostics: diagnostics)
        case .oxenstored: return try shapeForOxenstored(&parts, diagnostics: diagnostics)
        }
    }

    // MARK: - C xenstored

    private func shapeForC(_ parts: inout Parts, diagnostics: Diagnostics) throws -> Snapshot {
        var records: [Record] = [.global(cGlobal(parts.globals, diagnostics: diagnostics))]
        if profile.restoredKinds.contains(.globalQuota) {
            records += parts.quotas.map(Record.globalQuota)
        } else if !parts.quotas.isEmpty {
            diagnostics.lose("GLOBAL_QUOTA_DATA (\(profile.name) does not know it)")
        }
        let connections = try dom0First(parts.connections)
        var ringDomains: Set<UInt16> = []
        var oxenstoredFields = 0
        for var connection in connections {
            if case .ring(var ring) = connection.endpoint {
                ringDomains.insert(ring.domid)
                if ring.mfn != nil || ring.remotePort != nil {
                    oxenstoredFields += 1
                    ring.mfn = nil
                    ring.remotePort = nil
                }
                if ring.eventChannel == nil {
                    diagnostics.warn("domain \(ring.domid): its local event-channel port is unknown (an old oxenstored or seed dump); written as 0, for which \(profile.name) keeps the domain and its nodes but ignores its ring (its watches and pending data are dropped)")
                    ring.eventChannel = 0
                }
                connection.endpoint = .ring(ring)
            }
            records.append(.connection(connection))
            records += (parts.watches.removeValue(forKey: connection.id) ?? []).map(Record.watch)
        }
        if oxenstoredFields > 0 {
            diagnostics.report(Diagnostic(
                .dropped, "the mfn and remote port of \(oxenstoredFields) domain\(oxenstoredFields == 1 ? "" : "s") (oxenstored's; \(profile.name) has no use for them)"))
        }
        for watch in parts.watches.values.joined() {
            diagnostics.lose("watch of a connection that is not in the snapshot", example: watch.path.escapedForDisplay)
        }
        for transaction in parts.transactions {
            diagnostics.lose("TRANSACTION_DATA (\(profile.name) ignores transactions on restore)",
                             example: "tx \(transaction.id) of conn-id \(transaction.connectionID)")
        }
        for node in parts.pending {
            diagnostics.lose("node pending in a transaction (\(profile.name) would apply it as committed)",
                             example: node.path.escapedForDisplay)
        }
        records += specialNodes(parts.special, diagnostics: diagnostics).map(Record.node)
        for var node in try parentsFirst(parts.committed, diagnostics: diagnostics) {
            if let owner = node.permissions.first?.domid, !ringDomains.contains(owner) {
                diagnostics.lose("node owned by a domain without a ring connection (\(profile.name) aborts; re-owned by dom0)",
                                 example: "\(node.path.escapedForDisplay), owner \(owner)")
                node.permissions[0].domid = 0
            }
            records.append(.node(node))
        }
        for domain in parts.domains {
            if !profile.restoredKinds.contains(.domain) {
                diagnostics.lose("DOMAIN_DATA (\(profile.name) does not know it)", example: "domain \(domain.domid)")
            } else if !ringDomains.contains(domain.domid) {
                diagnostics.lose("DOMAIN_DATA of a domain without a ring connection", example: "domain \(domain.domid)")
            } else {
                records.append(.domain(domain))
            }
        }
        for unknown in parts.unknownRecords {
            diagnostics.lose("records of a type \(profile.name) does not know (it skips them)", example: "type \(unknown.type)")
        }
        return Snapshot(records: records)
    }

    private func cGlobal(_ globals: [GlobalData], diagnostics: Diagnostics) -> GlobalData {
        if globals.count > 1 { diagnostics.lose("a second GLOBAL_DATA record") }
        guard var global = globals.first.map({ withSocket($0, diagnostics: diagnostics) }) else {
            let socket = socketFD.map { "its listening socket at fd \($0)" } ?? "no listening socket"
            diagnostics.synthesized("GLOBAL_DATA with \(socket) and no event-channel fd (-1): \(profile.name) needs one first")
            return GlobalData(socketFD: socketFD ?? -1, eventChannelFD: -1)
        }
        if global.eventChannelFD == nil {
            diagnostics.synthesized("GLOBAL_DATA evtchn-fd -1 (the input does not record one)")
            global.eventChannelFD = -1
        }
        if global.domExcPort != nil {
            diagnostics.report(Diagnostic(.dropped, "the DOM_EXC port (oxenstored's; \(profile.name) has no use for it)"))
            global.domExcPort = nil
        }
        return global
    }

    /// `global` with the listening socket at `socketFD`, when one was given.
    private func withSocket(_ global: GlobalData, diagnostics: Diagnostics) -> GlobalData {
        guard let socketFD, socketFD != global.socketFD else { return global }
        diagnostics.note("the listening socket at fd \(socketFD), as asked, not \(global.socketFD) as recorded")
        var changed = global
        changed.socketFD = socketFD
        return changed
    }

    /// dom0's ring connection first, the others in their order.
    private func dom0First(_ connections: [Connection]) throws -> [Connection] {
        guard let index = connections.firstIndex(where: { if case .ring(let ring) = $0.endpoint { ring.domid == 0 } else { false } }) else {
            throw ConversionError(.data, "\(profile.name) cannot restore this snapshot: it has no ring connection for dom0, without which the daemon crashes")
        }
        var ordered = connections
        ordered.insert(ordered.remove(at: index), at: 0)
        return ordered
    }

    /// C's two special nodes, `@releaseDomain` then `@introduceDomain` as C writes them, with
    /// their permissions, or with C's defaults when missing; then any others.
    private func specialNodes(_ nodes: [Node], diagnostics: Diagnostics) -> [Node] {
        var result: [Node] = []
        for name in [PathRules.releaseDomain, PathRules.introduceDomain] {
            if let node = nodes.last(where: { $0.path == name }) {
                result.append(node)
            } else {
                diagnostics.synthesized("\(name.escapedForDisplay) with C's default permissions (n0)")
                result.append(Node(path: name, permissions: [Permission(access: Permission.none, domid: 0)]))
            }
        }
        return result + nodes.filter { !PathRules.specialNodes.contains($0.path) }
    }

    // MARK: - oxenstored

    private func shapeForOxenstored(_ parts: inout Parts, diagnostics: Diagnostics) throws -> Snapshot {
        var records: [Record] = parts.globals.prefix(1).map { .global(withSocket($0, diagnostics: diagnostics)) }
        if records.isEmpty, let socketFD {
            diagnostics.synthesized("a global line with the listening socket at fd \(socketFD)")
            records = [.global(GlobalData(socketFD: socketFD, eventChannelFD: nil))]
        }
        let ringAddresses = GuestRingAddresses(parts.committed)
        for connection in parts.connections {
            guard let connection = ringAddresses.addressed(connection, diagnostics: diagnostics) else { continue }
            records.append(.connection(connection))
            records += (parts.watches.removeValue(forKey: connection.id) ?? []).map(Record.watch)
        }
        records += parts.watches.values.joined().map(Record.watch)  // the text writer reports them
        records += parts.transactions.map(Record.transaction)
        var committed = try parentsFirst(parts.committed, diagnostics: diagnostics)
        for index in committed.indices where committed[index].value.count > profile.maxValueLength {
            diagnostics.lose("value over oxenstored's \(profile.maxValueLength)-byte quota (it would skip the node; written empty)",
                             example: committed[index].path.escapedForDisplay)
            committed[index].value = []
        }
        records += (parts.special + committed + parts.pending).map(Record.node)
        records += parts.quotas.map(Record.globalQuota) + parts.domains.map(Record.domain) + parts.unknownRecords.map(Record.unknown)
        return Snapshot(records: records)
    }

    // MARK: - Shared

    /// `node` without the grants to DOMID_ANY ("every domain", Xen 4.22), for a daemon that
    /// does not know it: there it names no domain (C 4.21 keeps it as a stale entry), so the
    /// guests lose that access, which is a loss.
    private func withoutDomidAny(_ node: Node, diagnostics: Diagnostics) -> Node {
        guard !profile.allowsDomidAny, node.permissions.dropFirst().contains(where: { $0.domid == DomainID.any }) else { return node }
        diagnostics.lose("permission for every domain (DOMID_ANY, Xen 4.22): \(profile.name) has no such domain, so guests lose that access",
                         example: node.path.escapedForDisplay)
        var changed = node
        changed.permissions = [node.permissions[0]] + node.permissions.dropFirst().filter { $0.domid != DomainID.any }
        return changed
    }

    func parentsFirst(_ nodes: [Node], diagnostics: Diagnostics) throws -> [Node] {
        try ParentOrder.parentsFirst(nodes, createMissing: createMissingParents, diagnostics: diagnostics)
    }
}
