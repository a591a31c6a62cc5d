/// Building a snapshot in code the way it reads as data: paths, values and tokens from
/// strings, permissions in xenstore's own spelling.
///
/// ```swift
/// let node = Node(path: "/local/domain/1/name", value: "guest1", permissions: ["n0", "r1"])
/// ```
extension Permission: ExpressibleByStringInterpolation, CustomStringConvertible {
    /// A permission in the notation `xenstore-ls -p` and the JSON form use: the access
    /// letter, the domid, and `!` when the entry is stale (`"n0"`, `"r1"`, `"b3!"`); nil for
    /// anything else.
    public init?(_ notation: some StringProtocol) {
        self.init(notation: Array(notation.utf8))
    }

    /// The same from bytes (a JSON string).
    init?(notation: Bytes) {
        guard let permission = notation.withUnsafeBytes({ Permission(notation: $0) }) else { return nil }
        self = permission
    }

    /// The same from bytes in memory (a JSON string as it lies in the input).
    init?(notation: UnsafeRawBufferPointer) {
        let stale = notation.last == UInt8(ascii: "!")
        let body = UnsafeRawBufferPointer(rebasing: notation[..<(notation.count - (stale ? 1 : 0))])
        guard body.count >= 2, !(0x30...0x39).contains(body[0]), (0x21...0x7E).contains(body[0]), body[0] != UInt8(ascii: "!")
        else { return nil }
        var domid: UInt16 = 0
        for digit in body.dropFirst() {
            guard (0x30...0x39).contains(digit) else { return nil }
            let (times, overflow) = domid.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt16(digit - 0x30))
            guard !overflow, !carry else { return nil }
            domid = sum
        }
        self.init(access: body[0], domid: domid, flags: stale ? Permission.staleFlag : 0)
    }

    /// A literal in the same notation, `"n0"`, or `"n\(domid)"`; one that is not stops the
    /// program, as a malformed literal is a programming error (`init?(_:)` checks text that
    /// comes from elsewhere).
    public init(stringLiteral notation: String) {
        guard let permission = Permission(notation) else {
            preconditionFailure("\"\(notation)\" is not a permission: expected a letter, a domid 0–65535 and ! if stale, such as \"n0\" or \"r1\"")
        }
        self = permission
    }
}

extension Node {
    /// The permissions xenstored gives a node dom0 creates: owned by dom0, no access for
    /// other domains.
    public static let dom0Only: [Permission] = ["n0"]

    /// A committed node from text: its path (`/local/domain/1` or a special node such as
    /// `@releaseDomain`), its value as UTF-8, and its permissions, owner first.
    public init(path: String, value: String = "", permissions: [Permission] = Node.dom0Only) {
        self.init(path: Bytes(utf8: path), value: Bytes(utf8: value), permissions: permissions)
    }

    /// A committed node whose value is raw bytes (it may hold NUL or anything else).
    public init(path: String, value: Bytes, permissions: [Permission] = Node.dom0Only) {
        self.init(path: Bytes(utf8: path), value: value, permissions: permissions)
    }
}

extension Watch {
    /// A watch from text: the connection that holds it, the path it watches (absolute,
    /// relative to the domain's home, or special) and its token.
    public init(connectionID: UInt32, path: String, token: String) {
        self.init(connectionID: connectionID, path: Bytes(utf8: path), token: Bytes(utf8: token))
    }
}

extension Connection {
    /// A domain's shared-ring connection. `eventChannel` is xenstored's local port of the
    /// domain's event channel (for dom0, the port in `/proc/xen/xsd_port`).
    public static func ring(id: UInt32, domid: UInt16, eventChannel: UInt32?) -> Connection {
        Connection(id: id, endpoint: .ring(Ring(domid: domid, eventChannel: eventChannel)))
    }

    /// A client connected through the daemon's socket, at `fd` in the daemon.
    public static func socket(id: UInt32, fd: Int32) -> Connection {
        Connection(id: id, endpoint: .socket(fd: fd))
    }
}
