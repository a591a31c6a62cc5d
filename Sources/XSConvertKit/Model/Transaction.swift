/// A transaction open on a connection.
public struct Transaction: Hashable, Sendable {
    /// The connection that opened the transaction.
    public var connectionID: UInt32
    /// The transaction's id on that connection.
    public var id: UInt32

    /// Transaction `id`, open on connection `connectionID`.
    public init(connectionID: UInt32, id: UInt32) {
        self.connectionID = connectionID
        self.id = id
    }
}
