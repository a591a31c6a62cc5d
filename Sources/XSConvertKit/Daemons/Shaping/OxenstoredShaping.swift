/// `TargetShaping` for oxenstored's text dump: the global line first, each connection followed
/// by its watches, nodes parents first. What the text cannot hold (transactions, quotas,
/// domain data, pending data, unique-ids) is left to its writer, which reports each as a loss.
extension TargetShaping {
    func shapeForOxenstored(_ records: [Record], diagnostics: Diagnostics) throws -> Snapshot {
        var parts = Parts(records)
        let dialect = profile.oxenstoredDialect ?? .standard
        var shaped: [Record] = parts.globals.prefix(1).map { .global(withSocket(eventChannel(of: $0, for: dialect, diagnostics: diagnostics), diagnostics: diagnostics)) }
        if shaped.isEmpty, let socketFD {
            diagnostics.synthesized("a global line with the listening socket at fd \(socketFD)")
            shaped = [.global(GlobalData(socketFD: socketFD, eventChannelFD: nil))]
        }
        let ringAddresses = GuestRingAddresses(parts.committed)
        var rebound = 0
        for connection in parts.connections {
            guard var connection = ringAddresses.addressed(connection, needsFrame: dialect.mapsGuestRingsByFrame, diagnostics: diagnostics) else { continue }
            if !dialect.usesInheritedEventChannel, case .ring(var ring) = connection.endpoint, ring.eventChannel != nil {
                ring.eventChannel = nil
                connection.endpoint = .ring(ring)
                rebound += 1
            }
            shaped.append(.connection(connection))
            shaped += (parts.watches.removeValue(forKey: connection.id) ?? []).map(Record.watch)
        }
        if rebound > 0 {
            diagnostics.report(Diagnostic(.dropped, "the local event-channel ports of \(rebound) ring connection\(rebound == 1 ? "" : "s"): \(profile.name) opens a fresh event-channel handle, so each dom line is written without one and it binds the channel afresh from the remote port"))
        }
        shaped += parts.watches.values.joined().map(Record.watch)  // the text writer reports them
        shaped += parts.transactions.map(Record.transaction)
        let committed = try ParentOrder.parentsFirst(parts.committed, createMissing: createMissingParents, diagnostics: diagnostics)
        shaped += (parts.special + committed + parts.pending).map(Record.node)
        shaped += parts.rest
        warnIfDeaf(Snapshot(records: shaped).global?.socketFD ?? -1, diagnostics: diagnostics)
        return Snapshot(records: shaped)
    }

    /// `global` without its event-channel handle where the dialect ignores the `evtchn-dev`
    /// line (the xapi fork opens a fresh handle and binds VIRQ_DOM_EXC on it).
    private func eventChannel(of global: GlobalData, for dialect: OxenstoredDialect, diagnostics: Diagnostics) -> GlobalData {
        guard !dialect.usesInheritedEventChannel, global.eventChannelFD != nil || global.domExcPort != nil else { return global }
        diagnostics.report(Diagnostic(.dropped, "the event-channel handle (fd \(global.eventChannelFD ?? -1)\(global.domExcPort.map { ", DOM_EXC port \($0)" } ?? "")): \(profile.name) ignores it and opens a fresh one, binding VIRQ_DOM_EXC on it (which must then be free)"))
        var shaped = global
        (shaped.eventChannelFD, shaped.domExcPort) = (nil, nil)
        return shaped
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
