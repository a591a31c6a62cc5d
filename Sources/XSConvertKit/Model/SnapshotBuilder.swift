/// Builds a snapshot's records from the items themselves, in order:
///
/// ```swift
/// let snapshot = Snapshot {
///     GlobalData(socketFD: 3, eventChannelFD: 4)
///     Connection.ring(id: 1, domid: 0, eventChannel: 1)
///     Node(path: "/local/domain/0/name", value: "Domain-0")
///     for domid in 1...3 {
///         Node(path: "/local/domain/\(domid)", permissions: ["n\(domid)"])
///     }
/// }
/// ```
@resultBuilder
public enum SnapshotBuilder {
    /// A record as it is.
    public static func buildExpression(_ record: Record) -> [Record] { [record] }
    /// A node, as a NODE_DATA record.
    public static func buildExpression(_ node: Node) -> [Record] { [.node(node)] }
    /// A connection, as a CONNECTION_DATA record.
    public static func buildExpression(_ connection: Connection) -> [Record] { [.connection(connection)] }
    /// A watch, as a WATCH_DATA record.
    public static func buildExpression(_ watch: Watch) -> [Record] { [.watch(watch)] }
    /// The daemon's fds, as the GLOBAL_DATA record.
    public static func buildExpression(_ global: GlobalData) -> [Record] { [.global(global)] }
    /// An open transaction, as a TRANSACTION_DATA record.
    public static func buildExpression(_ transaction: Transaction) -> [Record] { [.transaction(transaction)] }
    /// A domain's quotas and features, as a DOMAIN_DATA record.
    public static func buildExpression(_ domain: DomainData) -> [Record] { [.domain(domain)] }
    /// The daemon's quota settings, as the GLOBAL_QUOTA_DATA record.
    public static func buildExpression(_ quota: GlobalQuota) -> [Record] { [.globalQuota(quota)] }
    /// Records made elsewhere (a loop's, a function's), in their order.
    public static func buildExpression(_ records: [Record]) -> [Record] { records }

    /// The records of a block, in order.
    public static func buildBlock(_ parts: [Record]...) -> [Record] { parts.flatMap { $0 } }
    /// The records of a `for` loop, in order.
    public static func buildArray(_ parts: [[Record]]) -> [Record] { parts.flatMap { $0 } }
    /// The records of an `if` without `else`: none when it does not hold.
    public static func buildOptional(_ part: [Record]?) -> [Record] { part ?? [] }
    /// The records of an `if`'s first branch.
    public static func buildEither(first part: [Record]) -> [Record] { part }
    /// The records of an `if`'s `else` branch.
    public static func buildEither(second part: [Record]) -> [Record] { part }
}

extension Snapshot {
    /// A snapshot of the records listed, in that order (see `SnapshotBuilder`).
    public init(@SnapshotBuilder _ records: () -> [Record]) {
        self.init(records: records())
    }

    /// The committed node at `path` (a special node by its name, `@releaseDomain`), or nil.
    /// Looks through the records in order: for repeated lookups in a large snapshot, build a
    /// `StoreTree` once.
    public func node(at path: String) -> Node? {
        node(at: Bytes(utf8: path))
    }

    /// The committed node at `path` given as bytes.
    public func node(at path: Bytes) -> Node? {
        for case .node(let node) in records where node.pending == nil && node.path == path { return node }
        return nil
    }
}
