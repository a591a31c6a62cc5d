/// The limits the new daemon holds a store to, as its operator configured them, and the check
/// of a store against them before a switch. A store valid under one daemon may break the
/// other's: oxenstored skips a node whose value is over its quota-maxsize while restoring;
/// either daemon refuses every request on a path over its path-max; a guest already over its
/// nodes quota, or owning a node over the node-size quota, could not write as before.
///
/// Each daemon measures a node its own way: oxenstored its value (for every node, on restore
/// too), C xenstored its record (header, 8 bytes per permission, value, child names with
/// their NULs) when a guest writes it. Path lengths count from below `/local/domain/N/`.
public struct TargetQuotas: Hashable, Sendable {
    /// The largest node (`nil`: no limit).
    public var nodeSize: Int?
    /// The longest path, relative to `/local/domain/N/` where it is below one.
    public var pathMax: Int?
    /// The most nodes a guest may own.
    public var nodesPerDomain: Int?
    /// How the daemon measures a node.
    let measure: NodeMeasure

    static let keys = ["quota-node-size", "quota-path-max", "quota-nodes-per-domain"]

    enum NodeMeasure: Hashable, Sendable {
        /// oxenstored: the value's length, for every node.
        case value
        /// C xenstored: its record's size, for nodes a guest owns; `header` is the record
        /// header's size; `inclusive`: a node of exactly the limit is already over (4.17).
        case record(header: Int, inclusive: Bool)
    }

    /// Limits as `target` applies them (`nil`: none).
    public init(nodeSize: Int?, pathMax: Int?, nodesPerDomain: Int?, target: TargetProfile) {
        self.nodeSize = nodeSize
        self.pathMax = pathMax
        self.nodesPerDomain = nodesPerDomain
        switch target.daemon {
        case .oxenstored: measure = .value
        case .c: measure = target.streamVersions?.upperBound == 1 ? .record(header: 24, inclusive: true) : .record(header: 16, inclusive: false)
        }
    }

    /// The lines the configuration file holds.
    var settings: [(key: String, value: String)] {
        zip(Self.keys, [nodeSize, pathMax, nodesPerDomain]).compactMap { key, value in value.map { (key, String($0)) } }
    }

    init(settings: [(String, String)], daemon target: TargetProfile, file: String) throws {
        var values: [String: Int] = [:]
        for (key, value) in settings {
            guard let number = Int(value), number > 0 else {
                throw ConversionError(.data, file: file, "\(key): expected a positive number, got '\(value)'")
            }
            values[key] = number
        }
        self.init(nodeSize: values[Self.keys[0]], pathMax: values[Self.keys[1]], nodesPerDomain: values[Self.keys[2]], target: target)
    }

    // MARK: - Where they come from

    /// oxenstored's limits from its configuration file's text (`quota-maxsize`,
    /// `quota-maxentity`, both off with `quota-activate = false`; `quota-path-max`), over its
    /// built-in defaults (2048, 1000, 2048).
    public static func oxenstored(configuration text: String) -> TargetQuotas {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = content.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let active = values["quota-activate"].map { $0 != "false" } ?? true
        return TargetQuotas(
            nodeSize: active ? Int(values["quota-maxsize"] ?? "") ?? 2048 : nil,
            pathMax: Int(values["quota-path-max"] ?? "") ?? relativePathCeiling,
            nodesPerDomain: active ? Int(values["quota-maxentity"] ?? "") ?? 1000 : nil,
            target: .oxenstored)
    }

    /// XENSTORE_REL_PATH_MAX: the longest relative path either daemon allows.
    public static let relativePathCeiling = 2048

    // MARK: - The check

    /// What in `snapshot` is over these limits, one line each (the first few of each kind,
    /// then how many more).
    public func problems(in snapshot: Snapshot, daemonName: String) -> [String] {
        // (record by record, nothing copied: the successor checks this while the daemon's clients wait)
        let nodes = snapshot.records.lazy.compactMap { if case .node(let node) = $0, node.pending == nil, !node.isSpecial { node } else { nil } }
        var sizes: [String] = [], paths: [String] = []
        let childLengths = measure == .value || nodeSize == nil ? [:] : Self.childLengths(nodes)
        var owned: [UInt16: Int] = [:]
        for node in nodes {
            let owner = node.permissions.first?.domid ?? 0
            if owner != 0 { owned[owner, default: 0] += 1 }
            // (a relative path is never longer than the path)
            if let pathMax, node.path.count > pathMax, Self.relativeLength(node.path) > pathMax {
                paths.append("\(node.path.escapedForDisplay): \(Self.relativeLength(node.path)) bytes, over the path-max of \(pathMax)")
            }
            guard let nodeSize else { continue }
            switch measure {
            case .value where node.value.count > nodeSize:
                sizes.append("\(node.path.escapedForDisplay): a value of \(node.value.count) bytes, over the node size of \(nodeSize) (it would be skipped)")
            case .record(let header, let inclusive) where owner != 0:
                let size = header + 8 * node.permissions.count + node.value.count + childLengths[ByteKey(node.path), default: 0]
                if size > nodeSize || (inclusive && size == nodeSize) {
                    sizes.append("\(node.path.escapedForDisplay) (domain \(owner)'s): \(size) bytes as \(daemonName) counts a node, over its node size of \(nodeSize)")
                }
            default: break
            }
        }
        var found = Self.firstFew(sizes) + Self.firstFew(paths)
        if let nodesPerDomain {
            found += owned.filter { $0.value > nodesPerDomain }.sorted { $0.key < $1.key }
                .map { "domain \($0.key) owns \($0.value) nodes, over the \(nodesPerDomain) a domain may own" }
        }
        return found
    }

    /// Each node's child names with their NULs, as C xenstored stores them.
    private static func childLengths(_ nodes: some Sequence<Node>) -> [ByteKey: Int] {
        var lengths: [ByteKey: Int] = [:]
        for node in nodes {
            guard let parent = StoreTree.parent(of: node.path) else { continue }
            lengths[ByteKey(parent), default: 0] += node.path.count - parent.count - (parent == StoreTree.root ? 0 : 1) + 1
        }
        return lengths
    }

    /// A path's length as both daemons limit it: below `/local/domain/N/`, what follows.
    static func relativeLength(_ path: Bytes) -> Int {
        DomainHome.split(path)?.rest.count ?? path.count
    }

    private static func firstFew(_ lines: [String], limit: Int = 5) -> [String] {
        lines.count <= limit ? lines : Array(lines.prefix(limit)) + ["… and \(lines.count - limit) more like these"]
    }
}
