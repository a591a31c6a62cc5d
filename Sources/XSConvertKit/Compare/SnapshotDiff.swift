/// A semantic comparison of two snapshots, whatever formats they came from: nodes by path
/// (value and permissions), connections by what they connect (a domain's ring, a socket fd),
/// watches by connection, path and token, transactions, quotas and domain data.
///
/// A field one side does not record (e.g. oxenstored's mfn in a C dump, C's event channel in
/// an old oxenstored dump) is not a difference.
public struct SnapshotDiff: Sendable {
    /// The differences, in the order of the first snapshot's records.
    public var differences: [Difference] = []

    /// Whether the snapshots hold the same store.
    public var isEmpty: Bool { differences.isEmpty }

    /// One difference. `a`/`b` hold each side's rendering; `nil` means "not present".
    public struct Difference: Hashable, Sendable {
        /// Which part of the store a difference is in; its raw value is the word `diff` prints.
        public enum Kind: String, Sendable {
            /// GLOBAL_DATA: the listening socket's fd, the event-channel fd, the DOM_EXC port.
            case global
            /// A connection, keyed by its domain's ring or its socket fd: its event channel,
            /// mfn, remote port, unique-id or pending data, or its presence.
            case connection
            /// A watch, keyed by its connection, path and token: its depth, or its presence.
            case watch
            /// A transaction, keyed by its connection and id: its presence.
            case transaction
            /// A node, keyed by its path (and, if pending, its transaction): its value,
            /// permissions or pending access, or its presence.
            case node
            /// A global quota or a domain's default quota (GLOBAL_QUOTA_DATA), keyed by name.
            case quota
            /// A domain's DOMAIN_DATA, keyed by domid: its features and quotas.
            case domain
            /// A record of a type xsconvert does not know, kept as bytes.
            case unknown
        }
        /// The kind of record that differs.
        public var kind: Kind
        /// What is compared: a path, `dom 3`, `socket fd 7`, …
        public var key: String
        /// The field that differs, or `nil` when the whole item is only on one side.
        public var field: String?
        /// The value in the first snapshot; nil where it has none.
        public var a: String?
        /// The value in the second snapshot; nil where it has none.
        public var b: String?

        /// A difference in record `key` (its `field`, or the whole record): `a` in the first, `b` in the second.
        public init(kind: Kind, key: String, field: String? = nil, a: String?, b: String?) {
            self.kind = kind
            self.key = key
            self.field = field
            self.a = a
            self.b = b
        }
    }

    /// The differences between snapshots `a` and `b`.
    public init(_ a: Snapshot, _ b: Snapshot) {
        compareGlobal(a.global, b.global)
        compareConnections(a, b)
        compareKeyed(.watch, watches(a), watches(b))
        compareKeyed(.transaction, transactions(a), transactions(b))
        compareNodes(a.nodes, b.nodes)
        compareQuotas(a.globalQuota, b.globalQuota)
        compareKeyed(.domain, domains(a), domains(b))
        compareKeyed(.unknown, unknowns(a), unknowns(b))
    }

    // MARK: - Global

    private mutating func compareGlobal(_ a: GlobalData?, _ b: GlobalData?) {
        guard let a, let b else {
            if a != nil || b != nil {
                differences.append(.init(kind: .global, key: "data", a: a.map(describe), b: b.map(describe)))
            }
            return
        }
        field(.global, "data", "socket fd", a.socketFD, b.socketFD)
        field(.global, "data", "event-channel fd", a.eventChannelFD, b.eventChannelFD)
        field(.global, "data", "domexc port", a.domExcPort, b.domExcPort)
    }

    private func describe(_ global: GlobalData) -> String {
        "socket fd \(global.socketFD)" + (global.eventChannelFD.map { ", event-channel fd \($0)" } ?? "")
    }

    // MARK: - Connections

    /// How a connection is recognised on both sides.
    static func key(_ endpoint: Connection.Endpoint) -> String {
        switch endpoint {
        case .ring(let ring): "dom \(ring.domid)"
        case .socket(let fd): "socket fd \(fd)"
        case .other(let type, let spec): "type \(type) \(spec.escapedForDisplay)"
        }
    }

    static func connectionKeys(_ snapshot: Snapshot) -> [UInt32: String] {
        Dictionary(snapshot.connections.map { ($0.id, key($0.endpoint)) }, uniquingKeysWith: { first, _ in first })
    }

    private mutating func compareConnections(_ a: Snapshot, _ b: Snapshot) {
        let left = Dictionary(a.connections.map { (Self.key($0.endpoint), $0) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(b.connections.map { (Self.key($0.endpoint), $0) }, uniquingKeysWith: { first, _ in first })
        for key in orderedKeys(a.connections.map { Self.key($0.endpoint) }, b.connections.map { Self.key($0.endpoint) }) {
            guard let x = left[key], let y = right[key] else {
                differences.append(.init(kind: .connection, key: key, a: left[key].map { _ in "present" }, b: right[key].map { _ in "present" }))
                continue
            }
            if case .ring(let r) = x.endpoint, case .ring(let s) = y.endpoint {
                field(.connection, key, "target domid", DomainID.describe(r.targetDomid), DomainID.describe(s.targetDomid))
                field(.connection, key, "event channel", r.eventChannel, s.eventChannel)
                field(.connection, key, "mfn", r.mfn, s.mfn)
                field(.connection, key, "remote port", r.remotePort, s.remotePort)
            }
            field(.connection, key, "unique-id", x.uniqueID, y.uniqueID)
            if x.pendingInput != y.pendingInput {
                differences.append(.init(kind: .connection, key: key, field: "pending input",
                                         a: "\(x.pendingInput.count) bytes", b: "\(y.pendingInput.count) bytes"))
            }
            if x.pendingOutput != y.pendingOutput || x.partialResponseLength != y.partialResponseLength {
                differences.append(.init(kind: .connection, key: key, field: "pending output",
                                         a: "\(x.pendingOutput.count) bytes", b: "\(y.pendingOutput.count) bytes"))
            }
        }
    }

    /// Compares a field only when both sides record it.
    private mutating func field<T: Equatable>(_ kind: Difference.Kind, _ key: String, _ name: String, _ a: T?, _ b: T?) {
        guard let a, let b, a != b else { return }
        differences.append(.init(kind: kind, key: key, field: name, a: "\(a)", b: "\(b)"))
    }

    // MARK: - Keyed items

    private func watches(_ snapshot: Snapshot) -> [(String, String)] {
        let keys = Self.connectionKeys(snapshot)
        return snapshot.watches.map { watch in
            let owner = keys[watch.connectionID] ?? "conn-id \(watch.connectionID)"
            return ("\(owner) \"\(watch.path.escapedForDisplay)\" token \"\(watch.token.escapedForDisplay)\"",
                    watch.depth.map { "depth \($0)" } ?? "")
        }
    }

    private func transactions(_ snapshot: Snapshot) -> [(String, String)] {
        let keys = Self.connectionKeys(snapshot)
        return snapshot.transactions.map { ("\(keys[$0.connectionID] ?? "conn-id \($0.connectionID)") tx \($0.id)", "") }
    }

    private func domains(_ snapshot: Snapshot) -> [(String, String)] {
        snapshot.domains.map { ("dom \($0.domid)", "features \($0.features.map { "0x" + String($0, radix: 16) } ?? "not recorded"), quotas " + Self.describe($0.quotas)) }
    }

    private func unknowns(_ snapshot: Snapshot) -> [(String, String)] {
        snapshot.unknownRecords.map { ("type \($0.type) \($0.body.count) bytes \($0.body.escapedForDisplay.prefix(40))", "") }
    }

    static func describe(_ quotas: [Quota]) -> String {
        quotas.map { "\($0.name.escapedForDisplay)=\($0.value)" }.joined(separator: " ")
    }

    /// Items identified by a key, with a rendering compared when the key is on both sides.
    private mutating func compareKeyed(_ kind: Difference.Kind, _ a: [(String, String)], _ b: [(String, String)]) {
        let left = Dictionary(a, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(b, uniquingKeysWith: { first, _ in first })
        for key in orderedKeys(a.map(\.0), b.map(\.0)) {
            switch (left[key], right[key]) {
            case let (x?, y?) where x != y:
                differences.append(.init(kind: kind, key: key, field: "details", a: x, b: y))
            case (nil, let y?):
                differences.append(.init(kind: kind, key: key, a: nil, b: y.isEmpty ? "present" : y))
            case (let x?, nil):
                differences.append(.init(kind: kind, key: key, a: x.isEmpty ? "present" : x, b: nil))
            default:
                break
            }
        }
    }

    // MARK: - Nodes

    private mutating func compareNodes(_ a: [Node], _ b: [Node]) {
        func index(_ nodes: [Node]) -> [Bytes: Node] {
            Dictionary(nodes.map { (Self.nodeKey($0), $0) }, uniquingKeysWith: { _, last in last })
        }
        let left = index(a), right = index(b)
        for key in orderedKeys(a.map(Self.nodeKey), b.map(Self.nodeKey)) {
            let name = String(decoding: key, as: UTF8.self)
            switch (left[key], right[key]) {
            case let (x?, y?):
                if x.value != y.value {
                    differences.append(.init(kind: .node, key: name, field: "value",
                                             a: "\"\(x.value.escapedForDisplay)\"", b: "\"\(y.value.escapedForDisplay)\""))
                }
                if x.permissions != y.permissions {
                    differences.append(.init(kind: .node, key: name, field: "permissions",
                                             a: Self.describe(x.permissions), b: Self.describe(y.permissions)))
                }
                if x.pending?.access != y.pending?.access {
                    differences.append(.init(kind: .node, key: name, field: "access",
                                             a: x.pending.map { "\($0.access)" }, b: y.pending.map { "\($0.access)" }))
                }
            case (let x?, nil):
                differences.append(.init(kind: .node, key: name, a: Self.describe(x), b: nil))
            case (nil, let y?):
                differences.append(.init(kind: .node, key: name, a: nil, b: Self.describe(y)))
            default:
                break
            }
        }
    }

    /// Committed nodes by path; pending ones by path and transaction.
    static func nodeKey(_ node: Node) -> Bytes {
        guard let pending = node.pending else { return node.path }
        return node.path + Bytes(utf8: " (tx \(pending.transactionID) of conn-id \(pending.connectionID))")
    }

    static func describe(_ node: Node) -> String {
        "\"\(node.value.escapedForDisplay)\" " + describe(node.permissions)
    }

    static func describe(_ permissions: [Permission]) -> String {
        "(" + permissions.map(\.description).joined(separator: ",") + ")"
    }

    // MARK: - Quotas

    private mutating func compareQuotas(_ a: GlobalQuota?, _ b: GlobalQuota?) {
        let left = (a?.domainDefaults ?? []).map { ("domain default \($0.name.escapedForDisplay)", "\($0.value)") }
            + (a?.global ?? []).map { ("global \($0.name.escapedForDisplay)", "\($0.value)") }
        let right = (b?.domainDefaults ?? []).map { ("domain default \($0.name.escapedForDisplay)", "\($0.value)") }
            + (b?.global ?? []).map { ("global \($0.name.escapedForDisplay)", "\($0.value)") }
        compareKeyed(.quota, left, right)
    }

    /// Keys of both sides: A's order first, then those only in B.
    private func orderedKeys<K: Hashable>(_ a: [K], _ b: [K]) -> [K] {
        var seen = Set<K>()
        return (a + b).filter { seen.insert($0).inserted }
    }
}
