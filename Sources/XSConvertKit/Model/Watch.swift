/// A watch registered by a connection.
public struct Watch: Hashable, Sendable {
    /// The connection that registered the watch.
    public var connectionID: UInt32
    /// The path as the client gave it: absolute, relative to the domain's home, or special.
    public var path: Bytes
    /// The token the client gave, sent back with each event.
    public var token: Bytes
    /// Watch depth (binary stream version 2, WATCH_DATA_EXTENDED): 0xFFFF = unlimited.
    /// `nil` for a plain watch (WATCH_DATA).
    public var depth: UInt16?

    /// The depth that means no limit (WATCH_DATA_EXTENDED).
    public static let unlimitedDepth: UInt16 = 0xFFFF

    /// The depth, when it limits the watch: what a form without depth (WATCH_DATA, the
    /// oxenstored text, the seed's layout) would lose. An unlimited depth is what every plain
    /// watch means, so it is nil here.
    public var depthLimit: UInt16? {
        depth == Self.unlimitedDepth ? nil : depth
    }

    /// A watch of `connectionID` on `path` with `token`; a depth makes it WATCH_DATA_EXTENDED.
    public init(connectionID: UInt32, path: Bytes, token: Bytes, depth: UInt16? = nil) {
        self.connectionID = connectionID
        self.path = path
        self.token = token
        self.depth = depth
    }
}
