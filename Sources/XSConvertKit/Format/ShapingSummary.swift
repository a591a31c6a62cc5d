/// What making a snapshot restorable for a target changed, in a few words each, for the one
/// line `convert --target` prints: `stream version 1 → 2`, `special nodes moved`,
/// `default features written for 3 domains`.
enum ShapingSummary {
    static func changes(from input: Snapshot, source: StreamInfo, to shaped: Snapshot, target: StreamInfo) -> [String] {
        var changes: [String] = []
        if source.format != target.format {
            changes.append("\(source.format) → \(target.format)")
        } else {
            if let from = source.version, let to = target.version, from != to { changes.append("stream version \(from) → \(to)") }
            if let from = source.byteOrder, let to = target.byteOrder, from != to { changes.append("\(from.rawValue)-endian → \(to.rawValue)-endian") }
        }
        let before = input.countsByKind, after = shaped.countsByKind
        for kind in Record.Kind.allCases {
            let added = (after[kind] ?? 0) - (before[kind] ?? 0)
            guard added != 0 else { continue }
            let what = kind == .domain && added > 0 ? " (the daemon's default features)" : ""
            changes.append("\(abs(added)) \(kind.rawValue) record\(abs(added) == 1 ? "" : "s") \(added > 0 ? "added" : "left out")\(what)")
        }
        let featureless = Set(input.domains.filter { $0.features == nil }.map(\.domid))
        let featured = shaped.domains.filter { $0.features != nil && featureless.contains($0.domid) }.count
        if featured > 0 { changes.append("default features written for \(featured) domain\(featured == 1 ? "" : "s")") }
        if specialNodePlaces(in: input) != specialNodePlaces(in: shaped) {
            changes.append("special nodes moved")
        }
        return changes
    }

    /// Where each special node stands: after which node (nil: first of the nodes).
    static func specialNodePlaces(in snapshot: Snapshot) -> [Bytes: Bytes?] {
        var places: [Bytes: Bytes?] = [:]
        var previous: Bytes?
        for case .node(let node) in snapshot.records where node.pending == nil {
            if node.isSpecial { places[node.path] = .some(previous) } else { previous = node.path }
        }
        return places
    }
}
