/// Changing a snapshot's store the way a xenstore client would: write a value (creating the
/// node, and any parent it lacks, as xenstored does), remove a node with its subtree.
///
/// ```swift
/// var snapshot = try Snapshot(contentsOf: "db")
/// snapshot.setValue("renamed", at: "/local/domain/1/name")
/// snapshot.removeNode(at: "/local/domain/2")
/// try snapshot.write(to: "state_dump", for: .xenstored417)
/// ```
///
/// Only committed nodes are changed: the nodes of a pending transaction (`Node.pending`) are
/// the transaction's, and stay as they are.
extension Snapshot {
    /// Sets the value of the committed node at `path` to the UTF-8 of `value`; see
    /// `setValue(_:at:)` for bytes.
    public mutating func setValue(_ value: String, at path: String) {
        setValue(Bytes(utf8: value), at: Bytes(utf8: path))
    }

    /// Sets the value of the committed node at `path` (its permissions stay). Where there is
    /// none, creates it, and each missing parent before it, as xenstored's write does: after
    /// the last record, with the permissions of the nearest node above it (dom0's alone,
    /// `n0`, when there is none).
    public mutating func setValue(_ value: Bytes, at path: String) {
        setValue(value, at: Bytes(utf8: path))
    }

    /// The same, with the path as bytes.
    public mutating func setValue(_ value: Bytes, at path: Bytes) {
        if let index = committedNodeIndex(at: path), case .node(var node) = records[index] {
            node.value = value
            records[index] = .node(node)
            return
        }
        var permissions = Node.dom0Only
        var missing: [Bytes] = [path]
        var ancestor = Self.parent(of: path)
        while let above = ancestor {
            if let index = committedNodeIndex(at: above), case .node(let node) = records[index] {
                permissions = node.permissions
                break
            }
            missing.append(above)
            ancestor = Self.parent(of: above)
        }
        for (offset, created) in missing.reversed().enumerated() {
            let isTarget = offset == missing.count - 1
            records.append(.node(Node(path: created, value: isTarget ? value : [], permissions: permissions)))
        }
    }

    /// Removes the committed node at `path` and every committed node below it (`/a/b` takes
    /// `/a/b/c` with it, not `/a/bc`). Returns how many nodes went; 0 when there was none.
    @discardableResult
    public mutating func removeNode(at path: String) -> Int {
        removeNode(at: Bytes(utf8: path))
    }

    /// The same, with the path as bytes.
    @discardableResult
    public mutating func removeNode(at path: Bytes) -> Int {
        let before = records.count
        records.removeAll { record in
            guard case .node(let node) = record, node.pending == nil else { return false }
            return Self.isWithin(node.path, path)
        }
        return before - records.count
    }

    /// Whether `path` is `root` or below it.
    static func isWithin(_ path: Bytes, _ root: Bytes) -> Bool {
        guard path.starts(with: root) else { return false }
        return path.count == root.count || root.last == UInt8(ascii: "/") || path[root.count] == UInt8(ascii: "/")
    }

    /// The parent of an absolute path (`/a/b` → `/a`, `/a` → `/`); nil for `/`, a special
    /// node and a relative path.
    static func parent(of path: Bytes) -> Bytes? {
        guard path.first == UInt8(ascii: "/"), path.count > 1, let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return slash == 0 ? [UInt8(ascii: "/")] : Array(path[..<slash])
    }

    private func committedNodeIndex(at path: Bytes) -> Int? {
        records.firstIndex { record in
            if case .node(let node) = record { node.pending == nil && node.path == path } else { false }
        }
    }
}
