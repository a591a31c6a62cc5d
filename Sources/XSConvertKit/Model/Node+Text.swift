/// A node read as text where it is text: its path and value stay bytes (`path`, `value`), and
/// these give them as strings when they are UTF-8.
///
/// ```swift
/// if let node = snapshot.node(at: "/local/domain/1/name"), node.valueText == "guest1" { print(node) }
/// // /local/domain/1/name = "guest1" (n1 r0)
/// ```
extension Node: CustomStringConvertible {
    /// The path as a string; nil if it is not UTF-8.
    public var pathText: String? { String(validating: path, as: UTF8.self) }

    /// The value as a string; nil if it is not UTF-8 (NUL is UTF-8: a value ending in NUL
    /// keeps it).
    public var valueText: String? { String(validating: value, as: UTF8.self) }

    /// One line, as `xenstore-ls -f -p` shows a node: `/local/domain/1/name = "guest1" (n1 r0)`,
    /// bytes that are not printable ASCII escaped (`\n`, `\xHH`), a long value cut short with
    /// its length; a pending node says whose transaction holds it and what it did.
    public var description: String {
        var line = "\(path.escapedForDisplay) = \"\(value.excerpt)\" (\(permissions.map(\.description).joined(separator: " ")))"
        if let pending {
            let access = pending.isDeletion ? "deleted"
                : [(Node.PendingAccess.read, "read"), (Node.PendingAccess.written, "written")]
                    .filter { pending.access & $0.0 != 0 }.map(\.1).joined(separator: " and ")
            line += " [transaction \(pending.transactionID) of connection \(pending.connectionID): \(access)]"
        }
        return line
    }
}
