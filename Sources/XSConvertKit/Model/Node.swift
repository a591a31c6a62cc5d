/// A node of the store: committed, or pending inside an open transaction.
public struct Node: Hashable, Sendable {
    /// Absolute path (`/…`) or a special node (`@introduceDomain`, `@releaseDomain`), in the
    /// migration stream's spelling; format adapters map other spellings to this one.
    public var path: Bytes
    /// Raw value; may be empty and may contain NUL.
    public var value: Bytes
    /// Owner first (its letter is the access of every domain not listed), then grants.
    public var permissions: [Permission]
    /// Set when the node belongs to a pending transaction rather than to the committed store.
    public var pending: PendingAccess?

    /// A node from bytes: its path, value and permissions (owner first), and its transaction if it is pending.
    public init(path: Bytes, value: Bytes = [], permissions: [Permission], pending: PendingAccess? = nil) {
        self.path = path
        self.value = value
        self.permissions = permissions
        self.pending = pending
    }

    /// Special nodes (`@…`) have no parent and only their permissions matter.
    public var isSpecial: Bool { path.first == UInt8(ascii: "@") }

    /// A node's membership of a pending transaction and what the transaction did to it.
    public struct PendingAccess: Hashable, Sendable {
        /// The connection whose transaction holds the node.
        public var connectionID: UInt32
        /// The transaction, by its id on that connection.
        public var transactionID: UInt32
        /// Bit 0 read, bit 1 written; 0 = deleted in the transaction.
        public var access: UInt16

        /// The `access` bit: the transaction read the node.
        public static let read: UInt16 = 0x1
        /// The `access` bit: the transaction wrote the node.
        public static let written: UInt16 = 0x2

        /// A node's membership of transaction `transactionID` of connection `connectionID`, and what it did (`read`, `written`, 0 deleted).
        public init(connectionID: UInt32, transactionID: UInt32, access: UInt16) {
            self.connectionID = connectionID
            self.transactionID = transactionID
            self.access = access
        }

        /// Whether the transaction deleted the node.
        public var isDeletion: Bool { access == 0 }
    }
}

/// One entry of a node's permission list.
public struct Permission: Hashable, Sendable {
    /// The ASCII letter: `n` none, `r` read, `w` write, `b` both. Other letters are kept as
    /// they were read (C treats them as none).
    public var access: UInt8
    /// Bit 0: stale (the domain is gone; C ignores the entry). Other bits are kept as read.
    public var flags: UInt8
    /// The domain the entry is about (the owner, for the first entry).
    public var domid: UInt16

    /// The letter `n`: no access.
    public static let none = UInt8(ascii: "n")
    /// The letter `r`: read.
    public static let read = UInt8(ascii: "r")
    /// The letter `w`: write.
    public static let write = UInt8(ascii: "w")
    /// The letter `b`: read and write.
    public static let both = UInt8(ascii: "b")
    /// The `flags` bit of a stale entry (its domain is gone).
    public static let staleFlag: UInt8 = 0x01

    /// An entry: its access letter, its domain, and its flags (`staleFlag`).
    public init(access: UInt8, domid: UInt16, flags: UInt8 = 0) {
        self.access = access
        self.flags = flags
        self.domid = domid
    }

    /// Whether the entry is stale: C ignores it.
    public var isStale: Bool { flags & Self.staleFlag != 0 }
    /// Whether the letter is one of `n`, `r`, `w`, `b` (the daemons read any other as none).
    public var isKnownLetter: Bool { Self.isKnownLetter(access) }

    /// Whether `letter` is one of `n r w b` (the daemons read any other as none).
    public static func isKnownLetter(_ letter: UInt8) -> Bool {
        letter == none || letter == read || letter == write || letter == both
    }

    /// `r1`, `n0`, with `!` for stale (the notation of the corpus listings).
    public var description: String {
        String(UnicodeScalar(access)) + String(domid) + (isStale ? "!" : "")
    }
}
