/// The order C xenstored writes its dump in, which is the order it restores from (the one
/// place it is written down; `TargetShaping` and JSON → binary both use it):
///
/// 1. GLOBAL_DATA; GLOBAL_QUOTA_DATA (4.22);
/// 2. dom0's ring connection, then the other connections, each followed by its watches and
///    transactions;
/// 3. the special nodes (4.17–4.20: before the tree), the committed nodes parents first, the
///    special nodes (4.21 and later: after the tree), the nodes pending in transactions;
/// 4. DOMAIN_DATA (4.21 and later); records of unknown type.
///
/// Within each group the given order is kept, so a snapshot already in this order (every real
/// C dump of that version) is unchanged.
public enum RestoreOrder {
    /// Where a version of C xenstored writes `@releaseDomain` and `@introduceDomain`. Each
    /// version restores either order; writing its own keeps its dumps byte for byte.
    public enum SpecialNodes: Hashable, Sendable {
        /// 4.17–4.20: right after the connections.
        case beforeTree
        /// 4.21 and later: after every node of the tree.
        case afterTree

        /// Where the daemons that write stream `version` put them (for output without a target).
        public static func writtenWith(version: UInt32) -> SpecialNodes {
            version >= 2 ? .afterTree : .beforeTree
        }
    }

    /// `records` in an order a C daemon restores (see the type), the special nodes where `specialNodes` says.
    public static func arrange(
        _ records: [Record], specialNodes: SpecialNodes, createMissingParents: Bool, diagnostics: Diagnostics
    ) throws -> [Record] {
        var globals: [Record] = [], quotas: [Record] = [], connections: [Connection] = []
        var owned: [UInt32: [Record]] = [:]
        var special: [Record] = [], committed: [Node] = [], pending: [Record] = []
        var domains: [Record] = [], unknown: [Record] = []
        for record in records {
            switch record {
            case .global: globals.append(record)
            case .globalQuota: quotas.append(record)
            case .connection(let connection): connections.append(connection)
            case .watch(let watch): owned[watch.connectionID, default: []].append(record)
            case .transaction(let transaction): owned[transaction.connectionID, default: []].append(record)
            case .node(let node) where node.pending != nil: pending.append(record)
            case .node(let node) where node.isSpecial: special.append(record)
            case .node(let node): committed.append(node)
            case .domain: domains.append(record)
            case .unknown: unknown.append(record)
            }
        }
        if let dom0 = connections.firstIndex(where: { if case .ring(let ring) = $0.endpoint { ring.domid == 0 } else { false } }) {
            connections.insert(connections.remove(at: dom0), at: 0)
        }
        var ordered = globals + quotas
        for connection in connections {
            ordered.append(.connection(connection))
            ordered += owned.removeValue(forKey: connection.id) ?? []
        }
        // Watches and transactions of connections that do not exist stay, for validate to report.
        ordered += records.filter { record in
            switch record {
            case .watch(let watch): owned[watch.connectionID] != nil
            case .transaction(let transaction): owned[transaction.connectionID] != nil
            default: false
            }
        }
        let tree = try ParentOrder.parentsFirst(committed, createMissing: createMissingParents, diagnostics: diagnostics).map(Record.node)
        switch specialNodes {
        case .beforeTree: ordered += special + tree
        case .afterTree: ordered += tree + special
        }
        return ordered + pending + domains + unknown
    }
}
