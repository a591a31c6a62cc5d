/// What `xenstore-ls -f -p /` prints for a store: one line per node below `/`,
/// `PATH = "VALUE"   (PERMS)`, the value escaped as libxenstore's `sanitise_value` does and the
/// permissions as `xs_perm_to_string` writes them (stale flags are not shown).
///
/// The order is the daemon's directory order: C xenstored lists children in insertion order
/// and has no parent for its special nodes, so they are not listed; oxenstored lists children
/// sorted by name and keeps the special nodes as children of `/` (`/@introduceDomain`).
public enum XenstoreListing {
    /// The lines `xenstore-ls -f -p` prints for `nodes` from `daemon`, in its order.
    public static func lines(of nodes: [Node], as daemon: Daemon) -> [String] {
        var order = ListingOrder(daemon: daemon)
        var listed: [(path: Bytes, line: String)] = []
        for var node in nodes {
            guard let path = order.listedPath(of: node) else { continue }
            node.path = path
            let (slot, isNew) = order.add(path)
            if isNew { listed.append((path, line(for: node))) } else { listed[slot] = (path, line(for: node)) }
        }
        var lines: [String] = []
        order.walk(path: { listed[$0].path }) { lines.append(listed[$0].line) }
        return lines
    }

    /// The line `xenstore-ls -f -p` prints for `node`.
    public static func line(for node: Node) -> String {
        let path = String(decoding: node.path, as: UTF8.self)
        let permissions = node.permissions.map(permissionText).joined(separator: ",")
        return "\(path) = \"\(sanitise(node.value))\"   (\(permissions))"
    }

    /// `n0`, `r1`, … as C's `xs_perm_to_string`; a letter C does not know reads as none.
    static func permissionText(_ permission: Permission) -> String {
        let letter = permission.isKnownLetter ? permission.access : Permission.none
        return String(UnicodeScalar(letter)) + String(permission.domid)
    }

    /// libxenstore's escaping: printable ASCII as is (quotes included), `\\`, `\t`, `\n`,
    /// `\r`, other control bytes as three-digit octal, 0x7f and above as `\xHH`.
    public static func sanitise(_ value: Bytes) -> String {
        var text = ""
        text.reserveCapacity(value.count)
        for byte in value {
            switch byte {
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(UnicodeScalar(byte))
            case 0x09: text += "\\t"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x00..<0x20:
                let octal = String(byte, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return text
    }
}

