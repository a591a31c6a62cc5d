/// One message of the xenstore wire protocol (`xen/include/public/io/xs_wire.h`): a 16-byte
/// header of four native-endian (little-endian on x86) 32-bit fields, type, request id,
/// transaction id and payload length, then the payload.
public struct XenstoreMessage: Hashable, Sendable {
    /// The message type (`XenstoreMessage.Kind`): the request, or XS_ERROR and XS_WATCH_EVENT
    /// from the daemon.
    public var type: UInt32
    /// The id a client gives a request, which the daemon repeats in its reply.
    public var requestID: UInt32
    /// The transaction the request belongs to; 0 outside any.
    public var transactionID: UInt32
    /// What follows the header: NUL-terminated arguments in a request, the answer in a reply,
    /// the errno name (`ENOENT`) in XS_ERROR.
    public var payload: Bytes

    /// The header's length in bytes: four 32-bit fields.
    public static let headerSize = 16
    /// XENSTORE_PAYLOAD_MAX: the longest payload either daemon accepts.
    public static let maximumPayload = 4096

    /// Message types used here (enum xsd_sockmsg_type).
    public enum Kind {
        /// XS_CONTROL: a daemon command such as `live-update` or `quota DOMID`; the live-update
        /// client's `OK` is answered as one.
        public static let control: UInt32 = 0
        /// XS_DIRECTORY: a node's child names, NUL-terminated (E2BIG when too many for one reply).
        public static let directory: UInt32 = 1
        /// XS_READ: a node's value.
        public static let read: UInt32 = 2
        /// XS_GET_PERMS: a node's permissions as NUL-terminated words such as `n0`, `r5`.
        public static let getPermissions: UInt32 = 3
        /// XS_WATCH_EVENT: a watch firing, sent unasked; a client waiting for a reply skips it.
        public static let watchEvent: UInt32 = 15
        /// XS_ERROR: the daemon refused a request; the payload is the errno name.
        public static let error: UInt32 = 16
        /// XS_IS_DOMAIN_INTRODUCED: whether a domid is introduced, answered `T` or `F`.
        public static let isDomainIntroduced: UInt32 = 17
        /// XS_DIRECTORY_PART: a slice of a long child list from a byte offset, with the node's
        /// generation.
        public static let directoryPart: UInt32 = 20

        /// The request's name as xs_wire.h spells it, for messages.
        public static func name(_ type: UInt32) -> String {
            let names: [UInt32: String] = [control: "XS_CONTROL", directory: "XS_DIRECTORY", read: "XS_READ",
                                           getPermissions: "XS_GET_PERMS", isDomainIntroduced: "XS_IS_DOMAIN_INTRODUCED",
                                           directoryPart: "XS_DIRECTORY_PART"]
            return names[type] ?? "message type \(type)"
        }
    }

    /// A message of `type` carrying `payload`, outside any transaction unless `transactionID`.
    public init(type: UInt32, requestID: UInt32 = 0, transactionID: UInt32 = 0, payload: Bytes) {
        self.type = type
        self.requestID = requestID
        self.transactionID = transactionID
        self.payload = payload
    }

    /// A request whose arguments are NUL-terminated strings, as libxenstore sends them.
    public init(type: UInt32, arguments: [Bytes]) {
        self.init(type: type, payload: arguments.flatMap { $0 + [0] })
    }

    /// The message as sent on the wire: the header, little-endian, then the payload.
    public var bytes: Bytes {
        var out: Bytes = []
        out.reserveCapacity(Self.headerSize + payload.count)
        for field in [type, requestID, transactionID, UInt32(payload.count)] {
            withUnsafeBytes(of: field.littleEndian) { out += $0 }
        }
        return out + payload
    }

    /// The payload's NUL-terminated strings (a trailing part without NUL included).
    public var arguments: [Bytes] {
        var parts = payload.split(separator: 0, omittingEmptySubsequences: false).map(Bytes.init)
        if payload.last == 0 { parts.removeLast() }
        return parts
    }

    /// How many bytes the message starting `bytes` takes, once its header is complete;
    /// `nil` if the header is not, or announces more than `maximumPayload`.
    public static func length(ofMessageAt bytes: some Collection<UInt8>) -> Int? {
        guard bytes.count >= headerSize else { return nil }
        let length = Int(field(bytes, 3))
        return length <= maximumPayload ? headerSize + length : nil
    }

    /// Parses one whole message from the start of `bytes` (see `length(ofMessageAt:)`).
    public init?(parsing bytes: some Collection<UInt8>) {
        guard let total = Self.length(ofMessageAt: bytes), bytes.count >= total else { return nil }
        self.init(type: Self.field(bytes, 0), requestID: Self.field(bytes, 1), transactionID: Self.field(bytes, 2),
                  payload: Bytes(bytes.dropFirst(Self.headerSize).prefix(total - Self.headerSize)))
    }

    private static func field(_ bytes: some Collection<UInt8>, _ index: Int) -> UInt32 {
        bytes.dropFirst(4 * index).prefix(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The reply to this request with `payload`, as the daemons send it: same type, request
    /// and transaction ids.
    public func reply(_ payload: Bytes) -> XenstoreMessage {
        XenstoreMessage(type: type, requestID: requestID, transactionID: transactionID, payload: payload)
    }

    /// `xenstore-control live-update -s …`'s request: XS_CONTROL whose arguments begin
    /// `live-update`, `-s` (it polls with it until the answer is not BUSY).
    public var isLiveUpdateStart: Bool {
        let words = arguments
        return type == Kind.control && words.count >= 2 && words[0] == Bytes(utf8: "live-update") && words[1] == Bytes(utf8: "-s")
    }
}
