/// `TargetShaping` for oxenstored's text dump: the global line first, each connection followed
/// by its watches, nodes parents first. What the text cannot hold (transactions, quotas,
/// domain data, pending data, unique-ids) is left to its writer, which reports each as a loss.
extension TargetShaping {
    func shapeForOxenstored(_ records: [Record], diagnostics: Diagnostics) throws -> Snapshot {
        var parts = Parts(records)
        var shaped: [Record] = parts.globals.prefix(1).map { .global(withSocket($0, diagnostics: diagnostics)) }
        if shaped.isEmpty, let socketFD {
            diagnostics.synthesized("a global line with the listening socket at fd \(socketFD)")
            shaped = [.global(GlobalData(socketFD: socketFD, eventChannelFD: nil))]
        }
        let ringAddresses = GuestRingAddresses(parts.committed)
        for connection in parts.connections {
            guard let connection = ringAddresses.addressed(connection, diagnostics: diagnostics) else { continue }
            shaped.append(.connection(connection))
            shaped += (parts.watches.removeValue(forKey: connection.id) ?? []).map(Record.watch)
        }
        shaped += parts.watches.values.joined().map(Record.watch)  // the text writer reports them
        shaped += parts.transactions.map(Record.transaction)
        let committed = try ParentOrder.parentsFirst(parts.committed, createMissing: createMissingParents, diagnostics: diagnostics)
        shaped += (parts.special + committed + parts.pending).map(Record.node)
        shaped += parts.rest
        warnIfDeaf(Snapshot(records: shaped).global?.socketFD ?? -1, diagnostics: diagnostics)
        return Snapshot(records: shaped)
    }

    /// The records of a snapshot, sorted by kind, in their original order within each kind.
    private struct Parts {
        var globals: [GlobalData] = []
        var connections: [Connection] = []
        var watches: [UInt32: [Watch]] = [:]
        var transactions: [Transaction] = []
        var special: [Node] = []
        var committed: [Node] = []
        var pending: [Node] = []
        /// Quotas, domain data, unknown records: for the writer to report.
        var rest: [Record] = []

        init(_ records: [Record]) {
            for record in records {
                switch record {
                case .global(let global): globals.append(global)
                case .connection(let connection): connections.append(connection)
                case .watch(let watch): watches[watch.connectionID, default: []].append(watch)
                case .transaction(let transaction): transactions.append(transaction)
                case .node(let node) where node.pending != nil: pending.append(node)
                case .node(let node) where node.isSpecial: special.append(node)
                case .node(let node): committed.append(node)
                case .globalQuota, .domain, .unknown: rest.append(record)
                }
            }
        }
    }
}
