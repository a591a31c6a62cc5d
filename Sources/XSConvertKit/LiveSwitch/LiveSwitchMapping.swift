/// What a switch does, before the generic conversion, to the state one daemon left for the
/// other: each difference between them is mapped here or refused with its reason, so that
/// the conversion that follows loses nothing (any loss left then refuses the switch too).
struct LiveSwitchMapping {
    /// Why the switch cannot be made.
    private(set) var refusals: [String] = []
    /// Replies the running daemon had queued for socket clients: written to them before the
    /// exec (above all the `OK` C xenstored queues for the client that asked for the update).
    private(set) var socketReplies: [SocketReply] = []
    let diagnostics: Diagnostics

    init(diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
    }

    /// `snapshot` as the daemon of `configuration.target` is to receive it.
    mutating func map(_ snapshot: Snapshot, for configuration: LiveSwitchConfiguration) -> Snapshot {
        var records = snapshot.records
        if configuration.sourceDaemon == .c, configuration.target.daemon == .oxenstored {
            records = fromC(records)
        }
        // oxenstored → C or the xapi fork needs nothing here: oxenstored itself refuses its
        // live update while a stub domain has a target (it cannot dump the link), pending data
        // or a transaction.
        return Snapshot(records: Self.naming(configuration.daemon, in: records))
    }

    // MARK: - C xenstored → oxenstored

    /// C's state that oxenstored's text dump cannot hold: queued replies to sockets are sent
    /// now; stale permission entries (which C ignores) are dropped; unique-ids, C's quota
    /// settings and the server features of a domain (oxenstored writes its own into each ring
    /// page) mean nothing to oxenstored; the rest (a domain's own quotas among it) is refused.
    private mutating func fromC(_ records: [Record]) -> [Record] {
        var mapped: [Record] = []
        var transactions: Set<[UInt32]> = [], staleEntries = 0, uniqueIDs = 0, plainDomains = 0
        for record in records {
            switch record {
            case .connection(var connection):
                self.pendingData(of: &connection)
                if case .ring(let ring) = connection.endpoint, ring.targetDomid != DomainID.invalid {
                    refusals.append("domain \(ring.domid) acts for domain \(ring.targetDomid) (XS_SET_TARGET, a device-model stub domain): oxenstored's dump cannot hold that link, so domain \(ring.domid) would lose its access to domain \(ring.targetDomid)'s nodes")
                }
                if connection.uniqueID != nil { uniqueIDs += 1 }
                connection.uniqueID = nil
                mapped.append(.connection(connection))
            case .transaction(let transaction):
                transactions.insert([transaction.connectionID, transaction.id])
            case .node(var node):
                if let pending = node.pending {
                    transactions.insert([pending.connectionID, pending.transactionID])
                    continue
                }
                let live = node.permissions.dropFirst().filter { !$0.isStale }
                staleEntries += node.permissions.count - 1 - live.count
                node.permissions = Array(node.permissions.prefix(1)) + live
                mapped.append(.node(node))
            case .globalQuota:
                diagnostics.report(Diagnostic(.dropped, "C xenstored's quota settings (GLOBAL_QUOTA_DATA): oxenstored has its own, in its configuration"))
            case .domain(let domain) where domain.quotas.isEmpty:
                plainDomains += 1  // its features: oxenstored advertises its own on every ring it maps
            case .domain(let domain):
                refusals.append("domain \(domain.domid) has quotas of its own (\(domain.quotas.map { String(decoding: $0.name, as: UTF8.self) + "=\($0.value)" }.joined(separator: ", "))), which oxenstored cannot hold")
            default:
                mapped.append(record)
            }
        }
        if !transactions.isEmpty {
            refusals.append("\(transactions.count) open transaction\(transactions.count == 1 ? "" : "s"): oxenstored's dump holds none (run the live update without -F, so that C waits for them to end)")
        }
        if staleEntries > 0 {
            diagnostics.report(Diagnostic(.dropped, "\(staleEntries) stale permission entr\(staleEntries == 1 ? "y" : "ies") (of domains that are gone; C ignores them)"))
        }
        if plainDomains > 0 {
            diagnostics.report(Diagnostic(.dropped, "the server features C xenstored recorded for \(plainDomains) domains (DOMAIN_DATA without quotas): oxenstored sets its own in each ring"))
        }
        if uniqueIDs > 0 {
            diagnostics.report(Diagnostic(.dropped, "the unique-ids of \(uniqueIDs) connections (oxenstored has none)"))
        }
        return mapped
    }

    /// Sends a socket's queued replies now; refuses what cannot be carried: a request read
    /// but not answered, or data queued on a guest's ring.
    private mutating func pendingData(of connection: inout Connection) {
        let input = connection.pendingInput.count, output = connection.pendingOutput.count
        guard input + output > 0 else { return }
        switch connection.endpoint {
        case .socket(let fd) where input == 0:
            socketReplies.append(SocketReply(fd: fd, bytes: connection.pendingOutput))
            connection.pendingOutput = []
            connection.partialResponseLength = 0
        case .socket(let fd):
            refusals.append("the socket client at fd \(fd) sent \(input) bytes that C xenstored had read but not answered: oxenstored's dump cannot hold them (try again)")
        case .ring(let ring):
            refusals.append("domain \(ring.domid)'s ring has \(input) bytes of input and \(output) of output queued, which oxenstored's dump cannot hold (try again when it is idle)")
        case .other(let type, _):
            refusals.append("conn-id \(connection.id) of type \(type) has data queued")
        }
    }

    // MARK: - Both ways

    /// `/tool/xenstored` names the daemon that serves the store (oxenstored writes its own
    /// path there at every start; C writes nothing on a restore).
    static func naming(_ daemon: String, in records: [Record]) -> [Record] {
        let path = Bytes(utf8: "/tool/xenstored"), parent = Bytes(utf8: "/tool")
        let owner = [Permission(access: Permission.none, domid: 0)]
        var records = records, sawParent = false, named = false
        for index in records.indices {
            guard case .node(var node) = records[index], node.pending == nil else { continue }
            if node.path == parent { sawParent = true }
            if node.path == path {
                node.value = Bytes(utf8: daemon)
                records[index] = .node(node)
                named = true
            }
        }
        if !sawParent { records.append(.node(Node(path: parent, permissions: owner))) }
        if !named { records.append(.node(Node(path: path, value: Bytes(utf8: daemon), permissions: owner))) }
        return records
    }
}

/// Bytes the running daemon owed a socket client.
public struct SocketReply: Hashable, Sendable {
    /// The client's socket, inherited by the successor at the same fd.
    public var fd: Int32
    /// The output the dump records as pending for it: replies C xenstored had queued, above
    /// all the `OK` for the client that asked for the update.
    public var bytes: Bytes

    /// `bytes` owed to the client at `fd`.
    public init(fd: Int32, bytes: Bytes) {
        self.fd = fd
        self.bytes = bytes
    }
}
