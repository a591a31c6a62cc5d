/// A transaction open on a connection.
public struct Transaction: Hashable, Sendable {
    public var connectionID: UInt32
    public var id: UInt32

    public init(connectionID: UInt32, id: UInt32) {
        self.connectionID = connectionID
        self.id = id
    }
}
