/// A whole xenstore state: the canonical model every format reads into and writes from.
///
/// Records keep the order they were read in, so a conversion that does not need to reorder
/// does not; formats that require an order (watches after their connection, parents before
/// children) establish it when they write.
public struct Snapshot: Hashable, Sendable {
    /// Every record, in the order read (or built); the views below are taken from it.
    public var records: [Record]

    /// A snapshot of `records`, in that order.
    public init(records: [Record] = []) {
        self.records = records
    }

    /// The GLOBAL_DATA record: the daemon's listening socket and event-channel fds; nil if none.
    public var global: GlobalData? {
        for case .global(let global) in records { return global }
        return nil
    }
    /// The client connections, in record order.
    public var connections: [Connection] { records.compactMap { if case .connection(let c) = $0 { c } else { nil } } }
    /// The watches, in record order.
    public var watches: [Watch] { records.compactMap { if case .watch(let w) = $0 { w } else { nil } } }
    /// The open transactions, in record order.
    public var transactions: [Transaction] { records.compactMap { if case .transaction(let t) = $0 { t } else { nil } } }
    /// The nodes, committed and pending, in record order.
    public var nodes: [Node] { records.compactMap { if case .node(let n) = $0 { n } else { nil } } }
    /// The per-domain records (DOMAIN_DATA), in record order.
    public var domains: [DomainData] { records.compactMap { if case .domain(let d) = $0 { d } else { nil } } }
    /// The records of types xsconvert does not know, kept as read.
    public var unknownRecords: [UnknownRecord] { records.compactMap { if case .unknown(let u) = $0 { u } else { nil } } }
    /// The GLOBAL_QUOTA_DATA record: the daemon's quota settings; nil if none.
    public var globalQuota: GlobalQuota? {
        for case .globalQuota(let quota) in records { return quota }
        return nil
    }

    /// How many records of each kind the snapshot holds.
    public var countsByKind: [Record.Kind: Int] {
        records.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }
}
