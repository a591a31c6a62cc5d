/// One item of a snapshot, in stream order. A snapshot is a sequence of records, so a
/// conversion can run record by record without holding the whole store.
public enum Record: Hashable, Sendable {
    case global(GlobalData)
    case connection(Connection)
    case watch(Watch)
    case transaction(Transaction)
    case node(Node)
    case globalQuota(GlobalQuota)
    case domain(DomainData)
    case unknown(UnknownRecord)

    public var kind: Kind {
        switch self {
        case .global: .global
        case .connection: .connection
        case .watch(let watch): watch.depth == nil ? .watch : .watchExtended
        case .transaction: .transaction
        case .node: .node
        case .globalQuota: .globalQuota
        case .domain: .domain
        case .unknown: .unknown
        }
    }

    /// Record kinds, named as the migration stream names them.
    public enum Kind: String, CaseIterable, Sendable, Comparable {
        case global = "GLOBAL_DATA"
        case connection = "CONNECTION_DATA"
        case watch = "WATCH_DATA"
        case transaction = "TRANSACTION_DATA"
        case node = "NODE_DATA"
        case globalQuota = "GLOBAL_QUOTA_DATA"
        case domain = "DOMAIN_DATA"
        case watchExtended = "WATCH_DATA_EXTENDED"
        case unknown = "unknown"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}
