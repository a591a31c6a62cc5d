/// The order C xenstored writes and needs on restore, for records that come in any order (a
/// hand-edited JSON document): GLOBAL_DATA; GLOBAL_QUOTA_DATA; each connection followed by its
/// watches and transactions; the special nodes; the committed nodes, parents before children;
/// the nodes pending in transactions; DOMAIN_DATA; records of unknown type. Within each group
/// the given order is kept, so a snapshot already in this order (every real C dump) is
/// unchanged.
public enum RestoreOrder {
    public static func arrange(_ records: [Record], createMissingParents: Bool, diagnostics: Diagnostics) throws -> [Record] {
        var globals: [Record] = [], quotas: [Record] = [], connections: [Connection] = []
        var owned: [UInt32: [Record]] = [:]
        var special: [Node] = [], committed: [Node] = [], pending: [Record] = []
        var domains: [Record] = [], unknown: [Record] = []
        for record in records {
            switch record {
            case .global: globals.append(record)
            case .globalQuota: quotas.append(record)
            case .connection(let connection): connections.append(connection)
            case .watch(let watch): owned[watch.connectionID, default: []].append(record)
            case .transaction(let transaction): owned[transaction.connectionID, default: []].append(record)
            case .node(let node) where node.pending != nil: pending.append(record)
            case .node(let node) where node.isSpecial: special.append(node)
            case .node(let node): committed.append(node)
            case .domain: domains.append(record)
            case .unknown: unknown.append(record)
            }
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
        ordered += special.map(Record.node)
        ordered += try ParentOrder.parentsFirst(committed, createMissing: createMissingParents, diagnostics: diagnostics).map(Record.node)
        return ordered + pending + domains + unknown
    }
}
