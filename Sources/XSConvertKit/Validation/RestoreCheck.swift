/// The first fault for which a C daemon would not restore a stream — it crashes, aborts, or
/// applies something wrongly — found while the records stream past, in memory that does not
/// grow with the store (the connections, the ring domains, and `SeenPaths`). A conversion
/// without a target runs it on a binary output, to say in one warning that the stream
/// written as asked is not one the daemon reading that layout restores; `Validator` lists
/// every fault, `TargetShaping` removes them.
public final class RestoreCheck {
    public let target: TargetProfile
    /// Whether to check that each node's parent came before it (it costs 8 bytes a node; a
    /// reader that skips a node without its parent, as oxenstored's do, needs no check).
    public let checksParents: Bool
    /// The first fault found (an error, at where its record was read, with the remedy of
    /// shaping for the target); nil while there is none.
    public private(set) var fault: ValidationReport.Finding?

    // Unchecked at run time: one caller at a time, as for a reader (see ByteInput).
    @exclusivity(unchecked) private var done = false
    @exclusivity(unchecked) private var records = 0
    @exclusivity(unchecked) private var sawGlobal = false
    @exclusivity(unchecked) private var sawConnection = false
    @exclusivity(unchecked) private var sawNode = false
    @exclusivity(unchecked) private var connections: Set<UInt32> = []
    /// Indexed by domid: whether a ring connection introduced the domain (a table, not a set:
    /// it is asked once a node).
    @exclusivity(unchecked) private var ringDomains = [Bool](repeating: false, count: Int(UInt16.max) + 1)
    @exclusivity(unchecked) private var paths = SeenPaths()

    public init(_ target: TargetProfile, checksParents: Bool = true) {
        self.target = target
        self.checksParents = checksParents
    }

    /// The check for a binary stream written as `info` says: against the oldest C daemon that
    /// reads its version (its byte order aside: that was asked for). Nil for what no C daemon
    /// reads (another format, the seed's layout).
    public convenience init?(for info: StreamInfo, checksParents: Bool = true) {
        guard info.format == BinaryStreamAdapter.formatName, info.dialect ?? BinaryStreamAdapter.standardDialect == BinaryStreamAdapter.standardDialect,
              let profile = TargetProfile.all.first(where: {
                  $0.daemon == .c && $0.format == info.format && $0.streamVersions?.contains(info.version ?? 1) == true
              }) else { return nil }
        self.init(profile, checksParents: checksParents)
    }

    /// Checks the next record, read at `location`; does nothing once a fault is found.
    public func check(_ record: Record, at location: SourceLocation? = nil) {
        guard !done else { return }
        defer { records += 1 }
        if let problem = problem(with: record) { found(problem, at: location) }
    }

    /// Checks the next record, lent as it lies (see `RecordView`), read where `location` says.
    func check(_ view: borrowing RecordView, at location: () -> SourceLocation?) {
        guard !done else { return }
        defer { records += 1 }
        if let problem = problem(with: view) { found(problem, at: location()) }
    }

    /// The checks that need the whole stream.
    public func finish() {
        guard !done else { return }
        if target.needsGlobalFirst, !sawGlobal {
            found("no GLOBAL_DATA; \(target.name) crashes without it")
        } else if target.needsDom0First, !ringDomains[0] {
            found("no ring connection for dom0; \(target.name) crashes without it")
        }
    }

    /// Finishes the check and reports its fault, if any, as one warning about `output`, with
    /// where in `input` its record was read.
    public func report(to diagnostics: Diagnostics, output: String, input: String?) {
        finish()
        guard let fault else { return }
        let place = fault.location.map { location in " (" + (input.map { "input: \($0), " } ?? "") + "\(location))" } ?? ""
        diagnostics.warn("\(target.name) would not restore this stream: " + fault.message + place, file: output, remedy: fault.remedy)
    }

    private func found(_ message: String, at location: SourceLocation? = nil) {
        done = true
        fault = ValidationReport.Finding(severity: .error, location: location, message: message, remedy: .shape(for: target))
    }

    private func problem(with record: Record) -> String? {
        switch record {
        case .connection(let connection):
            guard case .ring(let ring) = connection.endpoint else { return problem(connection: connection.id, ringDomain: nil) }
            return problem(connection: connection.id, ringDomain: ring.domid)
        case .watch(let watch):
            return problem(watch: watch.connectionID)
        case .node(let node):
            return node.path.withUnsafeBytes {
                problem(node: $0, pending: node.pending != nil, owner: node.permissions.first?.domid)
            }
        default:
            return problem(other: record.kind)
        }
    }

    private func problem(with view: borrowing RecordView) -> String? {
        switch view.type {
        case .connectionData:
            typealias Layout = ConnectionDataLayout
            let ring = view.load(Layout.connectionType) == Layout.ringType
            return problem(connection: view.load(Layout.connectionID), ringDomain: ring ? view.load(Layout.domid) : nil)
        case .watchData:
            return problem(watch: view.load(WatchDataLayout.connectionID))
        case .nodeData:
            typealias Layout = NodeDataLayout
            let owner = view.load(Layout.permissionCount) > 0 ? view.load(Layout.domid, at: Layout.permissionsStart) : nil
            let pending = view.load(Layout.connectionID) != 0
            return view.fields.withUnsafeBytes { fields in
                let start = Layout.pathStart(permissions: Int(view.load(Layout.permissionCount)))
                return problem(node: UnsafeRawBufferPointer(rebasing: fields[start..<(start + Int(view.load(Layout.pathLength)) - 1)]),
                               pending: pending, owner: owner)
            }
        default:
            return problem(other: view.type == .transactionData ? .transaction : .global)
        }
    }

    /// A record that must not come first, when GLOBAL_DATA must.
    private func problem(first kind: Record.Kind) -> String? {
        guard records == 0, target.needsGlobalFirst, kind != .global else { return nil }
        return "\(kind.rawValue) comes first, but \(target.name) needs GLOBAL_DATA first (it crashes otherwise)"
    }

    private func problem(other kind: Record.Kind) -> String? {
        if kind == .global { sawGlobal = true }
        return problem(first: kind)
    }

    /// A connection, and the domain of its ring (nil for a socket or another type).
    private func problem(connection id: UInt32, ringDomain domid: UInt16?) -> String? {
        if let first = problem(first: .connection) { return first }
        let name = target.name
        connections.insert(id)
        defer { sawConnection = true }
        guard let domid else {
            return target.needsDom0First && !sawConnection
                ? "the first connection is not dom0's ring connection, which \(name) needs first (it crashes otherwise)" : nil
        }
        ringDomains[Int(domid)] = true
        if target.needsDom0First, !sawConnection, domid != 0 {
            return "the first connection is domain \(domid)'s, but \(name) needs dom0's ring connection first (it crashes otherwise)"
        }
        if target.needsDom0First, domid == 0, sawNode {
            return "dom0's ring connection comes after nodes; \(name) crashes"
        }
        return nil
    }

    private func problem(watch connection: UInt32) -> String? {
        if let first = problem(first: .watch) { return first }
        guard !connections.contains(connection) else { return nil }
        return "a watch of conn-id \(connection), which no earlier CONNECTION_DATA defines; \(target.name) aborts the restore"
    }

    /// A node at `path`, pending or not, owned by `owner` (nil without permissions).
    private func problem(node path: UnsafeRawBufferPointer, pending: Bool, owner: UInt16?) -> String? {
        if let first = problem(first: .node) { return first }
        sawNode = true
        let name = target.name
        var shown: String { Bytes(path).escapedForDisplay }  // only when a message needs it
        if pending {
            return target.appliesPendingNodesAsCommitted ? "NODE_DATA \(shown) is pending in a transaction; \(name) would apply it as a committed node" : nil
        }
        guard let owner else { return "NODE_DATA \(shown) has no permissions; \(name) aborts the restore" }
        if target.needsOwnerConnections, !ringDomains[Int(owner)] {
            return "NODE_DATA \(shown) is owned by domain \(owner), which no earlier ring connection introduces; \(name) aborts the restore"
        }
        guard path.first != UInt8(ascii: "@") else { return nil }
        guard path.first == UInt8(ascii: "/") else { return "NODE_DATA \(shown) is not an absolute path; \(name) aborts the restore" }
        guard checksParents else { return nil }
        // The parent: up to the last slash, unless that is the root's.
        if let slash = path.lastIndex(of: UInt8(ascii: "/")), slash > 0 {
            let parent = UnsafeRawBufferPointer(rebasing: path[..<slash])
            guard paths.contains(parent) else {
                return "NODE_DATA \(shown) comes before its parent \(Bytes(parent).escapedForDisplay), or without it; \(name) aborts the restore"
            }
        }
        paths.insert(path)
        return nil
    }
}
