/// `TargetShaping` for C xenstored: each record made into what the profile's version restores,
/// then put in its restore order (`RestoreOrder`).
extension TargetShaping {
    func shapeForC(_ records: [Record], diagnostics: Diagnostics) throws -> Snapshot {
        var ringDomains: Set<UInt16> = [], connectionIDs: Set<UInt32> = []
        for case .connection(let connection) in records {
            connectionIDs.insert(connection.id)
            if case .ring(let ring) = connection.endpoint { ringDomains.insert(ring.domid) }
        }
        guard ringDomains.contains(0) else {
            throw ConversionError(.data, "\(profile.name) cannot restore this snapshot: it has no ring connection for dom0, without which the daemon crashes")
        }
        var shaped: [Record] = []
        var globals = 0, quotas = 0, oxenstoredFields = 0
        var specialNodes: Set<Bytes> = []
        for record in records {
            switch record {
            case .global(let global):
                globals += 1
                if globals == 1 { shaped.append(.global(cGlobal(global, diagnostics: diagnostics))) } else { diagnostics.lose("a second GLOBAL_DATA record") }
            case .globalQuota:
                quotas += 1
                if !profile.restoredKinds.contains(.globalQuota) {
                    diagnostics.lose("GLOBAL_QUOTA_DATA (\(profile.name) skips it: the quotas set at run time fall back to its defaults)")
                } else if quotas > 1 {
                    diagnostics.lose("a second GLOBAL_QUOTA_DATA record")
                } else {
                    shaped.append(record)
                }
            case .connection(let connection):
                shaped.append(.connection(cConnection(connection, oxenstoredFields: &oxenstoredFields, diagnostics: diagnostics)))
            case .watch(let watch):
                if !connectionIDs.contains(watch.connectionID) {
                    diagnostics.lose("watch of a connection that is not in the snapshot", example: watch.path.excerpt)
                } else {
                    shaped.append(.watch(cWatch(watch, diagnostics: diagnostics)))
                }
            case .transaction(let transaction):
                diagnostics.lose("TRANSACTION_DATA (\(profile.name) ignores transactions on restore)",
                                 example: "tx \(transaction.id) of conn-id \(transaction.connectionID)")
            case .node(let node) where node.pending != nil:
                diagnostics.lose("node pending in a transaction (\(profile.name) would apply it as committed)", example: node.path.excerpt)
            case .node(var node):
                if node.isSpecial { specialNodes.insert(node.path) }
                if let owner = node.permissions.first?.domid, !ringDomains.contains(owner) {
                    diagnostics.lose("node owned by a domain without a ring connection (\(profile.name) aborts; re-owned by dom0)",
                                     example: "\(node.path.excerpt), owner \(owner)")
                    node.permissions[0].domid = 0
                }
                shaped.append(.node(node))
            case .domain(let domain):
                if let domain = cDomain(domain, ringDomains: ringDomains, diagnostics: diagnostics) {
                    shaped.append(.domain(domain))
                }
            case .unknown(let unknown):
                diagnostics.lose("records of a type \(profile.name) does not know (it skips them)", example: "type \(unknown.type)")
            }
        }
        if globals == 0 {
            let socket = socketFD.map { "its listening socket at fd \($0)" } ?? "no listening socket"
            diagnostics.synthesized("GLOBAL_DATA with \(socket) and no event-channel fd (-1): \(profile.name) needs one first")
            shaped.insert(.global(GlobalData(socketFD: socketFD ?? -1, eventChannelFD: -1)), at: 0)
        }
        if oxenstoredFields > 0 {
            diagnostics.report(Diagnostic(
                .dropped, "the mfn and remote port of \(oxenstoredFields) domain\(oxenstoredFields == 1 ? "" : "s") (oxenstored's; \(profile.name) has no use for them)"))
        }
        for name in PathRules.specialNodes.reversed() where !specialNodes.contains(name) {
            diagnostics.synthesized("\(name.excerpt) with C's default permissions (n0)")
            shaped.append(.node(Node(path: name, permissions: [Permission(access: Permission.none, domid: 0)])))
        }
        let ordered = try RestoreOrder.arrange(
            shaped, specialNodes: profile.specialNodes ?? .beforeTree, createMissingParents: createMissingParents, diagnostics: diagnostics)
        warnIfDeaf(Snapshot(records: ordered).global?.socketFD ?? -1, diagnostics: diagnostics)
        return Snapshot(records: ordered)
    }

    private func cGlobal(_ global: GlobalData, diagnostics: Diagnostics) -> GlobalData {
        var global = withSocket(global, diagnostics: diagnostics)
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

    private func cConnection(_ connection: Connection, oxenstoredFields: inout Int, diagnostics: Diagnostics) -> Connection {
        var connection = connection
        if !profile.knowsUniqueIDs, let uniqueID = connection.uniqueID {
            diagnostics.lose("connection unique-id (\(profile.name) does not know it)", example: "conn-id \(connection.id): \(uniqueID)")
            connection.uniqueID = nil
        }
        guard case .ring(var ring) = connection.endpoint else { return connection }
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
        return connection
    }

    /// A watch as the version restores it: with its depth where it reads WATCH_DATA_EXTENDED
    /// (an unlimited depth is a plain watch), without it (a loss) where it skips the record.
    private func cWatch(_ watch: Watch, diagnostics: Diagnostics) -> Watch {
        guard watch.depth != nil else { return watch }
        var watch = watch
        if !profile.restoredKinds.contains(.watchExtended), let depth = watch.depthLimit {
            diagnostics.lose("watch depth (\(profile.name) skips WATCH_DATA_EXTENDED; written as a plain watch, which fires at any depth)",
                             example: "\(watch.path.excerpt) depth \(depth)")
        }
        if !profile.restoredKinds.contains(.watchExtended) || watch.depthLimit == nil { watch.depth = nil }
        return watch
    }

    /// DOMAIN_DATA as the version restores it, or `nil` where it must not be written.
    private func cDomain(_ domain: DomainData, ringDomains: Set<UInt16>, diagnostics: Diagnostics) -> DomainData? {
        guard let supported = profile.features, profile.restoredKinds.contains(.domain) else {
            diagnostics.lose("DOMAIN_DATA (\(profile.name) does not know it)", example: "domain \(domain.domid)")
            return nil
        }
        guard ringDomains.contains(domain.domid) else {
            // C 4.21.x and 4.22.0 write one for a domain a permission names but that was never
            // introduced, then die reading it back; the domain holds nothing else.
            diagnostics.report(Diagnostic(
                .dropped, "DOMAIN_DATA of domain \(domain.domid), which has no ring connection (a domain a permission names but that was never introduced: C xenstored 4.21 and 4.22 write such a record and then stop restoring it with \"referenced domain not found\")"))
            return nil
        }
        var domain = domain
        if let features = domain.features {
            if features & ~supported != 0 {
                diagnostics.lose("domain features \(profile.name) does not implement (it would offer them to the guest); masked to \(DomainFeatures.describe(supported))",
                                 example: "domain \(domain.domid): \(DomainFeatures.describe(features))")
                domain.features = features & supported
            }
        } else {
            diagnostics.synthesized("domain features, which the input does not record (a version-1 stream): \(profile.name)'s default \(DomainFeatures.describe(supported)), what it gives a domain restored from version 1",
                                    example: "domain \(domain.domid)")
            domain.features = supported
        }
        if !profile.restoresQuotas, !domain.quotas.isEmpty {
            diagnostics.lose("per-domain quotas (\(profile.name) ignores them: the domain gets the daemon's defaults)",
                             example: "domain \(domain.domid): \(SnapshotDiff.describe(domain.quotas))")
            domain.quotas = []
        }
        return domain
    }
}
