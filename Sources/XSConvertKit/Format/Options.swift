/// Choices that shape how an input is read. Each adapter uses the ones that concern it.
public struct ReadOptions: Sendable {
    /// Reject what the real daemon would merely skip with a warning.
    public var strict: Bool
    /// Force a dialect instead of detecting it (binary stream: `standard` or `seed`).
    public var dialect: String?
    /// How much a record, a line, a string or an archive may hold (see `ReadLimits`).
    public var limits: ReadLimits

    /// Reading options; the defaults read as the daemons do.
    public init(strict: Bool = false, dialect: String? = nil, limits: ReadLimits = .init()) {
        self.strict = strict
        self.dialect = dialect
        self.limits = limits
    }
}

/// Choices that shape the output. Each adapter uses the ones that concern it; an unset field
/// takes the adapter's default, or the input's value where both formats have it.
public struct WriteOptions: Sendable {
    /// A binary stream's byte order; nil keeps the input's, else little-endian.
    public var byteOrder: ByteOrder?
    /// A binary stream's version, 1 or 2; nil keeps the input's, else 1.
    public var streamVersion: UInt32?
    /// A binary stream's layout, `standard` or `seed`; nil is standard.
    public var dialect: String?
    /// Write even if the output cannot hold everything; report what was dropped.
    public var allowLoss: Bool
    /// Human-friendly layout where the format has one (JSON).
    public var pretty: Bool
    /// Create the missing parents of nodes (inheriting the nearest ancestor's permissions, as
    /// xenstored does on a write) where an order with parents first is needed, instead of
    /// failing with the list of missing parents.
    public var createMissingParents: Bool
    /// Which daemon's view a listing shows (directory order, special nodes); `nil` follows
    /// the input (an oxenstored dump lists as oxenstored does, anything else as C does).
    public var listingDaemon: Daemon?
    /// For a target: the fd at which the restored daemon inherits its listening socket, written
    /// into GLOBAL_DATA (oxenstored: the `global` line) in place of the input's. A stream
    /// without one, like most seed dumps, otherwise restores a daemon that no client can reach.
    public var socketFD: Int32?
    /// The layout of WATCH_DATA_EXTENDED in a binary stream: the design document's, or the one
    /// Xen 4.22.0 reads (`--target xenstored-4.22`). Xen 4.22.0's own writer layout is never
    /// written.
    public var watchExtendedLayout: WatchExtendedLayout

    /// Writing options; the defaults keep the input's form where the output can.
    public init(
        byteOrder: ByteOrder? = nil, streamVersion: UInt32? = nil, dialect: String? = nil,
        allowLoss: Bool = false, pretty: Bool = false, createMissingParents: Bool = false, listingDaemon: Daemon? = nil,
        socketFD: Int32? = nil, watchExtendedLayout: WatchExtendedLayout = .document
    ) {
        self.watchExtendedLayout = watchExtendedLayout
        self.byteOrder = byteOrder
        self.streamVersion = streamVersion
        self.dialect = dialect
        self.allowLoss = allowLoss
        self.pretty = pretty
        self.createMissingParents = createMissingParents
        self.listingDaemon = listingDaemon
        self.socketFD = socketFD
    }
}
