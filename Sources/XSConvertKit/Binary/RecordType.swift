/// Record type codes of the migration stream (FORMATS.md §1).
enum RecordType: UInt32, CaseIterable {
    case end = 0
    case globalData = 1
    case connectionData = 2
    case watchData = 3
    case transactionData = 4
    case nodeData = 5
    case globalQuotaData = 6
    case domainData = 7
    case watchDataExtended = 8

    /// The first stream version whose streams may hold the type. The design document defines
    /// types 6 and 7 with version 2, but the real daemons (4.21, 4.22) write and read them in
    /// version-1 streams too: only DOMAIN_DATA's features are version 2 (see
    /// `QuotaLayouts`).
    var sinceVersion: UInt32 {
        switch self {
        case .watchDataExtended: 2
        default: 1
        }
    }

    var name: String {
        switch self {
        case .end: "END"
        case .globalData: "GLOBAL_DATA"
        case .connectionData: "CONNECTION_DATA"
        case .watchData: "WATCH_DATA"
        case .transactionData: "TRANSACTION_DATA"
        case .nodeData: "NODE_DATA"
        case .globalQuotaData: "GLOBAL_QUOTA_DATA"
        case .domainData: "DOMAIN_DATA"
        case .watchDataExtended: "WATCH_DATA_EXTENDED"
        }
    }

    static func name(of type: UInt32) -> String {
        RecordType(rawValue: type)?.name ?? "record type \(type)"
    }
}
