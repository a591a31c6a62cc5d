/// Which oxenstored a text dump is written for. Both read and write the same lines but for
/// what this type says (read in each one's source: Xen 4.17's tools/ocaml/xenstored, the
/// xapi-project fork at 7e79ad8a031c, `xenstored.ml` `DB.from_channel_f`):
///
/// | | `xen` (oxenstored in Xen's tree, 4.17–4.19) | `xapi` (the xapi-project fork) |
/// |---|---|---|
/// | `watch` line | 4 fields; a fifth makes it skip the line | an optional fifth field, the depth (decimal, ≥ 0) |
/// | special watch with a depth | — | only depth 1; `@releaseDomain/<domid>` takes none |
/// | `evtchn-dev` line | reuses the handle and its DOM_EXC port | ignored ("Not supported"): a fresh handle, VIRQ_DOM_EXC bound afresh |
/// | a guest's ring | mapped by its mfn | mapped through the guest's reserved grant; the mfn only recorded |
///
/// The reader takes both (a depth is kept, with a warning that the in-tree daemon skips the
/// line); the writer writes the depth field only for `xapi`.
public enum OxenstoredDialect: String, CaseIterable, Sendable {
    /// oxenstored in Xen's tree (4.17 to 4.19).
    case xen
    /// The xapi-project fork (XenServer, XCP-ng).
    case xapi

    /// The in-tree daemon's dialect, written unless another is asked for.
    public static let standard = OxenstoredDialect.xen

    /// Whether a watch line may carry the watch's depth as its fifth field.
    public var writesWatchDepth: Bool { self == .xapi }

    /// Whether it uses the `evtchn-dev` line's handle and DOM_EXC port (the fork opens a fresh
    /// handle on every restore and binds VIRQ_DOM_EXC on it; the inherited fd leaks).
    public var usesInheritedEventChannel: Bool { self == .xen }

    /// Whether it maps a guest's ring by the `dom` line's mfn (the fork maps the reserved
    /// grant, `GNTTAB_RESERVED_XENSTORE`, and only records the mfn: compared when the
    /// toolstack introduces the domain again).
    public var mapsGuestRingsByFrame: Bool { self == .xen }

    /// The dialect named `name`, or a usage error naming the known ones.
    public static func named(_ name: String) throws -> OxenstoredDialect {
        guard let dialect = OxenstoredDialect(rawValue: name) else {
            throw ConversionError(.usage, "unknown oxenstored dialect '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return dialect
    }

    /// Why the fork refuses a watch on `path` with `depth` (it skips such a line on restore
    /// and answers EINVAL to such an XS_WATCH: `Connections.add_watch`), or nil. A depth on a
    /// special watch only makes its events name the domain (`@introduceDomain/<domid>`).
    public static func forkWatchDepthProblem(path: Bytes, depth: UInt16) -> String? {
        guard path.first == UInt8(ascii: "@") else { return nil }
        if path.starts(with: Bytes(utf8: "@releaseDomain/")) {
            return "the xapi fork takes no depth on an @releaseDomain/<domid> watch"
        }
        return depth == 1 ? nil : "the xapi fork takes only depth 1 on a special watch (\(depth) given)"
    }
}
