/// A named quota value (0 = unlimited). Names are kept as bytes: unknown names survive.
public struct Quota: Hashable, Sendable {
    /// The quota's name (`nodes`, `watches`, …), as bytes.
    public var name: Bytes
    /// The quota's value; 0 is unlimited.
    public var value: UInt32

    /// A quota `name` of `value`.
    public init(name: Bytes, value: UInt32) {
        self.name = name
        self.value = value
    }
}

/// The daemon's quota settings (GLOBAL_QUOTA_DATA, Xen 4.21+).
public struct GlobalQuota: Hashable, Sendable {
    /// Default per-domain quotas.
    public var domainDefaults: [Quota]
    /// Global quotas (C writes none).
    public var global: [Quota]

    /// The daemon's default per-domain quotas, and its global ones.
    public init(domainDefaults: [Quota], global: [Quota] = []) {
        self.domainDefaults = domainDefaults
        self.global = global
    }
}

/// Per-domain state (DOMAIN_DATA, Xen 4.21+): the domain's own quotas and features.
public struct DomainData: Hashable, Sendable {
    /// The domain the record is about.
    public var domid: UInt16
    /// The `XENSTORE_SERVER_FEATURE_*` bits the daemon offers the domain; `nil` where the input
    /// does not record them (a version-1 stream, where C writes 0 and applies nothing: the
    /// restored domain gets the daemon's default).
    public var features: UInt32?
    /// The domain's own quotas, where they differ from the daemon's defaults.
    public var quotas: [Quota]

    /// Domain `domid`'s features (nil: not recorded) and quotas.
    public init(domid: UInt16, features: UInt32? = nil, quotas: [Quota] = []) {
        self.domid = domid
        self.features = features
        self.quotas = quotas
    }
}

/// A record of a type xsconvert does not know, kept as opaque bytes so it can be written back.
public struct UnknownRecord: Hashable, Sendable {
    /// The record's type, as read.
    public var type: UInt32
    /// The body as read: `len` bytes.
    public var body: Bytes

    /// A record of `type` with `body` as read.
    public init(type: UInt32, body: Bytes) {
        self.type = type
        self.body = body
    }
}
