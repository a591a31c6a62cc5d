/// Finds every fault of a snapshot, not just the first: structural ones any daemon would trip
/// on, and, given a target, what that daemon refuses, crashes on, skips or loses. Runs record
/// by record (with each record's location), so every finding says where.
public struct Validator {
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public var severity: Severity
        public var location: SourceLocation?
        public var message: String
        /// What the user can do about it (a program says it in its own terms).
        public var remedy: Remedy?

        public var description: String {
            (location.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)"
        }
    }

    public let target: TargetProfile?
    /// The first `findingLimit` findings (an input of millions of faults costs counters, not
    /// a list of millions); `errorCount` and `warningCount` count them all.
    public private(set) var findings: [Finding] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public static let findingLimit = 1000
    /// The findings counted but not kept.
    public var unlistedFindings: Int { errorCount + warningCount - findings.count }

    private var recordIndex = 0
    private var sawGlobal = false
    private var connections: [UInt32: Connection.Endpoint] = [:]
    private var ringDomains: Set<UInt16> = []
    private var sawConnection = false
    private var transactions: Set<[UInt32]> = []
    /// Each committed path and where it was read (one map serves both the parent check and
    /// the duplicate and ordering messages).
    private var committed: [ByteKey: SourceLocation] = [:]
    private var specialNodes: Set<Bytes> = []
    private var sawNode = false
    /// Nodes whose parent was not known when they came, to tell "before its parent" from
    /// "parent missing" at the end.
    private var orphans: [(path: Bytes, parent: Bytes, location: SourceLocation)] = []
    /// Records whose `len` leaves out their padding: the first and how many (reported once).
    private var unpadded: (first: SourceLocation, record: String, length: Int, count: Int)?

    public init(target: TargetProfile?) {
        self.target = target
    }

    public var errors: [Finding] { findings.filter { $0.severity == .error } }

    private mutating func error(_ at: SourceLocation?, _ message: String) {
        errorCount += 1
        keep(Finding(severity: .error, location: at, message: message))
    }

    private mutating func warning(_ at: SourceLocation?, _ message: String) {
        warningCount += 1
        keep(Finding(severity: .warning, location: at, message: message))
    }

    private mutating func keep(_ finding: Finding) {
        if findings.count < Self.findingLimit { findings.append(finding) }
    }

    /// Checks the input's encoding against the target (format, byte order, version).
    public mutating func check(_ info: StreamInfo) {
        guard let target else { return }
        let wanted = [target.format, target.byteOrder.map { "\($0.rawValue)-endian" }, target.streamVersions.map { "version \($0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)")" }]
            .compactMap { $0 }.joined(separator: ", ")
        var wrong: [String] = []
        if info.format != target.format { wrong.append("the format is \(info.format)") }
        if info.format == target.format, let dialect = info.dialect, dialect != BinaryStreamAdapter.standardDialect, target.format == "binary" {
            wrong.append("the dialect is \(dialect)")
        }
        if let order = target.byteOrder, let actual = info.byteOrder, actual != order { wrong.append("the records are \(actual.rawValue)-endian") }
        if let versions = target.streamVersions, let version = info.version, !versions.contains(version) { wrong.append("the version is \(version)") }
        if !wrong.isEmpty {
            findings.append(Finding(severity: .error, location: nil,
                                    message: "\(target.name) restores only \(wanted), but \(wrong.joined(separator: " and "))",
                                    remedy: .shape(for: target)))
        }
    }

    /// Checks one record, read at `location` and laid out as `framing` says.
    public mutating func check(_ record: Record, at location: SourceLocation, framing: RecordFraming = .plain) {
        defer { recordIndex += 1 }
        check(framing, of: record, at: location)
        if let target, target.needsGlobalFirst, recordIndex == 0, record.kind != .global {
            error(location, "\(record.kind.rawValue) comes first, but \(target.name) needs GLOBAL_DATA first (it crashes otherwise)")
        }
        if let target, !target.restoredKinds.contains(record.kind) {
            checkUnrestored(record, target: target, at: location)
        }
        switch record {
        case .global(let global):
            if sawGlobal { error(location, "a second GLOBAL_DATA") }
            sawGlobal = true
            // (oxenstored's reader says so of its text itself)
            if let target, target.daemon == .c, global.socketFD < 0 {
                warning(location, "GLOBAL_DATA names no listening socket (fd \(global.socketFD)): \(target.name) restores it and listens on nothing, reachable only through the rings")
            }
            if let target, target.oxenstoredDialect?.usesInheritedEventChannel == false, let port = global.domExcPort {
                warning(location, "the event-channel handle (fd \(global.eventChannelFD ?? -1), DOM_EXC port \(port)): \(target.name) ignores it, opens a fresh handle and binds VIRQ_DOM_EXC on it, which fails if the handle named here still holds it")
            }
        case .connection(let connection): check(connection, at: location)
        case .watch(let watch): check(watch, at: location)
        case .transaction(let transaction):
            if connections[transaction.connectionID] == nil {
                error(location, "TRANSACTION_DATA tx \(transaction.id) refers to conn-id \(transaction.connectionID), which no earlier CONNECTION_DATA defines")
            }
            if !transactions.insert([transaction.connectionID, transaction.id]).inserted {
                error(location, "TRANSACTION_DATA tx \(transaction.id) of conn-id \(transaction.connectionID) is duplicated")
            }
        case .node(let node): check(node, at: location)
        case .globalQuota: break
        case .domain(let domain): check(domain, at: location)
        case .unknown:
            break  // the reader has warned: kept as opaque bytes
        }
    }

    /// Faults of the framing, which a C daemon reads differently from xsconvert.
    private mutating func check(_ framing: RecordFraming, of record: Record, at location: SourceLocation) {
        if let length = framing.unpaddedLength, target?.daemon != .oxenstored {
            if unpadded == nil { unpadded = (location, record.kind.rawValue, length, 0) }
            unpadded?.count += 1
        }
        guard let target, target.daemon == .c else { return }
        if framing.lengthOverrun > 0 {
            error(location, "WATCH_DATA_EXTENDED's len is \(framing.lengthOverrun) bytes longer than the record (Xen 4.22.0's writer): \(target.name) reads the next record out of step (4.22.0 dies with SIGSEGV)")
        }
        guard target.restoredKinds.contains(.watchExtended), let layout = framing.watchLayout, layout != target.watchExtendedLayout else { return }
        switch layout {
        case .document:
            error(location, "WATCH_DATA_EXTENDED in the design document's layout (path at offset 12): \(target.name) reads the path at offset 10, finds it empty and stops the restore (\"allocation error for read watch\")")
        case .noDepth, .noPad:
            error(location, "WATCH_DATA_EXTENDED in \(layout.explanation): \(target.name) reads the depth from the first two bytes of the path and restores another watch")
        }
    }

    private mutating func check(_ domain: DomainData, at location: SourceLocation) {
        if !ringDomains.contains(domain.domid) {
            error(location, "DOMAIN_DATA for domain \(domain.domid), which no earlier ring CONNECTION_DATA introduces" + (target?.daemon == .c
                ? ": \(target!.name) stops the restore (\"referenced domain not found\"), so the live update kills it (C 4.21 and 4.22 write such a record for a domain a permission names but that was never introduced)"
                : ""))
        }
        guard let target, target.restoredKinds.contains(.domain), let supported = target.features else { return }
        if let features = domain.features, features & ~supported != 0 {
            error(location, "DOMAIN_DATA of domain \(domain.domid) offers features \(DomainFeatures.describe(features)); \(target.name) implements only \(DomainFeatures.describe(supported)) but stores the field as it is and offers the guest what it lacks")
        }
        if !target.restoresQuotas, !domain.quotas.isEmpty {
            warning(location, "DOMAIN_DATA of domain \(domain.domid) has \(domain.quotas.count) quotas, which \(target.name) ignores (the domain gets its defaults)")
        }
    }

    private mutating func checkUnrestored(_ record: Record, target: TargetProfile, at location: SourceLocation) {
        let what = record.kind == .unknown ? "an unknown record type" : record.kind.rawValue
        switch (target.daemon, record) {
        case (.c, .node): break  // pending nodes: see check(node)
        case (.c, .transaction):
            warning(location, "TRANSACTION_DATA: \(target.name) ignores transactions on restore")
        case (.c, _):
            warning(location, "\(what): \(target.name) does not know it and skips it")
        case (.oxenstored, .node): break
        case (.oxenstored, _):
            error(location, "\(what): the oxenstored dump cannot express it (it would be lost)")
        }
    }

    private mutating func check(_ connection: Connection, at location: SourceLocation) {
        if connection.id == 0 { error(location, "CONNECTION_DATA has conn-id 0; conn-ids must be non-zero") }
        if connections.updateValue(connection.endpoint, forKey: connection.id) != nil {
            error(location, "CONNECTION_DATA conn-id \(connection.id) is duplicated")
        }
        if case .ring(let ring) = connection.endpoint {
            if ring.domid > DomainID.maxReal { error(location, "ring connection of domid \(ring.domid), outside 0–\(DomainID.maxReal)") }
            if ring.targetDomid > DomainID.maxReal && ring.targetDomid != DomainID.invalid {
                error(location, "ring connection of domain \(ring.domid) has target domid \(ring.targetDomid), neither a domain nor DOMID_INVALID")
            }
            if let target, target.needsDom0First, !sawConnection, ring.domid != 0 {
                error(location, "the first connection is domain \(ring.domid)'s, but \(target.name) needs dom0's ring connection first (it crashes otherwise)")
            }
            if let target, target.needsDom0First, ring.domid == 0, sawNode {
                error(location, "dom0's ring connection comes after nodes; \(target.name) crashes")
            }
            if let target, target.oxenstoredDialect?.usesInheritedEventChannel == false, ring.domid != 0, ring.eventChannel == nil,
               ring.remotePort ?? 0 == 0 {
                error(location, "ring connection of domain \(ring.domid) has neither a local nor a remote event-channel port: \(target.name) binds the guest's channel from its remote port, fails, and skips the domain")
            }
            if target?.daemon == .c, ring.eventChannel ?? 0 == 0 {
                warning(location, "ring connection of domain \(ring.domid) has no local event-channel port: C xenstored keeps the domain but ignores its ring (its watches and pending data are dropped)")
            }
            ringDomains.insert(ring.domid)
        } else if let target, target.needsDom0First, !sawConnection {
            error(location, "the first connection is not dom0's ring connection, which \(target.name) needs first (it crashes otherwise)")
        }
        sawConnection = true
        if let target, target.daemon == .oxenstored {
            if !connection.pendingInput.isEmpty || !connection.pendingOutput.isEmpty {
                error(location, "conn-id \(connection.id) has pending data, which the oxenstored dump cannot express")
            }
            if connection.uniqueID != nil { error(location, "conn-id \(connection.id) has a unique-id, which the oxenstored dump cannot express") }
        }
        if let target, target.daemon == .c, !target.knowsUniqueIDs, connection.uniqueID != nil {
            warning(location, "conn-id \(connection.id) has a unique-id, which \(target.name) does not know: it restores the connection and ignores the id")
        }
    }

    private mutating func check(_ watch: Watch, at location: SourceLocation) {
        let name = watch.depth == nil ? "WATCH_DATA" : "WATCH_DATA_EXTENDED"
        if connections[watch.connectionID] == nil {
            error(location, "\(name) \"\(watch.path.escapedForDisplay)\" refers to conn-id \(watch.connectionID), which no earlier CONNECTION_DATA defines")
        }
        if let problem = PathRules.watchPathProblem(watch.path) {
            error(location, "\(name) path \"\(watch.path.escapedForDisplay)\": \(problem)")
        }
        if let target, let dialect = target.oxenstoredDialect, let depth = watch.depthLimit {
            if !dialect.writesWatchDepth {
                error(location, "\(name) \"\(watch.path.escapedForDisplay)\" has a depth, which \(target.name)'s dump cannot express")
            } else if let problem = OxenstoredDialect.forkWatchDepthProblem(path: watch.path, depth: depth) {
                error(location, "\(name) \"\(watch.path.escapedForDisplay)\" depth \(depth): \(problem); it skips the watch")
            }
        }
        if let target, target.watchExtendedLayout == .noPad, let depth = watch.depthLimit {
            warning(location, "\(name) \"\(watch.path.excerpt)\" depth \(depth): \(target.name) restores it, but its own next live update writes it in a layout it misreads (Xen 4.22.0: the watch comes back mangled, or the daemon dies on a misaligned stream)")
        }
    }

    private mutating func check(_ node: Node, at location: SourceLocation) {
        sawNode = true
        var shown: String { node.path.escapedForDisplay }  // only when a message needs it
        if let problem = PathRules.nodePathProblem(node.path) { error(location, "NODE_DATA path \"\(shown)\": \(problem)") }
        if node.path.count > (target?.maxPathLength ?? PathRules.maxAbsoluteLength) {
            error(location, "NODE_DATA \(shown): path of \(node.path.count) bytes, over \(target?.name ?? "xenstore")'s limit of \(target?.maxPathLength ?? PathRules.maxAbsoluteLength)")
        }
        let valueLimit = target?.maxValueLength ?? PathRules.maxValueLength
        if node.value.count > valueLimit {
            error(location, "NODE_DATA \(shown): value of \(node.value.count) bytes, over \(target?.name ?? "xenstore")'s limit of \(valueLimit)")
        }
        checkPermissions(node, at: location)
        if let pending = node.pending {
            if !transactions.contains([pending.connectionID, pending.transactionID]) {
                error(location, "NODE_DATA \(shown) belongs to tx \(pending.transactionID) of conn-id \(pending.connectionID), which no earlier TRANSACTION_DATA defines")
            }
            if let target, target.appliesPendingNodesAsCommitted {
                error(location, "NODE_DATA \(shown) is pending in a transaction; \(target.name) would apply it as a committed node")
            } else if target?.daemon == .oxenstored {
                error(location, "NODE_DATA \(shown) is pending in a transaction, which the oxenstored dump cannot express")
            }
            return
        }
        if node.isSpecial {
            if !PathRules.specialNodes.contains(node.path) { warning(location, "special node \(shown) is not one xenstored knows") }
            if !specialNodes.insert(node.path).inserted { error(location, "special node \(shown) is duplicated") }
            return
        }
        if let first = committed[ByteKey(node.path)] {
            error(location, "NODE_DATA \(shown) is duplicated (the first: \(first))")
            return
        }
        committed[ByteKey(node.path)] = location
        // The root always exists in a daemon, with or without a record for it.
        if let parent = StoreTree.parent(of: node.path), parent != StoreTree.root, committed[ByteKey(parent)] == nil {
            orphans.append((node.path, parent, location))
        }
    }

    private mutating func checkPermissions(_ node: Node, at location: SourceLocation) {
        var shown: String { node.path.escapedForDisplay }  // only when a message needs it
        if node.permissions.isEmpty && node.pending?.isDeletion != true {
            error(location, "NODE_DATA \(shown) has no permissions; the first names its owner")
        }
        for (index, permission) in node.permissions.enumerated() {
            if !permission.isKnownLetter {
                error(location, "NODE_DATA \(shown): permission \(index + 1) has the letter \([permission.access].escapedForDisplay.debugDescription), not one of n r w b")
            }
            let domid = permission.domid
            if domid == DomainID.any, index > 0, let target, !target.allowsDomidAny, target.daemon == .c {
                warning(location, "NODE_DATA \(shown): permission \(index + 1) names DOMID_ANY (\(domid)), every domain in Xen 4.22; \(target.name) has no such domain and keeps the entry as a stale one that grants nothing")
                continue
            }
            let allowed = domid <= DomainID.maxReal || (domid == DomainID.any && index > 0 && target?.daemon != .oxenstored)
                || (domid == DomainID.invalid && index == 0 && target?.daemon == .oxenstored)
            if !allowed { error(location, "NODE_DATA \(shown): permission \(index + 1) names domid \(domid), outside 0–\(DomainID.maxReal)") }
            if target?.daemon == .oxenstored, permission.isStale {
                error(location, "NODE_DATA \(shown): permission \(index + 1) is stale, which the oxenstored dump cannot express")
            }
        }
        if let target, target.needsOwnerConnections, let owner = node.permissions.first?.domid, !ringDomains.contains(owner) {
            error(location, "NODE_DATA \(shown) is owned by domain \(owner), which no earlier ring connection introduces; \(target.name) aborts the restore")
        }
    }

    /// The checks that need the whole input.
    public mutating func finish() {
        defer { findings.sort { ($0.location?.order ?? 0) < ($1.location?.order ?? 0) } }
        for orphan in orphans {
            let parent = orphan.parent.escapedForDisplay
            if let parentAt = committed[ByteKey(orphan.parent)] {
                error(orphan.location, "NODE_DATA \(orphan.path.escapedForDisplay) comes before its parent \(parent) (\(parentAt))")
            } else {
                error(orphan.location, "NODE_DATA \(orphan.path.escapedForDisplay): its parent \(parent) is missing")
            }
        }
        if let unpadded {
            let message = "\(unpadded.record)'s len \(unpadded.length) leaves out the padding to 8 bytes (as \(unpadded.count) record\(unpadded.count == 1 ? "" : "s") in all do): C xenstored reads each next record from where len ends, out of step, and loses the rest of the store without a word"
            if target?.daemon == .c { error(unpadded.first, message) } else { warning(unpadded.first, message) }
        }
        guard let target else { return }
        if target.needsGlobalFirst, !sawGlobal { error(nil, "no GLOBAL_DATA; \(target.name) crashes without it") }
        if target.needsDom0First, !ringDomains.contains(0) { error(nil, "no ring connection for dom0; \(target.name) crashes without it") }
        for special in PathRules.specialNodes where !specialNodes.contains(special) {
            warning(nil, "no \(special.escapedForDisplay) node: \(target.name) gives it default permissions")
        }
    }

    /// Validates a whole input, read with `adapter`.
    public static func validate(
        _ input: ByteInput, adapter: any FormatAdapter, target: TargetProfile?, options: ReadOptions = .init(),
        diagnostics: Diagnostics
    ) throws -> Validator {
        let reader = try adapter.makeReader(input, options: options, diagnostics: diagnostics)
        var validator = Validator(target: target)
        validator.check(reader.info)
        while let record = try reader.next() { validator.check(record, at: reader.location, framing: reader.framing) }
        validator.finish()
        return validator
    }
}

extension SourceLocation {
    /// For sorting findings in input order.
    var order: UInt64 {
        switch self {
        case .byte(let offset): offset
        case .line(let line): UInt64(line)
        case .path: 0
        }
    }
}
