/// Checks records, as they stream past, against every `Rule`, for one daemon profile (or,
/// without one, xenstore's own rules): what each rule checks and its message are written here
/// once, and only here. The drivers: `Validator` keeps every finding, `RestoreCheck` stops at
/// the first error (a conversion's warning).
///
/// Memory does not grow with the store beyond `SeenPaths` (8–16 bytes a node, bounded by
/// `maxNodes`): conn-ids, a table of the 65 536 domids, the (conn-id, tx-id) pairs and the
/// special nodes seen.
final class RuleCheck {
    enum Mode { case everyFinding, firstError }

    let target: TargetProfile?
    let mode: Mode
    /// What was found (in `firstError` mode: at most the first error).
    private(set) var report: ValidationReport
    /// The first error was found (`firstError` mode): nothing more is checked.
    private(set) var stopped = false
    /// The stream's version, when the input has one (records it cannot hold are a fault).
    var streamVersion: UInt32?
    /// The most nodes whose paths are remembered (`ReadLimits.nodes`).
    let maxNodes: Int

    // Unchecked at run time: one caller at a time, as for a reader (see ByteInput).
    @exclusivity(unchecked) private var records = 0
    @exclusivity(unchecked) private var nodes = 0
    @exclusivity(unchecked) private var sawGlobal = false
    @exclusivity(unchecked) private var sawConnection = false
    @exclusivity(unchecked) private var sawNode = false
    @exclusivity(unchecked) private var connections: Set<UInt32> = []
    /// Indexed by domid: whether a ring connection introduced the domain (a table, not a set:
    /// it is asked once a node).
    @exclusivity(unchecked) private var ringDomains = [Bool](repeating: false, count: Int(UInt16.max) + 1)
    @exclusivity(unchecked) private var transactions: Set<UInt64> = []
    @exclusivity(unchecked) private var specialNodes: Set<Bytes> = []
    /// The conn-ids of watches that came before any connection of theirs, and where the first
    /// of each was (for a daemon that takes the connection later: checked at the end).
    private var watchedBeforeDefined: [UInt32: SourceLocation?] = [:]
    @exclusivity(unchecked) private var paths = SeenPaths()
    /// Records whose `len` leaves out their padding: the first and how many (reported once).
    private var unpadded: (first: SourceLocation?, record: String, length: Int, count: Int)?

    init(target: TargetProfile?, mode: Mode, maxNodes: Int = ReadLimits().nodes) {
        self.target = target
        self.mode = mode
        self.maxNodes = maxNodes
        report = ValidationReport(target: target)
    }

    /// The target's name in messages (xenstore's rules without one).
    private var name: String { target?.name ?? "xenstore" }

    /// Reports `rule`'s fault with `message`, at `location`, if the rule matters for the target.
    private func found(_ rule: Rule, _ location: () -> SourceLocation?, _ message: @autoclosure () -> String, remedy: Remedy? = nil) {
        guard let severity = rule.severity(for: target) else { return }
        switch mode {
        case .everyFinding:
            report.add(.init(rule: rule, severity: severity, location: location(), message: message(), remedy: remedy))
        case .firstError:
            guard severity == .error, !stopped else { return }
            stopped = true
            report.add(.init(rule: rule, severity: severity, location: location(), message: message(), remedy: target.map { .shape(for: $0) }))
        }
    }

    // MARK: The encoding and the framing

    /// Checks the input's encoding against the target (format, dialect, byte order, version).
    func check(_ info: StreamInfo) {
        streamVersion = info.format == BinaryStreamAdapter.formatName ? info.version : nil
        guard let target else { return }
        let versions = target.streamVersions.map { "version \($0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)")" }
        let wanted = [target.format, target.byteOrder.map { "\($0.rawValue)-endian" }, versions].compactMap { $0 }.joined(separator: ", ")
        var wrong: [String] = []
        if info.format != target.format { wrong.append("the format is \(info.format)") }
        if info.format == target.format, let dialect = info.dialect, dialect != BinaryStreamAdapter.standardDialect, target.format == "binary" {
            wrong.append("the dialect is \(dialect)")
        }
        if let order = target.byteOrder, let actual = info.byteOrder, actual != order { wrong.append("the records are \(actual.rawValue)-endian") }
        if let versions = target.streamVersions, let version = info.version, !versions.contains(version) { wrong.append("the version is \(version)") }
        guard !wrong.isEmpty else { return }
        found(.encoding, { nil }, "\(target.name) restores only \(wanted), but \(wrong.joined(separator: " and "))", remedy: .shape(for: target))
    }

    /// Faults of the framing, which a C daemon reads differently from xsconvert.
    private func check(_ framing: RecordFraming, of kind: Record.Kind, at location: () -> SourceLocation?) {
        if let length = framing.unpaddedLength {
            if unpadded == nil { unpadded = (location(), kind.rawValue, length, 0) }
            unpadded?.count += 1
            if mode == .firstError { reportUnpadded() }
        }
        if framing.lengthOverrun > 0 {
            found(.lengthOverrun, location, "WATCH_DATA_EXTENDED's len is \(framing.lengthOverrun) bytes longer than the record (Xen 4.22.0's writer): \(self.name) reads the next record out of step (4.22.0 dies with SIGSEGV)")
        }
        guard let layout = framing.watchLayout, let wanted = target?.watchExtendedLayout, layout != wanted else { return }
        switch layout {
        case .document:
            found(.watchLayout, location, "WATCH_DATA_EXTENDED in the design document's layout (path at offset 12): \(self.name) reads the path at offset 10, finds it empty and stops the restore (\"allocation error for read watch\")")
        case .noDepth, .noPad:
            found(.watchLayout, location, "WATCH_DATA_EXTENDED in \(layout.explanation): \(self.name) reads the depth from the first two bytes of the path and restores another watch")
        }
    }

    private func reportUnpadded() {
        guard let unpadded else { return }
        found(.unpaddedLength, { unpadded.first }, "\(unpadded.record)'s len \(unpadded.length) leaves out the padding to 8 bytes (as \(unpadded.count) record\(unpadded.count == 1 ? "" : "s") in all do): C xenstored reads each next record from where len ends, out of step, and loses the rest of the store without a word")
    }

    // MARK: Records

    /// Checks one record, read at `location` and laid out as `framing` says.
    func check(_ record: Record, at location: () -> SourceLocation?, framing: RecordFraming = .plain) throws {
        guard !stopped else { return }
        defer { records += 1 }
        check(framing, of: record.kind, at: location)
        checkFirst(record.kind, at: location)
        if let target, !target.restoredKinds.contains(record.kind) { checkUnrestored(record, target: target, at: location) }
        switch record {
        case .global(let global):
            if sawGlobal { found(.globalTwice, location, "a second GLOBAL_DATA") }
            if records > 0, !sawGlobal {
                found(.globalLate, location, "GLOBAL_DATA after other records: \(self.name)'s dump reader takes the global line only before connections and nodes")
            }
            sawGlobal = true
            if global.socketFD < 0 {
                found(.noListeningSocket, location, "GLOBAL_DATA names no listening socket (fd \(global.socketFD)): \(self.name) restores it and listens on nothing, reachable only through the rings")
            }
            if let port = global.domExcPort {
                found(.ignoredEventChannel, location, "the event-channel handle (fd \(global.eventChannelFD ?? -1), DOM_EXC port \(port)): \(self.name) ignores it, opens a fresh handle and binds VIRQ_DOM_EXC on it, which fails while the handle named here holds it")
            }
        case .connection(let connection): check(connection, at: location)
        case .watch(let watch): check(watch, at: location)
        case .transaction(let transaction): check(transaction, at: location)
        case .node(let node): try check(node, at: location)
        case .globalQuota: break
        case .domain(let domain): check(domain, at: location)
        case .unknown: break  // the reader has warned: kept as opaque bytes
        }
    }

    /// Checks the next record, lent as it lies (see `RecordView`), read where `location` says.
    /// A plain committed node is checked in place; anything else through the model.
    func check(_ view: borrowing RecordView, at location: () -> SourceLocation?) throws {
        guard !stopped else { return }
        if view.type == .watchData, isPlainWatch(view) {
            defer { records += 1 }
            checkFirst(.watch, at: location)
            return
        }
        guard view.type == .nodeData, let owner = plainNodeOwner(view) else {
            try check(view.decoded(), at: location)
            return
        }
        defer { records += 1 }
        checkFirst(.node, at: location)
        let (path, _) = NodeDataLayout.strings(of: view)
        try view.fields.withUnsafeBytes { fields in
            try place(UnsafeRawBufferPointer(rebasing: fields[path]), owner: owner, at: location)
        }
    }

    /// The owner of a node view that no rule but those of its place can fault: committed, its
    /// path canonical and within the target's limit, its value too, each permission of a
    /// known letter, not stale, for a real domain; nil for any other.
    private func plainNodeOwner(_ view: borrowing RecordView) -> UInt16? {
        typealias Layout = NodeDataLayout
        let count = Int(view.load(Layout.permissionCount))
        guard view.load(Layout.connectionID) == 0, count > 0,
              Int(view.load(Layout.valueLength)) <= target?.maxValueLength ?? PathRules.maxValueLength,
              Int(view.load(Layout.pathLength)) - 1 <= target?.maxPathLength ?? PathRules.maxAbsoluteLength else { return nil }
        for index in 0..<count {
            let entry = Layout.permissionsStart + Layout.permissionSize * index
            guard Permission.isKnownLetter(view.load(Layout.letter, at: entry)), view.load(Layout.flags, at: entry) == 0,
                  view.load(Layout.domid, at: entry) <= DomainID.maxReal else { return nil }
        }
        let (path, _) = Layout.strings(of: view)
        let plain = view.fields.withUnsafeBytes { PathRules.isPlainNodePath(UnsafeRawBufferPointer(rebasing: $0[path])) }
        return plain ? view.load(Layout.domid, at: Layout.permissionsStart) : nil
    }

    /// Whether a watch view breaks no rule but what comes first: its connection known, its
    /// path a canonical absolute one within xenstore's limit (a plain watch has no depth).
    private func isPlainWatch(_ view: borrowing RecordView) -> Bool {
        guard connections.contains(view.load(WatchDataLayout.connectionID)) else { return false }
        let (path, _) = WatchDataLayout.strings(of: view)
        return path.count <= PathRules.maxAbsoluteLength
            && view.fields.withUnsafeBytes { PathRules.isPlainNodePath(UnsafeRawBufferPointer(rebasing: $0[path])) }
    }

    /// GLOBAL_DATA must come first.
    private func checkFirst(_ kind: Record.Kind, at location: () -> SourceLocation?) {
        guard records == 0, kind != .global else { return }
        found(.globalNotFirst, location, "\(kind.rawValue) comes first, but \(self.name) needs GLOBAL_DATA first (it crashes otherwise)")
    }

    private func checkUnrestored(_ record: Record, target: TargetProfile, at location: () -> SourceLocation?) {
        guard record.kind != .node else { return }  // pending nodes: see check(node)
        let what = record.kind == .unknown ? "an unknown record type" : record.kind.rawValue
        if case .transaction = record {
            found(.ignoredTransaction, location, "TRANSACTION_DATA: \(target.name) ignores transactions on restore")
        }
        if record.kind != .transaction {
            found(.skippedRecord, location, "\(what): \(target.name) does not know it and skips it")
        }
        found(.inexpressibleRecord, location, "\(what): the oxenstored dump cannot express it (it would be lost)")
    }

    private func check(_ connection: Connection, at location: () -> SourceLocation?) {
        if connection.id == 0 { found(.connectionIDZero, location, "CONNECTION_DATA has conn-id 0; conn-ids must be non-zero") }
        if !connections.insert(connection.id).inserted {
            found(.connectionIDDuplicated, location, "CONNECTION_DATA conn-id \(connection.id) is duplicated")
        }
        if case .ring(let ring) = connection.endpoint {
            if ring.domid > DomainID.maxReal { found(.ringDomid, location, "ring connection of domid \(ring.domid), outside 0–\(DomainID.maxReal)") }
            if ring.targetDomid > DomainID.maxReal && ring.targetDomid != DomainID.invalid {
                found(.ringTargetDomid, location, "ring connection of domain \(ring.domid) has target domid \(ring.targetDomid), neither a domain nor DOMID_INVALID")
            }
            if !sawConnection, ring.domid != 0 {
                found(.dom0NotFirst, location, "the first connection is domain \(ring.domid)'s, but \(self.name) needs dom0's ring connection first (it crashes otherwise)")
            }
            if ring.domid == 0, sawNode {
                found(.dom0AfterNodes, location, "dom0's ring connection comes after nodes; \(self.name) crashes")
            }
            if ring.eventChannel ?? 0 == 0 {
                found(.ringWithoutEventChannel, location, "ring connection of domain \(ring.domid) has no local event-channel port: \(self.name) keeps the domain but ignores its ring (its watches and pending data are dropped)")
            }
            if ring.domid != 0, ring.eventChannel == nil, ring.remotePort ?? 0 == 0 {
                found(.ringUnbindable, location, "ring connection of domain \(ring.domid) has neither a local nor a remote event-channel port: \(self.name) binds the guest's channel from its remote port, fails, and skips the domain")
            }
            ringDomains[Int(ring.domid)] = true
        } else if !sawConnection {
            found(.dom0NotFirst, location, "the first connection is not dom0's ring connection, which \(self.name) needs first (it crashes otherwise)")
        }
        sawConnection = true
        if !connection.pendingInput.isEmpty || !connection.pendingOutput.isEmpty {
            found(.inexpressiblePendingData, location, "conn-id \(connection.id) has pending data, which the oxenstored dump cannot express")
        }
        if connection.uniqueID != nil {
            found(.inexpressibleUniqueID, location, "conn-id \(connection.id) has a unique-id, which the oxenstored dump cannot express")
            found(.unknownUniqueID, location, "conn-id \(connection.id) has a unique-id, which \(self.name) does not know: it restores the connection and ignores the id")
        }
    }

    private func check(_ watch: Watch, at location: () -> SourceLocation?) {
        let kind = watch.depth == nil ? "WATCH_DATA" : "WATCH_DATA_EXTENDED"
        if !connections.contains(watch.connectionID) {
            if watchedBeforeDefined[watch.connectionID] == nil { watchedBeforeDefined[watch.connectionID] = location() }
            found(.watchWithoutConnection, location, "\(kind) \"\(watch.path.escapedForDisplay)\" refers to conn-id \(watch.connectionID), which no earlier CONNECTION_DATA defines")
        }
        if let problem = PathRules.watchPathProblem(watch.path) {
            found(.watchPath, location, "\(kind) path \"\(watch.path.escapedForDisplay)\": \(problem)")
        }
        guard let depth = watch.depthLimit else { return }
        if let version = streamVersion ?? target?.writeVersion, version < 2 {
            found(.recordOutsideVersion, location, "\(kind) \"\(watch.path.excerpt)\" depth \(depth): a version-\(version) stream cannot hold it (WATCH_DATA_EXTENDED is version 2 only; the depth would be lost)")
        }
        found(.inexpressibleWatchDepth, location, "\(kind) \"\(watch.path.escapedForDisplay)\" has a depth, which the oxenstored dump cannot express")
        if let problem = OxenstoredDialect.forkWatchDepthProblem(path: watch.path, depth: depth) {
            found(.refusedWatchDepth, location, "\(kind) \"\(watch.path.escapedForDisplay)\" depth \(depth): \(problem); it skips the watch")
        }
        if target?.restoredKinds.contains(.watchExtended) == true {
            found(.watchDepthMisreadLater, location, "\(kind) \"\(watch.path.excerpt)\" depth \(depth): \(self.name) restores it, but its own next live update writes it in a layout it misreads (Xen 4.22.0: the watch comes back mangled, or the daemon dies on a misaligned stream)")
        }
    }

    private func check(_ transaction: Transaction, at location: () -> SourceLocation?) {
        if !connections.contains(transaction.connectionID) {
            found(.transactionWithoutConnection, location, "TRANSACTION_DATA tx \(transaction.id) refers to conn-id \(transaction.connectionID), which no earlier CONNECTION_DATA defines")
        }
        if !transactions.insert(Self.key(transaction.connectionID, transaction.id)).inserted {
            found(.transactionDuplicated, location, "TRANSACTION_DATA tx \(transaction.id) of conn-id \(transaction.connectionID) is duplicated")
        }
    }

    private static func key(_ connection: UInt32, _ transaction: UInt32) -> UInt64 { UInt64(connection) << 32 | UInt64(transaction) }

    private func check(_ node: Node, at location: () -> SourceLocation?) throws {
        var shown: String { node.path.escapedForDisplay }  // only when a message needs it
        if let problem = PathRules.nodePathProblem(node.path) { found(.nodePath, location, "NODE_DATA path \"\(shown)\": \(problem)") }
        let pathLimit = target?.maxPathLength ?? PathRules.maxAbsoluteLength
        if node.path.count > pathLimit {
            found(.nodePathLength, location, "NODE_DATA \(shown): path of \(node.path.count) bytes, over \(self.name)'s limit of \(pathLimit)")
        }
        let valueLimit = target?.maxValueLength ?? PathRules.maxValueLength
        if node.value.count > valueLimit {
            found(.valueLength, location, "NODE_DATA \(shown): value of \(node.value.count) bytes, over \(self.name)'s limit of \(valueLimit)")
        }
        checkPermissions(node, at: location)
        if let pending = node.pending {
            sawNode = true
            if !transactions.contains(Self.key(pending.connectionID, pending.transactionID)) {
                found(.pendingWithoutTransaction, location, "NODE_DATA \(shown) belongs to tx \(pending.transactionID) of conn-id \(pending.connectionID), which no earlier TRANSACTION_DATA defines")
            }
            found(.pendingAppliedAsCommitted, location, "NODE_DATA \(shown) is pending in a transaction; \(self.name) would apply it as a committed node")
            found(.inexpressiblePendingNode, location, "NODE_DATA \(shown) is pending in a transaction, which the oxenstored dump cannot express")
            return
        }
        if node.isSpecial {
            sawNode = true
            if !PathRules.specialNodes.contains(node.path) { found(.unknownSpecialNode, location, "special node \(shown) is not one xenstored knows") }
            if !specialNodes.insert(node.path).inserted { found(.specialNodeDuplicated, location, "special node \(shown) is duplicated") }
            return
        }
        try node.path.withUnsafeBytes { try place($0, owner: node.permissions.first?.domid, at: location) }
    }

    private func checkPermissions(_ node: Node, at location: () -> SourceLocation?) {
        var shown: String { node.path.escapedForDisplay }  // only when a message needs it
        if node.permissions.isEmpty && node.pending?.isDeletion != true {
            found(.noPermissions, location, "NODE_DATA \(shown) has no permissions; the first names its owner")
        }
        let oxenstored = target?.daemon == .oxenstored
        for (index, permission) in node.permissions.enumerated() {
            if !permission.isKnownLetter {
                found(.permissionLetter, location, "NODE_DATA \(shown): permission \(index + 1) has the letter \([permission.access].escapedForDisplay.debugDescription), not one of n r w b")
            }
            let domid = permission.domid
            if domid == DomainID.any, index > 0, !oxenstored, target?.allowsDomidAny == false {
                found(.staleDomidAny, location, "NODE_DATA \(shown): permission \(index + 1) names DOMID_ANY (\(domid)), every domain in Xen 4.22; \(self.name) has no such domain and keeps the entry as a stale one that grants nothing")
                continue
            }
            let allowed = domid <= DomainID.maxReal || (domid == DomainID.any && index > 0 && !oxenstored)
                || (domid == DomainID.invalid && index == 0 && oxenstored)
            if !allowed { found(.permissionDomid, location, "NODE_DATA \(shown): permission \(index + 1) names domid \(domid), outside 0–\(DomainID.maxReal)") }
            if permission.isStale {
                found(.inexpressibleStalePermission, location, "NODE_DATA \(shown): permission \(index + 1) is stale, which the oxenstored dump cannot express")
            }
        }
    }

    /// The rules of a committed node's place in the store: its owner introduced, its parent
    /// before it, the path once. Remembers the path (`maxNodes` at most).
    private func place(_ path: UnsafeRawBufferPointer, owner: UInt16?, at location: () -> SourceLocation?) throws {
        sawNode = true
        var shown: String { Bytes(path).escapedForDisplay }  // only when a message needs it
        if let owner, !ringDomains[Int(owner)] {
            found(.ownerWithoutConnection, location, "NODE_DATA \(shown) is owned by domain \(owner), which no earlier ring connection introduces; \(self.name) aborts the restore")
        }
        nodes += 1
        if nodes > maxNodes { throw ReadLimits.tooManyNodes(maxNodes, at: location()) }
        // The parent: up to the last slash, unless that is the root's (which always exists).
        var parentMissing: UnsafeRawBufferPointer?
        if path.first == UInt8(ascii: "/"), let slash = PathRules.lastSlash(in: path), slash > 0 {
            let parent = UnsafeRawBufferPointer(rebasing: path[..<slash])
            if !paths.contains(parent) { parentMissing = parent }
        }
        // Added once: a path already there is given twice (its parent then said nothing new).
        guard paths.insert(path, fingerprint: SeenPaths.fingerprint(path)) else {
            found(.nodeDuplicated, location, "NODE_DATA \(shown) is duplicated")
            return
        }
        if let parent = parentMissing {
            found(.nodeBeforeParent, location, "NODE_DATA \(shown) comes before its parent \(Bytes(parent).escapedForDisplay), or without it")
        }
    }

    private func check(_ domain: DomainData, at location: () -> SourceLocation?) {
        if domain.features != nil, let version = streamVersion ?? target?.writeVersion, version < 2 {
            found(.recordOutsideVersion, location, "DOMAIN_DATA of domain \(domain.domid) has features, which a version-\(version) stream cannot hold (they are version 2 only)")
        }
        if !ringDomains[Int(domain.domid)] {
            found(.domainWithoutRing, location, "DOMAIN_DATA for domain \(domain.domid), which no earlier ring CONNECTION_DATA introduces" + (target?.daemon == .c
                ? ": \(self.name) stops the restore (\"referenced domain not found\"), so the live update kills it (C 4.21 and 4.22 write such a record for a domain a permission names but that was never introduced)"
                : ""))
        }
        guard let target, target.restoredKinds.contains(.domain) else { return }
        if let supported = target.features, let features = domain.features, features & ~supported != 0 {
            found(.domainFeatures, location, "DOMAIN_DATA of domain \(domain.domid) offers features \(DomainFeatures.describe(features)); \(target.name) implements only \(DomainFeatures.describe(supported)) but stores the field as it is and offers the guest what it lacks")
        }
        if !target.restoresQuotas, !domain.quotas.isEmpty {
            found(.ignoredDomainQuotas, location, "DOMAIN_DATA of domain \(domain.domid) has \(domain.quotas.count) quotas, which \(target.name) ignores (the domain gets its defaults)")
        }
    }

    // MARK: The end

    /// The checks that need the whole input.
    func finish() {
        if mode == .everyFinding { reportUnpadded() }
        guard !stopped else { return }
        for (connection, location) in watchedBeforeDefined.sorted(by: { $0.key < $1.key }) where !connections.contains(connection) {
            found(.watchOfMissingConnection, { location }, "a watch of conn-id \(connection), which no CONNECTION_DATA defines: \(name) cannot restore it")
        }
        if !sawGlobal { found(.globalMissing, { nil }, "no GLOBAL_DATA; \(name) crashes without it") }
        if !ringDomains[0] { found(.dom0Missing, { nil }, "no ring connection for dom0; \(name) crashes without it") }
        for special in PathRules.specialNodes where !specialNodes.contains(special) {
            found(.specialNodeMissing, { nil }, "no \(special.escapedForDisplay) node: \(name) gives it default permissions")
        }
        if mode == .everyFinding { report.sortByLocation() }
    }
}
