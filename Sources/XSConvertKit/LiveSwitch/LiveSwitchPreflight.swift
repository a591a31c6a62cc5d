import Glibc
/// `xsconvert live-switch check`: every reason a switch would be refused that can be known
/// without starting a live update, from the running daemon (read over its socket as dom0
/// sees it) and from the files the switch trusts. A live update on a host is not free (the
/// store pauses; a refused one is a rollback), so an operator fixes all of these first.
///
/// What only the daemon's dump shows (data queued on a ring, a request read but not answered,
/// a domain's own quotas in C 4.21) is still found by the successor itself.
public struct LiveSwitchPreflight {
    /// The switch to check, as the host's configuration file describes it: the socket to
    /// read, the daemons, the new daemon's quotas and the files the switch trusts.
    public let configuration: LiveSwitchConfiguration

    /// A check of the switch `configuration` describes; nothing is read until `readHost`.
    public init(configuration: LiveSwitchConfiguration) {
        self.configuration = configuration
    }

    /// The running host as the check sees it.
    public struct Host {
        /// The process serving the socket.
        public var daemon: DaemonProbe
        /// The store, as dom0 reads it.
        public var store: Snapshot
        /// For each guest under `/local/domain` (domid > 0): whether the daemon knows it
        /// (`XS_IS_DOMAIN_INTRODUCED`).
        public var introduced: [UInt16: Bool]
        /// C xenstored only: the open transactions of each domain it answered for
        /// (`XS_CONTROL quota DOMID`; a socket client's count as dom0's).
        public var transactions: [UInt16: Int]

        /// A host as given: what `readHost` reads, or one a test makes up for `reasons`.
        public init(daemon: DaemonProbe, store: Snapshot, introduced: [UInt16: Bool], transactions: [UInt16: Int]) {
            self.daemon = daemon
            self.store = store
            self.introduced = introduced
            self.transactions = transactions
        }
    }

    /// Reads the host over the configuration's socket.
    public func readHost(timeout: Double = 5) throws -> Host {
        let daemon = try DaemonProbe.probe(socket: configuration.socket, timeout: timeout)
        let connection = try XenstoreConnection(socket: configuration.socket, timeout: timeout)
        let store = try LiveStoreReader(connection).read()
        var introduced: [UInt16: Bool] = [:], transactions: [UInt16: Int] = [:]
        for domid in Self.guests(in: store) {
            let answer = try? connection.request(XenstoreMessage.Kind.isDomainIntroduced, String(domid))
            introduced[domid] = answer.map { $0.first == UInt8(ascii: "T") }
        }
        if configuration.sourceDaemon == .c {
            for domid in [0] + introduced.filter(\.value).keys.sorted() {
                guard let reply = try? connection.request(XenstoreMessage.Kind.control, "quota", String(domid)),
                      let count = Self.transactions(inQuotaReport: String(decoding: reply.prefix { $0 != 0 }, as: UTF8.self)) else { continue }
                transactions[domid] = count
            }
        }
        return Host(daemon: daemon, store: store, introduced: introduced, transactions: transactions)
    }

    /// Why the switch from `host` would be refused, one line each; empty when nothing stands
    /// in the way.
    public func reasons(_ host: Host) -> [String] {
        let target = configuration.target.name
        var reasons: [String] = []
        if host.daemon.isRunning(configuration.daemon) {
            reasons.append("pid \(host.daemon.pid) already runs \(configuration.daemon)")
        } else if let original = configuration.original, let running = host.daemon.executable,
                  DaemonProbe.resolved(running) != DaemonProbe.resolved(original) {
            reasons.append("pid \(host.daemon.pid) runs \(running), not \(original), which the successor restarts if a switch cannot be made")
        }
        reasons += configuration.quotas.problems(in: host.store, daemonName: target).map { "over \(target)'s quota: " + $0 }
        let nodes = Dictionary(host.store.nodes.map { (ByteKey($0.path), $0) }, uniquingKeysWith: { first, _ in first })
        func value(_ domid: UInt16, _ name: String) -> String? {
            nodes[ByteKey(Bytes("/local/domain/\(domid)/\(name)".utf8))].map { String(decoding: $0.value, as: UTF8.self) }
        }
        for domid in Self.guests(in: host.store) {
            if let guest = value(domid, "target") {
                reasons.append("domain \(domid) is a device-model stub domain acting for domain \(guest) (/local/domain/\(domid)/target): "
                    + (configuration.target.daemon == .oxenstored
                        ? "oxenstored's dump cannot hold that link (XS_SET_TARGET)"
                        : "oxenstored answers its own live update BUSY while one exists, since its dump cannot hold the link"))
            }
            guard configuration.target.daemon == .oxenstored, host.introduced[domid] == true else { continue }
            let missing = ["store/ring-ref", "store/port"].filter { value(domid, $0).map { Int($0) == nil } ?? true }
            if !missing.isEmpty {
                reasons.append("domain \(domid) has no valid \(missing.joined(separator: " or ")): oxenstored maps a guest's ring by the frame its store/ring-ref names")
            }
        }
        for (domid, count) in host.transactions.sorted(by: { $0.key < $1.key }) where count > 0 {
            reasons.append("domain \(domid) has \(count) open transaction\(count == 1 ? "" : "s"): oxenstored's dump holds none, so the live update waits for them (xenstore-control -t) and fails if they outlast it")
        }
        return reasons
    }

    /// What is wrong with the files the switch trusts: the configuration (at `path`), the
    /// successor script, the daemon to become and the one to restart, and `also` (runnable,
    /// and writable by root alone: `StrictModes`).
    public func fileProblems(configurationPath path: String, also: [(path: String, what: String)] = []) -> [String] {
        var problems = StrictModes.problems(path, what: "the configuration") + LiveSwitch.problems(trusting: configuration)
        if let original = configuration.original { problems += LiveSwitch.problems(running: original) }
        return problems + also.flatMap { StrictModes.problems($0.path, what: $0.what) }
    }

    /// The domids under `/local/domain` other than dom0's.
    static func guests(in store: Snapshot) -> [UInt16] {
        let prefix = Bytes("/local/domain/".utf8)
        return store.nodes.compactMap { node -> UInt16? in
            guard node.path.starts(with: prefix) else { return nil }
            let rest = node.path.dropFirst(prefix.count)
            guard !rest.contains(UInt8(ascii: "/")), let domid = UInt16(String(decoding: rest, as: UTF8.self)), domid != 0 else { return nil }
            return domid
        }.sorted()
    }

    /// The count on the `transactions` line of C xenstored's `quota DOMID` answer
    /// (`transactions     :        1 (max       10)`).
    static func transactions(inQuotaReport text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).trimmingSpaces == "transactions" else { continue }
            return Int(parts[1].split(separator: " ").first ?? "")
        }
        return nil
    }
}
