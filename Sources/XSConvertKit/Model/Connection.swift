/// A client connection of the daemon: a domain's shared ring or a local socket.
public struct Connection: Hashable, Sendable {
    /// Identifies the connection inside one snapshot (non-zero; watches, transactions and
    /// pending nodes refer to it).
    public var id: UInt32
    /// What the connection is: a domain's ring, a local socket, or a reserved type.
    public var endpoint: Endpoint
    /// The daemon's unique id of the connection (binary stream version 2); `nil` = unknown.
    public var uniqueID: UInt64?
    /// Bytes read from the client but not processed yet (raw wire messages; the last one may
    /// be partial).
    public var pendingInput: Bytes
    /// Bytes not yet written to the client. Its first `partialResponseLength` bytes are the
    /// unsent tail of a response whose start was already written.
    public var pendingOutput: Bytes
    /// How many of `pendingOutput`'s first bytes finish a response already partly written.
    public var partialResponseLength: UInt16

    /// A connection `id` through `endpoint`, with the bytes still in flight either way.
    public init(
        id: UInt32, endpoint: Endpoint, uniqueID: UInt64? = nil,
        pendingInput: Bytes = [], pendingOutput: Bytes = [], partialResponseLength: UInt16 = 0
    ) {
        self.id = id
        self.endpoint = endpoint
        self.uniqueID = uniqueID
        self.pendingInput = pendingInput
        self.pendingOutput = pendingOutput
        self.partialResponseLength = partialResponseLength
    }

    /// How a connection reaches the daemon.
    public enum Endpoint: Hashable, Sendable {
        /// A domain's shared ring.
        case ring(Ring)
        /// A local client, at `fd` in the daemon.
        case socket(fd: Int32)
        /// A connection type the stream reserves (2–0xFFFF), kept with its 8 raw spec bytes.
        case other(type: UInt16, spec: Bytes)
    }

    /// A domain's shared-ring connection.
    public struct Ring: Hashable, Sendable {
        /// The domain at the other end of the ring.
        public var domid: UInt16
        /// The domain `domid` acts for after SET_TARGET; `DomainID.invalid` when none.
        public var targetDomid: UInt16
        /// xenstored's local port of the interdomain event channel (C rebinds exactly this
        /// port on restore). `nil` when the source did not record it (old oxenstored dumps).
        public var eventChannel: UInt32?
        /// oxenstored only: the ring page's mfn (signed decimal in its dump; 64-bit values
        /// occur) and the guest's end of the event channel.
        public var mfn: Int64?
        /// oxenstored only: the guest's end of the event channel.
        public var remotePort: UInt32?

        /// A ring to `domid`, its event channel, and oxenstored's ring address where known.
        public init(
            domid: UInt16, targetDomid: UInt16 = DomainID.invalid, eventChannel: UInt32?,
            mfn: Int64? = nil, remotePort: UInt32? = nil
        ) {
            self.domid = domid
            self.targetDomid = targetDomid
            self.eventChannel = eventChannel
            self.mfn = mfn
            self.remotePort = remotePort
        }
    }
}
