/// What one real daemon loads: the facts `validate` checks against and `convert --target`
/// writes for. How grave each fault is for it is its column in `Rule.severities`. Each line is
/// backed by a run of the real daemon or by its source (FORMATS.md, corpus/README.md,
/// docs/versions.md).
public struct TargetProfile: Hashable, Sendable {
    /// The name `--target` takes and messages print: `xenstored-4.17`, `oxenstored`, …
    public var name: String
    /// One line of which versions it covers and what they restore, as `xsconvert formats` and
    /// `validate --help` list it.
    public var summary: String
    /// Which daemon it is, C xenstored or oxenstored: how it is shaped for and how its
    /// store is ordered.
    public var daemon: Daemon
    /// The format the daemon restores from.
    public var format: String
    /// Binary stream: the byte order the daemon reads and is written; nil for oxenstored.
    public var byteOrder: ByteOrder?
    /// Binary stream: the stream versions the daemon reads, the highest being the one written
    /// for it (`writeVersion`); nil for oxenstored.
    public var streamVersions: ClosedRange<UInt32>?
    /// Record kinds the daemon restores; others are skipped (C) or cannot be expressed.
    public var restoredKinds: Set<Record.Kind>
    /// Largest value the daemon restores (oxenstored skips larger ones: quota-maxsize).
    public var maxValueLength: Int
    /// Largest absolute path the daemon can use.
    public var maxPathLength: Int
    /// Whether DOMID_ANY (0x7FF5) may appear in permissions (Xen 4.22).
    public var allowsDomidAny: Bool
    /// C: where its own dump puts the special nodes, the order it restores from
    /// (`RestoreOrder`); `nil` for oxenstored.
    public var specialNodes: RestoreOrder.SpecialNodes?
    /// The `XENSTORE_SERVER_FEATURE_*` bits the daemon implements, which is what it gives a
    /// domain by default (`XENSTORE_FEATURES` in its domain.c); `nil` where it keeps no
    /// features (no DOMAIN_DATA).
    public var features: UInt32?
    /// Whether it applies the quota values of GLOBAL_QUOTA_DATA and DOMAIN_DATA (4.22) rather
    /// than ignoring them (4.21).
    public var restoresQuotas: Bool
    /// Whether it reads a connection's unique-id (4.21+: compared with the hypervisor's after
    /// the restore, a domain whose id differs being taken for a new one).
    public var knowsUniqueIDs: Bool
    /// The WATCH_DATA_EXTENDED layout its reader restores, where it reads the record at all.
    public var watchExtendedLayout: WatchExtendedLayout?
    /// oxenstored: which one (`OxenstoredDialect`: watch depth, event channel, rings); `nil`
    /// for C.
    public var oxenstoredDialect: OxenstoredDialect? = nil

    /// C xenstored 4.17 to 4.20 (`xenstored-4.17`): stream version 1, records 1 to 5, the
    /// special nodes before the tree.
    public static let xenstored417 = TargetProfile(
        name: "xenstored-4.17",
        summary: "C xenstored 4.17 to 4.20 on x86: binary stream, little-endian, version 1, records 1 to 5",
        daemon: .c, format: "binary", byteOrder: .little, streamVersions: 1...1,
        restoredKinds: [.global, .connection, .watch, .node],
        maxValueLength: 4096, maxPathLength: 3072, allowsDomidAny: false,
        specialNodes: .beforeTree, features: nil, restoresQuotas: false, knowsUniqueIDs: false, watchExtendedLayout: nil)

    /// C xenstored 4.21.1 and later 4.21 (`xenstored-4.21`): stream version 2 with
    /// DOMAIN_DATA and unique-ids, the special nodes after the tree; skips quotas and watch
    /// depths.
    public static let xenstored421 = TargetProfile(
        name: "xenstored-4.21",
        summary: "C xenstored 4.21.1 and later 4.21 on x86 (4.21.0 crashes on every live update): binary stream, little-endian, version 2; skips GLOBAL_QUOTA_DATA and WATCH_DATA_EXTENDED, ignores domain quotas; features ERROR",
        daemon: .c, format: "binary", byteOrder: .little, streamVersions: 1...2,
        restoredKinds: [.global, .connection, .watch, .node, .domain],
        maxValueLength: 4096, maxPathLength: 3072, allowsDomidAny: false,
        specialNodes: .afterTree, features: DomainFeatures.error, restoresQuotas: false, knowsUniqueIDs: true,
        watchExtendedLayout: nil)

    /// C xenstored 4.22.0 (`xenstored-4.22`): stream version 2 with quotas, watch depths
    /// (WATCH_DATA_EXTENDED without padding) and DOMID_ANY in permissions.
    public static let xenstored422 = TargetProfile(
        name: "xenstored-4.22",
        summary: "C xenstored 4.22.0 on x86: binary stream, little-endian, version 2, with quotas, watch depth (in the layout its reader restores) and DOMID_ANY; features ERROR, WATCHDEPTH, DOMID_ANY",
        daemon: .c, format: "binary", byteOrder: .little, streamVersions: 1...2,
        restoredKinds: [.global, .connection, .watch, .watchExtended, .node, .globalQuota, .domain],
        maxValueLength: 4096, maxPathLength: 3072, allowsDomidAny: true,
        specialNodes: .afterTree, features: DomainFeatures.error | DomainFeatures.watchDepth | DomainFeatures.domidAny,
        restoresQuotas: true, knowsUniqueIDs: true, watchExtendedLayout: .noPad)

    /// The oxenstored in Xen's tree, 4.17 (`oxenstored`, `OxenstoredDialect.xen`): the
    /// live-update text dump, rings mapped by mfn, the inherited event channel kept, no watch
    /// depths.
    public static let oxenstored = TargetProfile(
        name: "oxenstored",
        summary: "oxenstored in Xen's tree, 4.17 (Debian's configuration): live-update text dump; maps rings by mfn, keeps its event channel; no watch depth",
        daemon: .oxenstored, format: "oxenstored", byteOrder: nil, streamVersions: nil,
        restoredKinds: [.global, .connection, .watch, .node],
        maxValueLength: 2048, maxPathLength: 1024, allowsDomidAny: false,
        specialNodes: nil, features: nil, restoresQuotas: false, knowsUniqueIDs: false, watchExtendedLayout: nil,
        oxenstoredDialect: .xen)

    /// The xapi-project fork of oxenstored (`OxenstoredDialect.xapi`).
    public static let oxenstoredXapi = TargetProfile(
        name: "oxenstored-xapi",
        summary: "the xapi-project fork of oxenstored (XenServer, XCP-ng; commit 7e79ad8a031c): live-update text dump with watch depths; maps rings by grant, opens its own event channel",
        daemon: .oxenstored, format: "oxenstored", byteOrder: nil, streamVersions: nil,
        restoredKinds: [.global, .connection, .watch, .watchExtended, .node],
        maxValueLength: 2048, maxPathLength: 1024, allowsDomidAny: false,
        specialNodes: nil, features: nil, restoresQuotas: false, knowsUniqueIDs: false, watchExtendedLayout: nil,
        oxenstoredDialect: .xapi)

    /// Every profile, in the order `xsconvert formats` lists them: the C daemons oldest
    /// first, then the oxenstoreds.
    public static let all = [xenstored417, xenstored421, xenstored422, oxenstored, oxenstoredXapi]

    /// The profile `--target` names, matched without regard to case; throws a usage error
    /// listing the known names for any other.
    public static func named(_ name: String) throws -> TargetProfile {
        guard let profile = all.first(where: { $0.name == name.lowercased() }) else {
            throw ConversionError(.usage, "unknown target '\(name)'; known targets: \(all.map(\.name).joined(separator: ", "))")
        }
        return profile
    }

    /// The daemon that reads what is written as `info` says, a binary stream's
    /// WATCH_DATA_EXTENDED in `watchExtendedLayout`: the oldest C daemon that reads the
    /// stream's version, or the one whose layout it is; the oxenstored whose dialect a text dump
    /// is in (the in-tree one's unless named); nil for what no daemon reads (JSON, a listing,
    /// the seed's layout).
    public static func reading(_ info: StreamInfo, watchExtendedLayout: WatchExtendedLayout? = nil) -> TargetProfile? {
        guard info.format != BinaryStreamAdapter.formatName else {
            guard info.dialect ?? BinaryStreamAdapter.standardDialect == BinaryStreamAdapter.standardDialect else { return nil }
            let readers = all.filter { $0.format == info.format && $0.streamVersions?.contains(info.version ?? 1) == true }
            return readers.first { $0.watchExtendedLayout != nil && $0.watchExtendedLayout == watchExtendedLayout } ?? readers.first
        }
        let dialect = info.format == OxenstoredAdapter.formatName ? info.dialect ?? OxenstoredDialect.standard.rawValue : nil
        return all.first { $0.format == info.format && $0.oxenstoredDialect?.rawValue == dialect }
    }

    /// The version a conversion for this target writes: the highest it reads.
    public var writeVersion: UInt32? { streamVersions?.upperBound }
}

/// The `XENSTORE_SERVER_FEATURE_*` bits (xen/include/public/io/xs_wire.h) a daemon offers a
/// domain in DOMAIN_DATA.
public enum DomainFeatures {
    /// `XENSTORE_SERVER_FEATURE_RECONNECTION` (0x1): a guest may ask, through its ring's
    /// connection state, to have the ring reset; no profile's daemon gives it by default.
    public static let reconnection: UInt32 = 0x1
    /// `XENSTORE_SERVER_FEATURE_ERROR` (0x2): the daemon reports a broken ring in the ring's
    /// error field; C xenstored 4.21 and 4.22 give it.
    public static let error: UInt32 = 0x2
    /// `XENSTORE_SERVER_FEATURE_WATCHDEPTH` (0x4): XS_WATCH takes a depth; C xenstored 4.22
    /// gives it.
    public static let watchDepth: UInt32 = 0x4
    /// `XENSTORE_SERVER_FEATURE_DOMID_ANY` (0x8): a permission may name DOMID_ANY (0x7FF5);
    /// C xenstored 4.22 gives it.
    public static let domidAny: UInt32 = 0x8

    /// `0x2 (ERROR)`, `0xe (ERROR, WATCHDEPTH, DOMID_ANY)`.
    public static func describe(_ features: UInt32) -> String {
        let names = [(reconnection, "RECONNECTION"), (error, "ERROR"), (watchDepth, "WATCHDEPTH"), (domidAny, "DOMID_ANY")]
            .filter { features & $0.0 != 0 }.map(\.1)
        let unknown = features & ~(reconnection | error | watchDepth | domidAny)
        let all = names + (unknown != 0 ? ["0x" + String(unknown, radix: 16)] : [])
        return "0x" + String(features, radix: 16) + (all.isEmpty ? "" : " (\(all.joined(separator: ", ")))")
    }
}
