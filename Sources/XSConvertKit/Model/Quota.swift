/// A named quota value (0 = unlimited). Names are kept as bytes: unknown names survive.
public struct Quota: Hashable, Sendable {
    public var name: Bytes
    public var value: UInt32

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

    public init(domainDefaults: [Quota], global: [Quota] = []) {
        self.domainDefaults = domainDefaults
        self.global = global
    }
}

/// Per-domain state (DOMAIN_DATA, Xen 4.21+): the domain's own quotas and features.
public struct DomainData: Hashable, Sendable {
    public var domid: UInt16
    /// The `XENSTORE_SERVER_FEATURE_*` bits the daemon offers the domain; `nil` where the input
    /// does not record them (a version-1 stream, where C writes 0 and applies nothing: the
    /// restored domain gets the daemon's default).
    public var features: UInt32?
    public var quotas: [Quota]

    public init(domid: UInt16, features: UInt32? = nil, quotas: [Quota] = []) {
        self.domid = domid
        self.features = features
        self.quotas = quotas
    }
}

/// A record of a type xsconvert does not know, kept as opaque bytes so it can be written back.
public struct UnknownRecord: Hashable, Sendable {
    public var type: UInt32
    /// The body as read: `len` bytes.
    public var body: Bytes

    public init(type: UInt32, body: Bytes) {
        self.type = type
        self.body = body
    }
}
