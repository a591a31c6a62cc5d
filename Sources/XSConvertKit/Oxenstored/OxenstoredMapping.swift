/// The mapping between oxenstored's dumps and the model, whose conventions are the migration
/// stream's (C xenstored's). Both directions live here and nowhere else; the adapters only
/// parse and print lines. `docs/oxenstored-mapping.md` tables every rule.
enum OxenstoredMapping {
    /// Each special node in oxenstored's spelling (a child of the root) and the stream's.
    static let specialNodes: [(text: Bytes, model: Bytes)] = [
        (Bytes(utf8: "/") + PathRules.releaseDomain, PathRules.releaseDomain),
        (Bytes(utf8: "/") + PathRules.introduceDomain, PathRules.introduceDomain),
    ]

    /// C xenstored's permissions for a special node it creates: owner dom0, no access for
    /// others (oxenstored's are the same).
    static let defaultSpecialPermissions = [Permission(access: Permission.none, domid: 0)]

    /// The model's path for an oxenstored path (in its canonical `/…` form).
    static func modelPath(_ textPath: Bytes) -> Bytes {
        specialNodes.first { $0.text == textPath }?.model ?? textPath
    }

    /// oxenstored's path for a model path.
    static func textPath(_ modelPath: Bytes) -> Bytes {
        specialNodes.first { $0.model == modelPath }?.text ?? modelPath
    }

    /// What one input line or record became, and what to tell the user about it.
    struct Output {
        var records: [Record] = []
        /// Set when oxenstored would skip the line (so `--strict` refuses it).
        var skipped: String?
        var warnings: [String] = []
        var synthesized: [String] = []
    }
}

// MARK: - oxenstored → model

extension OxenstoredMapping {
    /// Reads dump lines into records: conn-ids from 1 in dump order, watches attached to the
    /// `dom`/`socket` line they name, special nodes respelled, nodes admitted only below a
    /// restored parent (as oxenstored restores them), GLOBAL_DATA first.
    struct Reading {
        private var global: GlobalData?
        private var sawGlobalLine = false
        private var globalEmitted: Bool
        private var nextConnectionID: UInt32 = 1
        /// Latest conn-id of each `dom` line (by domid) and `socket` line (by fd).
        private var connectionByOwner: [Owner: UInt32] = [:]
        private var restoredPaths = SeenPaths()
        private var specialsSeen: Set<Bytes> = []

        /// How a watch line names its connection: a domid (≥ 0) or −fd, as oxenstored looks
        /// it up.
        private enum Owner: Hashable {
            case domain(Int64)
            case socket(Int64)

            init(watchID: Int64) { self = watchID < 0 ? .socket(-watchID) : .domain(watchID) }
        }

        /// `hasGlobalState`: whether the source has daemon state (the text dump) or only
        /// nodes (the legacy db, which gets no GLOBAL_DATA).
        init(hasGlobalState: Bool) {
            globalEmitted = !hasGlobalState
        }

        mutating func map(_ line: DumpLine) -> Output {
            var output = Output()
            switch line {
            case .global(let fd):
                guard !globalEmitted else { return lateGlobal("global") }
                if sawGlobalLine { output.warnings.append("a second global line; oxenstored uses the last one") }
                sawGlobalLine = true
                global = GlobalData(socketFD: fd, eventChannelFD: global?.eventChannelFD, domExcPort: global?.domExcPort)
                return output
            case .eventChannelDevice(let fd, let port):
                guard !globalEmitted else { return lateGlobal("evtchn-dev") }
                global = GlobalData(socketFD: global?.socketFD ?? -1, eventChannelFD: fd, domExcPort: port)
                return output
            case .socket(let fd):
                output = flushGlobal()
                connect(owner: .socket(Int64(fd)), endpoint: .socket(fd: fd), name: "socket \(fd)", into: &output)
            case .domain(let dom):
                output = flushGlobal()
                let ring = Connection.Ring(
                    domid: dom.domid, eventChannel: dom.localPort, mfn: dom.mfn, remotePort: dom.remotePort)
                if dom.localPort == nil {
                    output.warnings.append(
                        "dom \(dom.domid) has no local port (a dump from before oxenstored recorded it): for C xenstored, evtchn is written as 0, with which it keeps the domain but ignores its ring")
                }
                connect(owner: .domain(Int64(dom.domid)), endpoint: .ring(ring), name: "dom \(dom.domid)", into: &output)
            case .watch(let watch):
                output = flushGlobal()
                guard let connection = connectionByOwner[Owner(watchID: watch.owner)] else {
                    let name = watch.owner < 0 ? "socket \(-watch.owner)" : "dom \(watch.owner)"
                    output.skipped = "watch: no \(name) line before it (oxenstored finds no such connection)"
                    return output
                }
                output.records.append(.watch(Watch(connectionID: connection, path: watch.path, token: watch.token, depth: watch.depth)))
            case .store(let store):
                output = flushGlobal()
                let node = admit(store.path, permissions: store.permissions, value: store.value, into: &output)
                if let node { output.records.append(.node(node)) }
            }
            return output
        }

        // A plain line (`DumpLine.Plain`), read as it is: what `map` would do with it, when
        // that is to make its record and nothing else.

        /// Whether a plain node at `path` (canonical, not a special node's; `fingerprint` is
        /// `SeenPaths.fingerprint(path)`) maps to itself: the global records are out, its
        /// parent restored, and it was not restored before.
        func takesPlainNode(at path: UnsafeRawBufferPointer, fingerprint: UInt64) -> Bool {
            guard globalEmitted, let slash = PathRules.lastSlash(in: path) else { return false }
            return (slash == 0 || restoredPaths.contains(UnsafeRawBufferPointer(rebasing: path[..<slash])))
                && !restoredPaths.contains(path, fingerprint: fingerprint)
        }

        /// Records that the plain node at `path` was restored (once its record is taken).
        mutating func restoredPlainNode(at path: UnsafeRawBufferPointer, fingerprint: UInt64) {
            restoredPaths.insert(path, fingerprint: fingerprint)
        }

        /// The conn-id of a plain watch's connection, or nil if `map` would do more.
        func plainWatchConnection(owner: Int64) -> UInt32? {
            globalEmitted ? connectionByOwner[Owner(watchID: owner)] : nil
        }

        /// A node of the legacy db (nodes only), by its canonical oxenstored path.
        mutating func mapNode(path: Bytes, permissions: [Permission], value: Bytes) -> Output {
            var output = Output()
            if let node = admit(path, permissions: permissions, value: value, into: &output) {
                output.records.append(.node(node))
            }
            return output
        }

        /// What the end of the input adds: GLOBAL_DATA if no line came after the global
        /// lines, and the special nodes the source lacked.
        mutating func finish() -> Output {
            var output = flushGlobal()
            for special in OxenstoredMapping.specialNodes where !specialsSeen.contains(special.text) {
                output.records.append(.node(Node(path: special.model, permissions: OxenstoredMapping.defaultSpecialPermissions)))
                output.synthesized.append(
                    "special node \(special.model.excerpt) (not in the input) with C xenstored's default permissions n0")
            }
            return output
        }

        private mutating func flushGlobal() -> Output {
            var output = Output()
            guard !globalEmitted else { return output }
            globalEmitted = true
            if !sawGlobalLine {
                output.warnings.append(
                    "no usable global line: oxenstored would restore this dump but listen on nothing; rw-socket-fd is −1")
            } else if let global, global.socketFD < 0 {
                output.warnings.append(
                    "the global line names no listening socket (rw-socket-fd \(global.socketFD)): oxenstored would restore this dump but listen on nothing")
            }
            output.records.append(.global(global ?? GlobalData(socketFD: -1, eventChannelFD: nil)))
            return output
        }

        private func lateGlobal(_ kind: String) -> Output {
            var output = Output()
            output.warnings.append(
                "\(kind) line after the first connection or node; xsconvert ignores it (oxenstored writes it second or third, and reads it anywhere)")
            return output
        }

        /// `name` (for the warning about a second line) is made only if needed: most lines are no second.
        private mutating func connect(owner: Owner, endpoint: Connection.Endpoint, name: @autoclosure () -> String, into output: inout Output) {
            if connectionByOwner.updateValue(nextConnectionID, forKey: owner) != nil {
                output.warnings.append("a second \(name()) line; the watches after it attach to it, as in oxenstored")
            }
            output.records.append(.connection(Connection(id: nextConnectionID, endpoint: endpoint)))
            nextConnectionID += 1
        }

        private mutating func admit(_ path: Bytes, permissions: [Permission], value: Bytes, into output: inout Output) -> Node? {
            if path != OxenstoredPath.root, case let parent = OxenstoredPath.parent(of: path),
               parent != OxenstoredPath.root, !restoredPaths.contains(parent) {
                output.skipped = "store \(path.excerpt): its parent has not been restored yet (oxenstored creates no parents)"
                return nil
            }
            if !restoredPaths.insert(path) {
                output.warnings.append(
                    "store \(path.excerpt) appears again: oxenstored keeps the last, C xenstored the first")
            }
            let modelPath = OxenstoredMapping.modelPath(path)
            if modelPath != path { specialsSeen.insert(path) }
            return Node(path: modelPath, value: value, permissions: permissions)
        }
    }
}

// MARK: - model → oxenstored

extension OxenstoredMapping {
    /// Turns records into dump lines: watches name their connection by domid or −fd and
    /// follow its line, special nodes are respelled, what the text cannot hold is reported as
    /// a loss, and what it needs but the model lacks is synthesized.
    struct Writing {
        let diagnostics: Diagnostics
        /// Which oxenstored the lines are for: whether a watch line carries its depth.
        let dialect: OxenstoredDialect
        private var ownerByConnection: [UInt32: Int64] = [:]
        /// Connections written without a line (unknown type): their watches are lost too.
        private var unwritableConnections: Set<UInt32> = []
        /// Socket connections with fd ≤ 0, which a watch line cannot name (−fd would read as
        /// a domid).
        private var unnameableSockets: Set<UInt32> = []
        /// Watches that came before their connection, in order.
        private var waitingWatches: [UInt32: [Watch]] = [:]
        private var writtenPaths = SeenPaths()
        private var specialsSeen: Set<Bytes> = []
        /// Whether a line other than the global lines was written: the reader takes global
        /// lines only before the first of those.
        private var wroteOtherLines = false
        private var wroteGlobal = false

        init(diagnostics: Diagnostics, dialect: OxenstoredDialect = .standard) {
            self.diagnostics = diagnostics
            self.dialect = dialect
        }

        mutating func lines(for record: Record) -> [DumpLine] {
            if case .global(let global) = record { return globalLines(global) }
            return leadingGlobal(lines(forOther: record))
        }

        /// `lines`, after a `global,-1` line if no global line was written before them: what
        /// the reader makes of a dump without one.
        private mutating func leadingGlobal(_ lines: [DumpLine]) -> [DumpLine] {
            guard !lines.isEmpty else { return lines }
            wroteOtherLines = true
            guard !wroteGlobal else { return lines }
            wroteGlobal = true
            diagnostics.synthesized("a global line, as the input has no GLOBAL_DATA before its connections and nodes: global,-1 (the restored daemon listens on nothing)")
            return [.global(socketFD: -1)] + lines
        }

        private mutating func lines(forOther record: Record) -> [DumpLine] {
            switch record {
            case .global: return []
            case .connection(let connection): return connectionLines(connection)
            case .watch(let watch): return watchLines(watch)
            case .node(let node): return nodeLines(node)
            case .transaction(let transaction):
                diagnostics.lose("transaction (the text dump has none)", example: "tx-id \(transaction.id) on conn-id \(transaction.connectionID)")
            case .globalQuota(let quota):
                diagnostics.lose("quota settings (GLOBAL_QUOTA_DATA)", example: "\(quota.domainDefaults.count + quota.global.count) quotas")
            case .domain(let domain):
                diagnostics.lose("per-domain data (DOMAIN_DATA)",  example: "domain \(domain.domid): \(domain.quotas.count) quotas" + (domain.features.map { ", features 0x" + String($0, radix: 16) } ?? ""))
            case .unknown(let unknown):
                diagnostics.lose("record of unknown type", example: "type \(unknown.type), \(unknown.body.count) bytes")
            }
            return []
        }

        /// Lines the end of the input adds (special nodes the model lacked), after reporting
        /// watches whose connection never came.
        mutating func finish() -> [DumpLine] {
            for (connection, watches) in waitingWatches.sorted(by: { $0.key < $1.key }) {
                for watch in watches {
                    diagnostics.lose("watch of a connection that is not in the input",
                                     example: "conn-id \(connection): \(watch.path.excerpt)")
                }
            }
            waitingWatches = [:]
            var lines: [DumpLine] = []
            for special in OxenstoredMapping.specialNodes where !specialsSeen.contains(special.model) {
                diagnostics.synthesized("special node \(special.text.excerpt) (not in the input) with C xenstored's default permissions n0")
                lines.append(.store(.init(path: special.text, permissions: OxenstoredMapping.defaultSpecialPermissions, value: [])))
            }
            return leadingGlobal(lines)
        }

        private mutating func globalLines(_ global: GlobalData) -> [DumpLine] {
            guard !wroteOtherLines, !wroteGlobal else {
                diagnostics.lose(
                    wroteOtherLines ? "GLOBAL_DATA after connections or nodes (the dump's reader takes global lines only before them)"
                                    : "a second GLOBAL_DATA (the dump keeps one global line)",
                    example: "rw-socket-fd \(global.socketFD)")
                return []
            }
            wroteGlobal = true
            var lines: [DumpLine] = [.global(socketFD: global.socketFD)]
            if let port = global.domExcPort {
                lines.append(.eventChannelDevice(fd: global.eventChannelFD ?? -1, domExcPort: port))
            } else if let fd = global.eventChannelFD, fd >= 0 {
                diagnostics.lose(
                    "event-channel fd without oxenstored's DOM_EXC port (no evtchn-dev line: oxenstored opens a fresh handle)",
                    example: "evtchn-fd \(fd)")
            }
            return lines
        }

        private mutating func connectionLines(_ connection: Connection) -> [DumpLine] {
            let id = connection.id
            if let uniqueID = connection.uniqueID {
                diagnostics.lose("connection unique-id", example: "conn-id \(id): \(uniqueID)")
            }
            if !connection.pendingInput.isEmpty || !connection.pendingOutput.isEmpty {
                diagnostics.lose(
                    "pending input/output data of a connection (oxenstored refuses a live update while any exists)",
                    example: "conn-id \(id): \(connection.pendingInput.count) bytes in, \(connection.pendingOutput.count) out")
            }
            var lines: [DumpLine]
            switch connection.endpoint {
            case .ring(let ring):
                if ring.targetDomid != DomainID.invalid {
                    diagnostics.lose("ring connection's target domain (SET_TARGET)", example: "dom \(ring.domid) target \(ring.targetDomid)")
                }
                // What the input lacks of the two (the seed's stream records the remote port, not the mfn).
                let missing = [ring.mfn == nil ? "mfn" : nil, ring.remotePort == nil ? "remote port" : nil].compactMap { $0 }
                if !missing.isEmpty {
                    let what = missing.joined(separator: " and ")
                    if ring.domid == 0 {
                        diagnostics.synthesized("dom0's \(what), not in the input: written as 0 (oxenstored ignores \(missing.count == 1 ? "it" : "both") for dom0)")
                    } else {
                        diagnostics.synthesized(
                            "a guest's \(what), not in the input: written as 0 (oxenstored 4.17 maps a guest's ring by its mfn and needs its remote port, so that domain's connection will not work; libxl keeps them in /local/domain/N/store/ring-ref and store/port)",
                            example: "dom \(ring.domid)")
                    }
                }
                ownerByConnection[id] = Int64(ring.domid)
                lines = [.domain(.init(domid: ring.domid, mfn: ring.mfn ?? 0, remotePort: ring.remotePort ?? 0, localPort: ring.eventChannel))]
            case .socket(let fd):
                ownerByConnection[id] = -Int64(fd)
                if fd <= 0 { unnameableSockets.insert(id) }
                lines = [.socket(fd: fd)]
            case .other(let type, _):
                diagnostics.lose("connection of an unknown type", example: "conn-id \(id): type \(type)")
                unwritableConnections.insert(id)
                lines = []
            }
            for watch in waitingWatches.removeValue(forKey: id) ?? [] { lines += watchLines(watch) }
            return lines
        }

        private mutating func watchLines(_ watch: Watch) -> [DumpLine] {
            let id = watch.connectionID
            if unwritableConnections.contains(id) {
                diagnostics.lose("watch of a connection of an unknown type", example: watch.path.excerpt)
                return []
            }
            guard let owner = ownerByConnection[id] else {
                waitingWatches[id, default: []].append(watch)
                return []
            }
            if unnameableSockets.contains(id) {
                diagnostics.lose("watch of a socket connection whose fd is not positive (a watch line names a socket by −fd)",
                                 example: watch.path.excerpt)
                return []
            }
            guard let depth = watch.depthLimit else { return [.watch(.init(owner: owner, path: watch.path, token: watch.token))] }
            if !dialect.writesWatchDepth {
                diagnostics.lose("watch depth (oxenstored in Xen's tree has no depth field)", example: "\(watch.path.excerpt) depth \(depth)")
            } else if let problem = OxenstoredDialect.forkWatchDepthProblem(path: watch.path, depth: depth) {
                diagnostics.lose("watch depth the xapi fork refuses (written as a plain watch)", example: "\(watch.path.excerpt): \(problem)")
            } else {
                return [.watch(.init(owner: owner, path: watch.path, token: watch.token, depth: depth))]
            }
            return [.watch(.init(owner: owner, path: watch.path, token: watch.token))]
        }

        private mutating func nodeLines(_ node: Node) -> [DumpLine] {
            if let pending = node.pending {
                diagnostics.lose("node pending in a transaction", example: "\(node.path.excerpt) (tx-id \(pending.transactionID))")
                return []
            }
            let path = OxenstoredMapping.textPath(node.path)
            guard OxenstoredPath.canonical(path) == path else {
                diagnostics.lose("node whose path oxenstored refuses", example: node.path.excerpt)
                return []
            }
            guard path == OxenstoredPath.root || OxenstoredPath.parent(of: path) == OxenstoredPath.root
                || writtenPaths.contains(OxenstoredPath.parent(of: path)) else {
                diagnostics.lose("node whose parent is not written before it (oxenstored would skip it)", example: node.path.excerpt)
                return []
            }
            guard let permissions = permissions(of: node) else { return [] }
            writtenPaths.insert(path)
            if node.isSpecial { specialsSeen.insert(node.path) }
            if node.value.count > DumpLine.debianMaximumValueSize {
                diagnostics.warn("\(node.path.excerpt): a value of \(node.value.count) bytes is over Debian's oxenstored quota-maxsize (\(DumpLine.debianMaximumValueSize)); that oxenstored would skip the node")
            }
            return [.store(.init(path: path, permissions: permissions, value: node.value))]
        }

        /// The node's permissions as oxenstored can hold them: stale grants dropped (C ignores
        /// them; the text has no flag), letters other than `n r w b` written as `n` (what C
        /// makes of them). `nil` for a node without permissions.
        private func permissions(of node: Node) -> [Permission]? {
            guard !node.permissions.isEmpty else {
                diagnostics.lose("node without permissions", example: node.path.excerpt)
                return nil
            }
            var kept: [Permission] = []
            for (index, permission) in node.permissions.enumerated() {
                if permission.isStale {
                    diagnostics.lose(
                        index == 0 ? "stale flag of a node's owner (written as a live owner)" : "stale permission entry (dropped: C ignores it)",
                        example: "\(node.path.excerpt): \(permission.description)")
                    if index > 0 { continue }
                }
                var written = Permission(access: permission.access, domid: permission.domid)
                if !permission.isKnownLetter {
                    diagnostics.lose("permission letter other than n, r, w, b (written as n, which C makes of it)",
                                     example: "\(node.path.excerpt): \(permission.description)")
                    written.access = Permission.none
                }
                kept.append(written)
            }
            return kept
        }
    }
}
