/// One item of a snapshot, in stream order. A snapshot is a sequence of records, so a
/// conversion can run record by record without holding the whole store.
public enum Record: Hashable, Sendable {
    /// The daemon's fds (GLOBAL_DATA).
    case global(GlobalData)
    /// A client connection (CONNECTION_DATA).
    case connection(Connection)
    /// A watch (WATCH_DATA, or WATCH_DATA_EXTENDED with a depth).
    case watch(Watch)
    /// An open transaction (TRANSACTION_DATA).
    case transaction(Transaction)
    /// A node, committed or pending in a transaction (NODE_DATA).
    case node(Node)
    /// The daemon's quota settings (GLOBAL_QUOTA_DATA).
    case globalQuota(GlobalQuota)
    /// A domain's quotas and features (DOMAIN_DATA).
    case domain(DomainData)
    /// A record of a type xsconvert does not know, kept as read.
    case unknown(UnknownRecord)

    /// The record's kind, as `inspect` counts it.
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
        /// GLOBAL_DATA: the daemon's fds.
        case global = "GLOBAL_DATA"
        /// CONNECTION_DATA: a client connection.
        case connection = "CONNECTION_DATA"
        /// WATCH_DATA: a watch.
        case watch = "WATCH_DATA"
        /// TRANSACTION_DATA: an open transaction.
        case transaction = "TRANSACTION_DATA"
        /// NODE_DATA: a node.
        case node = "NODE_DATA"
        /// GLOBAL_QUOTA_DATA: the daemon's quota settings (version 2).
        case globalQuota = "GLOBAL_QUOTA_DATA"
        /// DOMAIN_DATA: a domain's quotas and features (version 2).
        case domain = "DOMAIN_DATA"
        /// WATCH_DATA_EXTENDED: a watch with a depth (version 2).
        case watchExtended = "WATCH_DATA_EXTENDED"
        /// A record of a type xsconvert does not know.
        case unknown = "unknown"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}
