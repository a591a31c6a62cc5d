/// A whole xenstore state: the canonical model every format reads into and writes from.
///
/// Records keep the order they were read in, so a conversion that does not need to reorder
/// does not; formats that require an order (watches after their connection, parents before
/// children) establish it when they write.
public struct Snapshot: Hashable, Sendable {
    public var records: [Record]

    public init(records: [Record] = []) {
        self.records = records
    }

    public var global: GlobalData? {
        for case .global(let global) in records { return global }
        return nil
    }
    public var connections: [Connection] { records.compactMap { if case .connection(let c) = $0 { c } else { nil } } }
    public var watches: [Watch] { records.compactMap { if case .watch(let w) = $0 { w } else { nil } } }
    public var transactions: [Transaction] { records.compactMap { if case .transaction(let t) = $0 { t } else { nil } } }
    public var nodes: [Node] { records.compactMap { if case .node(let n) = $0 { n } else { nil } } }
    public var domains: [DomainData] { records.compactMap { if case .domain(let d) = $0 { d } else { nil } } }
    public var unknownRecords: [UnknownRecord] { records.compactMap { if case .unknown(let u) = $0 { u } else { nil } } }
    public var globalQuota: GlobalQuota? {
        for case .globalQuota(let quota) in records { return quota }
        return nil
    }

    /// How many records of each kind the snapshot holds.
    public var countsByKind: [Record.Kind: Int] {
        records.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }
}
