/// One restore rule: a fault `RuleCheck` looks for, how grave it is for each daemon profile
/// (nil: that daemon does not care), and what `convert --target` does about it. What each rule
/// checks and its message are written once, in `RuleCheck` (one call site a rule); every
/// consumer is a driver over it: `validate` (every finding, `Validator`), a conversion's
/// "would not restore" warning (the first error, `RestoreCheck`), `--target` (`TargetShaping`
/// repairs what the column of its profile marks), the live switch (which shapes and then
/// validates).
///
/// A new profile is a `TargetProfile` and a column in `Severities`: the compiler then asks for
/// its severity in every rule.
public enum Rule: String, CaseIterable, Sendable {
    // The input's encoding and framing
    /// The input is not in the format, byte order, version or dialect the daemon restores.
    case encoding
    /// A record (or field) the stream's version cannot hold: a watch depth or domain features in version 1.
    case recordOutsideVersion
    /// A record whose `len` leaves out its padding to 8 bytes: C reads the next record out of step.
    case unpaddedLength
    /// WATCH_DATA_EXTENDED whose `len` runs past the record (Xen 4.22.0's writer).
    case lengthOverrun
    /// WATCH_DATA_EXTENDED in a layout other than the one the daemon's reader restores.
    case watchLayout
    // What comes first, and what must be there
    /// A record before GLOBAL_DATA, which C needs first.
    case globalNotFirst
    /// GLOBAL_DATA after other records, which oxenstored's dump cannot place.
    case globalLate
    /// A second GLOBAL_DATA.
    case globalTwice
    /// No GLOBAL_DATA at all.
    case globalMissing
    /// GLOBAL_DATA names no listening socket: the daemon listens on nothing.
    case noListeningSocket
    /// The first connection is not dom0's ring, which C needs first.
    case dom0NotFirst
    /// dom0's ring connection after nodes.
    case dom0AfterNodes
    /// No ring connection for dom0.
    case dom0Missing
    /// A record type the daemon does not know and skips.
    case skippedRecord
    /// TRANSACTION_DATA, which the daemon ignores on restore.
    case ignoredTransaction
    /// A record the target's format cannot express.
    case inexpressibleRecord
    // Connections
    /// A connection with conn-id 0.
    case connectionIDZero
    /// A conn-id that an earlier connection has.
    case connectionIDDuplicated
    /// A ring connection of a domid no domain can have.
    case ringDomid
    /// A ring connection whose target domid names no domain and is not DOMID_INVALID.
    case ringTargetDomid
    /// A ring connection without its local event-channel port: C ignores the ring.
    case ringWithoutEventChannel
    /// A ring connection with neither a local nor a remote event-channel port: the xapi fork skips the domain.
    case ringUnbindable
    /// The inherited event-channel handle, which the xapi fork ignores (it binds VIRQ_DOM_EXC afresh).
    case ignoredEventChannel
    /// A connection's pending input or output, which the target's format cannot express.
    case inexpressiblePendingData
    /// A connection's unique-id, which the target's format cannot express.
    case inexpressibleUniqueID
    /// A connection's unique-id, which the daemon does not know.
    case unknownUniqueID
    // Watches and transactions
    /// A watch of a conn-id that no earlier connection defines.
    case watchWithoutConnection
    /// A watch of a connection the input never defines (oxenstored takes a watch before its connection).
    case watchOfMissingConnection
    /// A watch path xenstore refuses.
    case watchPath
    /// A watch depth, which the target's format cannot express.
    case inexpressibleWatchDepth
    /// A watch depth the daemon restores but its own next live update writes in a layout it misreads.
    case watchDepthMisreadLater
    /// A watch depth the daemon refuses (the xapi fork: a special watch's depth other than 1), skipping the watch.
    case refusedWatchDepth
    /// A transaction of a conn-id that no earlier connection defines.
    case transactionWithoutConnection
    /// A transaction given twice.
    case transactionDuplicated
    // Nodes
    /// A node path xenstore refuses.
    case nodePath
    /// A node path longer than the daemon takes.
    case nodePathLength
    /// A value longer than the daemon takes.
    case valueLength
    /// A node without permissions (the first names its owner).
    case noPermissions
    /// A permission letter other than n, r, w or b.
    case permissionLetter
    /// A permission naming a domid no domain can have.
    case permissionDomid
    /// A permission for DOMID_ANY, which a daemon before Xen 4.22 keeps as a stale entry.
    case staleDomidAny
    /// A stale permission, which the target's format cannot express.
    case inexpressibleStalePermission
    /// A node owned by a domain that no earlier ring connection introduces.
    case ownerWithoutConnection
    /// A pending node of a transaction that no earlier TRANSACTION_DATA defines.
    case pendingWithoutTransaction
    /// A node pending in a transaction, which the daemon would apply as committed.
    case pendingAppliedAsCommitted
    /// A node pending in a transaction, which the target's format cannot express.
    case inexpressiblePendingNode
    /// A special node (`@...`) that xenstored does not know.
    case unknownSpecialNode
    /// A special node given twice.
    case specialNodeDuplicated
    /// A special node the daemon would give default permissions, since the input has none.
    case specialNodeMissing
    /// A node given twice.
    case nodeDuplicated
    /// A node before its parent, or without it.
    case nodeBeforeParent
    // Domains
    /// DOMAIN_DATA for a domain that no earlier ring connection introduces.
    case domainWithoutRing
    /// Domain features the daemon does not implement.
    case domainFeatures
    /// Per-domain quotas, which the daemon ignores.
    case ignoredDomainQuotas

    /// How grave a finding is: an error the daemon fails on, or a warning of what it skips or loses.
    public typealias Severity = ValidationReport.Finding.Severity

    /// A rule's severity in each column: without a target (xenstore's own rules), and for each
    /// profile.
    public struct Severities: Sendable {
        var none: Severity?
        var xenstored417: Severity?
        var xenstored421: Severity?
        var xenstored422: Severity?
        var oxenstored: Severity?
        var oxenstoredXapi: Severity?

        /// The in-tree oxenstored's severity for the xapi fork too (the same dump, the same
        /// restore code but for what `Rule` gives the fork a column of its own).
        init(none: Severity?, xenstored417: Severity?, xenstored421: Severity?, xenstored422: Severity?, oxenstored: Severity?,
             oxenstoredXapi: Severity?? = nil) {
            (self.none, self.xenstored417, self.xenstored421, self.xenstored422) = (none, xenstored417, xenstored421, xenstored422)
            self.oxenstored = oxenstored
            self.oxenstoredXapi = oxenstoredXapi ?? oxenstored
        }

        /// The severity in `profile`'s column (nil: no target).
        public subscript(profile: TargetProfile?) -> Severity? {
            switch profile?.name {
            case nil: none
            case TargetProfile.xenstored417.name: xenstored417
            case TargetProfile.xenstored421.name: xenstored421
            case TargetProfile.xenstored422.name: xenstored422
            case TargetProfile.oxenstored.name: oxenstored
            case TargetProfile.oxenstoredXapi.name: oxenstoredXapi
            case let name?: preconditionFailure("no column for the profile \(name) in Rule.Severities")
            }
        }
    }

    /// How grave the fault is for `profile` (nil: no target), or nil where it is none.
    public func severity(for profile: TargetProfile?) -> Severity? { severities[profile] }

    /// This rule's severity for every profile, and without a target: its row of the table.
    public var severities: Severities {
        typealias S = Severities
        let error = Severity.error, warning = Severity.warning
        return switch self {
        //                                       none            4.17                  4.21                  4.22                  oxenstored (the xapi fork: the same unless given)
        case .encoding:                     S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .recordOutsideVersion:         S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .unpaddedLength:               S(none: warning, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .lengthOverrun:                S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .watchLayout:                  S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: error, oxenstored: nil)
        case .globalNotFirst:               S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .globalLate:                   S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        case .globalTwice:                  S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .globalMissing:                S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .noListeningSocket:            S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: nil)
        case .dom0NotFirst:                 S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .dom0AfterNodes:               S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .dom0Missing:                  S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .skippedRecord:                S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: nil)
        case .ignoredTransaction:           S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: nil)
        case .inexpressibleRecord:          S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        // (the oxenstored dump has no conn-ids: its writer numbers the connections)
        case .connectionIDZero:             S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .connectionIDDuplicated:       S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .ringDomid:                    S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .ringTargetDomid:              S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .ringWithoutEventChannel:      S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: nil)
        case .ringUnbindable:               S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: nil, oxenstoredXapi: error)
        case .ignoredEventChannel:          S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: nil, oxenstoredXapi: warning)
        case .inexpressiblePendingData:     S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        case .inexpressibleUniqueID:        S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        case .unknownUniqueID:              S(none: nil, xenstored417: warning, xenstored421: nil, xenstored422: nil, oxenstored: nil)
        // (C needs a watch's connection before it; the oxenstored dump puts watches after theirs)
        case .watchWithoutConnection:       S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .watchOfMissingConnection:     S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        case .watchPath:                    S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .inexpressibleWatchDepth:      S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error, oxenstoredXapi: .some(nil))
        case .watchDepthMisreadLater:       S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: warning, oxenstored: nil)
        case .refusedWatchDepth:            S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: nil, oxenstoredXapi: error)
        case .transactionWithoutConnection: S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .transactionDuplicated:        S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .nodePath:                     S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .nodePathLength:               S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .valueLength:                  S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .noPermissions:                S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .permissionLetter:             S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .permissionDomid:              S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .staleDomidAny:                S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: nil, oxenstored: nil)
        case .inexpressibleStalePermission: S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        case .ownerWithoutConnection:       S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .pendingWithoutTransaction:    S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .pendingAppliedAsCommitted:    S(none: nil, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .inexpressiblePendingNode:     S(none: nil, xenstored417: nil, xenstored421: nil, xenstored422: nil, oxenstored: error)
        // (oxenstored's dump holds only the special nodes it knows)
        case .unknownSpecialNode:           S(none: warning, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: error)
        case .specialNodeDuplicated:        S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .specialNodeMissing:           S(none: nil, xenstored417: warning, xenstored421: warning, xenstored422: warning, oxenstored: warning)
        case .nodeDuplicated:               S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .nodeBeforeParent:             S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .domainWithoutRing:            S(none: error, xenstored417: error, xenstored421: error, xenstored422: error, oxenstored: error)
        case .domainFeatures:               S(none: nil, xenstored417: nil, xenstored421: error, xenstored422: error, oxenstored: nil)
        case .ignoredDomainQuotas:          S(none: nil, xenstored417: nil, xenstored421: warning, xenstored422: nil, oxenstored: nil)
        }
    }

    /// What `convert --target` does about the fault (`StoreRepair`, `CShaping`,
    /// `OxenstoredShaping`, the writers): every rule that is an error for a profile is either
    /// repaired so or, where nothing can be, refused.
    public var repair: String {
        switch self {
        case .encoding: "written in the format, byte order, version and layout the daemon restores"
        case .recordOutsideVersion: "written in the version that holds it, or as the daemon restores it (the depth is a loss where it cannot be)"
        case .unpaddedLength, .lengthOverrun, .watchLayout: "each record written with its padding, in the layout the daemon reads"
        case .globalNotFirst, .globalLate, .dom0NotFirst, .dom0AfterNodes: "the records put in the daemon's restore order"
        case .globalTwice: "the first kept (a loss)"
        case .globalMissing: "made up, with no event-channel fd and the listening socket given"
        case .noListeningSocket: "none: name the listening socket's fd"
        case .dom0Missing: "refused: a C daemon has no dom0 to restore into"
        case .skippedRecord, .ignoredTransaction, .inexpressibleRecord, .inexpressiblePendingData, .inexpressibleUniqueID,
             .inexpressibleWatchDepth, .inexpressiblePendingNode, .ignoredDomainQuotas:
            "left out (a loss)"
        case .inexpressibleStalePermission: "left out (a loss)"
        case .connectionIDZero, .connectionIDDuplicated: "a new conn-id (its watches, transactions and pending nodes follow)"
        case .ringDomid: "the connection and its watches left out (a loss)"
        case .ringTargetDomid: "written as no target (a loss)"
        case .ringWithoutEventChannel: "none: the daemon keeps the domain and ignores its ring"
        case .unknownUniqueID: "left out (a loss)"
        case .watchWithoutConnection, .watchOfMissingConnection, .watchPath: "the watch left out (a loss)"
        case .watchDepthMisreadLater: "none: the daemon's own next live update misreads it"
        case .refusedWatchDepth: "written as a plain watch (a loss)"
        case .ringUnbindable: "the remote port taken from /local/domain/N/store/port; without one, the connection left out (a loss)"
        case .ignoredEventChannel: "the handle and the rings' local ports left out: the daemon binds every channel afresh"
        case .transactionWithoutConnection, .transactionDuplicated: "left out (a loss)"
        case .nodePath, .nodePathLength: "the node left out (a loss)"
        case .valueLength: "the value written empty (a loss)"
        case .noPermissions: "the nearest ancestor's permissions"
        case .permissionLetter: "written as n"
        case .permissionDomid, .staleDomidAny: "the permission left out, an owner re-owned by dom0 (a loss)"
        case .ownerWithoutConnection: "re-owned by dom0 (a loss)"
        case .pendingWithoutTransaction, .pendingAppliedAsCommitted: "left out (a loss)"
        case .unknownSpecialNode: "kept (left out for oxenstored: a loss)"
        case .specialNodeDuplicated, .nodeDuplicated: "the later kept (a loss where they differ)"
        case .specialNodeMissing: "made up with C's default permissions (n0)"
        case .nodeBeforeParent: "put after its parent; a missing parent is refused, or created"
        case .domainWithoutRing: "left out"
        case .domainFeatures: "masked to what the daemon implements (a loss)"
        }
    }
}
