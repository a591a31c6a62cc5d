/// GLOBAL_QUOTA_DATA (type 6):
/// `n-dom-quota u16, n-glob-quota u16`, then `n-dom + n-glob` u32 values (domain defaults
/// first), then as many NUL-terminated names in the same order.
///
/// DOMAIN_DATA (type 7):
/// `domain-id u16, n-quota u16, features u32` (valid only in version 2: C writes 0 in a
/// version-1 stream and does not apply it), then n u32 values, then n NUL-terminated names.
///
/// C allocates both without zeroing, so their padding may be garbage: it is never read.
enum QuotaLayouts {
    static let domainQuotaCount = Field<UInt16>(0, "n-dom-quota")
    static let globalQuotaCount = Field<UInt16>(2, "n-glob-quota")
    static let domainID = Field<UInt16>(0, "domain-id")
    static let quotaCount = Field<UInt16>(2, "n-quota")
    static let features = Field<UInt32>(4, "features")
    static func globalFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(domainQuotaCount)
        visitor.visit(globalQuotaCount)
    }

    static func domainFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(domainID)
        visitor.visit(quotaCount)
        visitor.visit(features)
    }
    /// Each value, one after another from the end of the fields above.
    static let value = Field<UInt32>(0, "quota value")
    static func valueFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(value)
    }
    /// The least a quota takes: its value and its name's NUL.
    static var smallestQuota: Int { value.end + 1 }

    static func decodeGlobal(_ fields: inout FieldReader) throws -> GlobalQuota {
        let domainCount = Int(try fields.read(domainQuotaCount))
        let globalCount = Int(try fields.read(globalQuotaCount))
        let quotas = try decodeQuotas(&fields, count: domainCount + globalCount)
        return GlobalQuota(domainDefaults: Array(quotas[..<domainCount]), global: Array(quotas[domainCount...]))
    }

    static func encodeGlobal(_ quota: GlobalQuota, into fields: inout FieldWriter) throws {
        fields.write(domainQuotaCount, try fields.checked(quota.domainDefaults.count, as: UInt16.self, "n-dom-quota"))
        fields.write(globalQuotaCount, try fields.checked(quota.global.count, as: UInt16.self, "n-glob-quota"))
        encodeQuotas(quota.domainDefaults + quota.global, into: &fields)
    }

    /// The record, and the features field as read when the stream version makes it
    /// meaningless (non-zero in a version-1 stream), for the reader to report.
    static func decodeDomain(_ fields: inout FieldReader, version: UInt32) throws -> (DomainData, ignoredFeatures: UInt32?) {
        let domid = try fields.read(domainID)
        let count = Int(try fields.read(quotaCount))
        let features = try fields.read(Self.features)
        let domain = DomainData(domid: domid, features: version >= 2 ? features : nil, quotas: try decodeQuotas(&fields, count: count))
        return (domain, version < 2 && features != 0 ? features : nil)
    }

    /// Writes `features` in a version-2 stream, 0 in a version-1 stream (as C does).
    static func encodeDomain(_ domain: DomainData, version: UInt32, into fields: inout FieldWriter) throws {
        fields.write(domainID, domain.domid)
        fields.write(quotaCount, try fields.checked(domain.quotas.count, as: UInt16.self, "n-quota"))
        fields.write(features, version >= 2 ? domain.features ?? 0 : 0)
        encodeQuotas(domain.quotas, into: &fields)
    }

    private static func decodeQuotas(_ fields: inout FieldReader, count: Int) throws -> [Quota] {
        guard count * smallestQuota <= fields.remaining else {
            throw fields.error("\(count) quotas need at least \(count * smallestQuota) bytes but the record's len leaves \(fields.remaining)")
        }
        var values: [UInt32] = []
        values.reserveCapacity(count)
        let start = fields.position
        for index in 0..<count {
            values.append(try fields.read(value, at: start + value.end * index, named: "quota value \(index + 1)"))
        }
        return try values.enumerated().map { index, value in
            Quota(name: try fields.scanTerminatedString("quota name \(index + 1)"), value: value)
        }
    }

    private static func encodeQuotas(_ quotas: [Quota], into fields: inout FieldWriter) {
        for quota in quotas { fields.write(value, quota.value, at: fields.bodyCount) }
        for quota in quotas {
            fields.append(quota.name)
            fields.nul()
        }
    }
}
