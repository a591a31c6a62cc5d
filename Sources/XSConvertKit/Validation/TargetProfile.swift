/// What one real daemon loads, and how it fails on what it does not: the facts `validate`
/// checks against and `convert --target` writes for. Each line is backed by a run of the real
/// daemon (FORMATS.md, corpus/README.md).
public struct TargetProfile: Hashable, Sendable {
    public var name: String
    public var summary: String
    public var daemon: Daemon
    /// The format the daemon restores from.
    public var format: String
    /// Binary stream: the byte order and versions the daemon accepts, and the version to write.
    public var byteOrder: ByteOrder?
    public var streamVersions: ClosedRange<UInt32>?
    /// Record kinds the daemon restores; others are skipped (C) or cannot be expressed.
    public var restoredKinds: Set<Record.Kind>
    /// GLOBAL_DATA must come first (C: SIGSEGV otherwise).
    public var needsGlobalFirst: Bool
    /// dom0's ring connection must come before the other connections (C: SIGSEGV otherwise).
    public var needsDom0First: Bool
    /// Every node's owner must be a domain introduced by a ring connection (C: FATAL).
    public var needsOwnerConnections: Bool
    /// Pending-transaction nodes are applied as committed (C 4.17): they corrupt the store.
    public var appliesPendingNodesAsCommitted: Bool
    /// Largest value the daemon restores (oxenstored skips larger ones: quota-maxsize).
    public var maxValueLength: Int
    /// Largest absolute path the daemon can use.
    public var maxPathLength: Int
    /// Whether DOMID_ANY (0x7FF5) may appear in permissions (Xen 4.22).
    public var allowsDomidAny: Bool

    public static let xenstored417 = TargetProfile(
        name: "xenstored-4.17",
        summary: "C xenstored 4.17–4.20 on x86: binary stream, little-endian, version 1, records 1–5",
        daemon: .c, format: "binary", byteOrder: .little, streamVersions: 1...1,
        restoredKinds: [.global, .connection, .watch, .node],
        needsGlobalFirst: true, needsDom0First: true, needsOwnerConnections: true,
        appliesPendingNodesAsCommitted: true, maxValueLength: 4096, maxPathLength: 3072, allowsDomidAny: false)

    public static let xenstored421 = TargetProfile(
        name: "xenstored-4.21",
        summary: "C xenstored 4.21+ on x86: binary stream, little-endian, versions 1–2, records 1–8",
        daemon: .c, format: "binary", byteOrder: .little, streamVersions: 1...2,
        restoredKinds: [.global, .connection, .watch, .watchExtended, .node, .globalQuota, .domain],
        needsGlobalFirst: true, needsDom0First: true, needsOwnerConnections: true,
        appliesPendingNodesAsCommitted: true, maxValueLength: 4096, maxPathLength: 3072, allowsDomidAny: false)

    public static let oxenstored = TargetProfile(
        name: "oxenstored",
        summary: "oxenstored 4.17 (Debian's configuration): live-update text dump",
        daemon: .oxenstored, format: "oxenstored", byteOrder: nil, streamVersions: nil,
        restoredKinds: [.global, .connection, .watch, .node],
        needsGlobalFirst: false, needsDom0First: false, needsOwnerConnections: false,
        appliesPendingNodesAsCommitted: false, maxValueLength: 2048, maxPathLength: 1024, allowsDomidAny: false)

    public static let all = [xenstored417, xenstored421, oxenstored]

    public static func named(_ name: String) throws -> TargetProfile {
        guard let profile = all.first(where: { $0.name == name.lowercased() }) else {
            throw ConversionError(.usage, "unknown target '\(name)'; known targets: \(all.map(\.name).joined(separator: ", "))")
        }
        return profile
    }

    /// The version a conversion for this target writes: the highest it reads.
    public var writeVersion: UInt32? { streamVersions?.upperBound }
}
