import PropertyBased
import Testing
@testable import XSConvertKit

/// Each record layout lists its integer fields once (`FieldTable`); its size and the byte swap
/// (a view rewritten in the other order) derive from that list. These check the derivations:
/// the tables cover each fixed part exactly, with the sizes FORMATS.md gives, and swapping an
/// encoded record by its tables gives what encoding it in the other order gives.
@Suite struct LayoutTableTests {
    /// A record's body (no header, no padding) as its layout's encoder writes it in `order`.
    static func body(_ record: Record, _ order: ByteOrder, watchLayout: WatchExtendedLayout = .document) throws -> Bytes {
        var fields = FieldWriter(order: order, record: "test")
        try MigrationStreamWriter.encode(record, version: 2, watchLayout: watchLayout, into: &fields)
        return Array(fields.bytes)
    }

    static func other(_ order: ByteOrder) -> ByteOrder { order == .big ? .little : .big }

    /// The bytes of `view` rewritten in `order`, as a writer of the standard layout writes them.
    static func rewritten(_ view: borrowing RecordView, _ order: ByteOrder) -> Bytes {
        var out = Bytes(repeating: 0xEE, count: view.fields.byteCount)
        out.withUnsafeMutableBytes { view.rewrite(into: $0.baseAddress!, order: order) }
        return out
    }

    /// `bytes` with each table swapped at its base.
    static func swapped(_ bytes: Bytes, _ tables: [(FieldTable, Int)]) -> Bytes {
        var out = bytes
        out.withUnsafeMutableBytes { raw in
            for (table, base) in tables { table.swap(from: raw.baseAddress!, to: raw.baseAddress!, at: base) }
        }
        return out
    }

    /// The records a view holds: nodes, watches without a depth, transactions, connections
    /// without a unique-id (whose place depends on the version).
    static let viewable: SnapshotGen.Gen_<Record> = SnapshotGen.record.map { record -> Record in
        switch record {
        case .connection(var connection):
            connection.uniqueID = nil
            return .connection(connection)
        case .watch(var watch):
            watch.depth = nil
            return .watch(watch)
        case .global, .globalQuota, .domain, .unknown:
            return .transaction(Transaction(connectionID: 1, id: 2))
        default:
            return record
        }
    }.eraseToAny()

    static func type(of record: Record) -> RecordType {
        switch record {
        case .connection: .connectionData
        case .watch: .watchData
        case .transaction: .transactionData
        default: .nodeData
        }
    }

    /// For every viewed layout: the view's rewrite in the other byte order (the borrowed path's
    /// byte swap, by the layout's tables) equals the record encoded in that order, and in its
    /// own order it is a copy.
    @Test(arguments: ByteOrder.allCases)
    func viewSwapEqualsEncodingInTheOtherOrder(_ order: ByteOrder) async {
        await propertyCheck(count: 400, input: Self.viewable) { record in
            let bytes = try Self.body(record, order), expected = try Self.body(record, Self.other(order))
            let results: (Bytes, Bytes)? = bytes.withUnsafeBytes { raw in
                guard let view = RecordView(type: Self.type(of: record), order: order, body: raw.bytes, within: ReadLimits()) else {
                    return nil
                }
                return (Self.rewritten(view, Self.other(order)), Self.rewritten(view, order))
            }
            let (swapped, same) = try #require(results, "not viewed: \(record)")
            #expect(swapped == expected)
            #expect(same == bytes)
        }
    }

    /// The layouts that are not viewed: GLOBAL_DATA, WATCH_DATA_EXTENDED in each layout
    /// xsconvert writes, XSCONVERT_OXENSTORED and the quota records' fixed parts and values:
    /// their tables, swapped, give the other order's encoding too.
    @Test(arguments: ByteOrder.allCases)
    func tablesSwapEveryOtherLayout(_ order: ByteOrder) async throws {
        await propertyCheck(count: 200, input: SnapshotGen.global) { record in
            let (bytes, expected) = (try Self.body(record, order), try Self.body(record, Self.other(order)))
            #expect(Self.swapped(bytes, [(GlobalDataLayout.fields, 0)]) == expected)
        }
        for layout in [WatchExtendedLayout.document, .noPad] {
            await propertyCheck(count: 100, input: SnapshotGen.watch) { record in
                guard case .watch(let watch) = record, watch.depth != nil else { return }
                let bytes = try Self.body(record, order, watchLayout: layout)
                let expected = try Self.body(record, Self.other(order), watchLayout: layout)
                #expect(Self.swapped(bytes, [(layout.fields, 0)]) == expected)
            }
        }
        await propertyCheck(count: 100, input: SnapshotGen.domain) { record in
            guard case .domain(let domain) = record else { return }
            let tables = [(QuotaLayouts.domainFields, 0)]
                + domain.quotas.indices.map { (QuotaLayouts.valueFields, QuotaLayouts.domainFields.end + QuotaLayouts.valueFields.end * $0) }
            let (bytes, expected) = (try Self.body(record, order), try Self.body(record, Self.other(order)))
            #expect(Self.swapped(bytes, tables) == expected)
        }
        await propertyCheck(count: 100, input: SnapshotGen.globalQuota) { record in
            guard case .globalQuota(let quota) = record else { return }
            let count = quota.domainDefaults.count + quota.global.count
            let tables = [(QuotaLayouts.globalFields, 0)]
                + (0..<count).map { (QuotaLayouts.valueFields, QuotaLayouts.globalFields.end + QuotaLayouts.valueFields.end * $0) }
            let (bytes, expected) = (try Self.body(record, order), try Self.body(record, Self.other(order)))
            #expect(Self.swapped(bytes, tables) == expected)
        }
        let extension_ = OxenstoredExtensionLayout.Fields(extends: 2, connectionID: 0x0102_0304, mfn: 0x1122_3344_5566_7788,
                                                          port: 0xA0B0_C0D0, placeholder: true)
        func encoded(_ order: ByteOrder) -> Bytes {
            var fields = FieldWriter(order: order, record: OxenstoredExtensionLayout.name)
            OxenstoredExtensionLayout.encode(extension_, into: &fields)
            return Array(fields.bytes)
        }
        #expect(Self.swapped(encoded(order), [(OxenstoredExtensionLayout.fields, 0)]) == encoded(Self.other(order)))
    }

    /// Each table covers its part from 0 to its end without a gap (a field left out of a table
    /// would leave one, and the swap would miss it), and the sizes are FORMATS.md's.
    @Test func tablesCoverEachFixedPart() {
        func tiles(_ table: FieldTable, gaps: [Range<Int>] = []) -> Bool {
            var at = 0
            for slot in table.slots {
                if let gap = gaps.first(where: { $0.lowerBound == at }) { at = gap.upperBound }
                guard slot.offset == at else { return false }
                at = slot.end
            }
            return true
        }
        let spec = ConnectionDataLayout.specStart..<(ConnectionDataLayout.specStart + ConnectionDataLayout.specSize)
        let cases: [(String, FieldTable, [Range<Int>], Int)] = [
            ("record header", RecordFrames.headerFields, [], 8),
            ("stream header after the ident", StreamHeader.fields, [0..<8], 16),
            ("GLOBAL_DATA", GlobalDataLayout.fields, [], 8),
            ("CONNECTION_DATA ring", ConnectionDataLayout.ringFields, [], 24),
            ("CONNECTION_DATA socket", ConnectionDataLayout.socketFields, [], 24),
            ("CONNECTION_DATA other", ConnectionDataLayout.otherFields, [spec], 24),
            ("WATCH_DATA", WatchDataLayout.fixedFields, [], 8),
            ("WATCH_DATA_EXTENDED document", WatchExtendedLayout.document.fields, [], 12),
            ("WATCH_DATA_EXTENDED noPad", WatchExtendedLayout.noPad.fields, [], 10),
            ("WATCH_DATA_EXTENDED noDepth", WatchExtendedLayout.noDepth.fields, [], 8),
            ("TRANSACTION_DATA", TransactionDataLayout.fields, [], 8),
            ("NODE_DATA", NodeDataLayout.fixedFields, [], 16),
            ("NODE_DATA permission", NodeDataLayout.permissionFields, [], 4),
            ("GLOBAL_QUOTA_DATA", QuotaLayouts.globalFields, [], 4),
            ("DOMAIN_DATA", QuotaLayouts.domainFields, [], 8),
            ("quota value", QuotaLayouts.valueFields, [], 4),
            ("XSCONVERT_OXENSTORED", OxenstoredExtensionLayout.fields, [], 24),
            ("seed CONNECTION_DATA ring", SeedLayouts.ConnectionData.ringFields, [], 32),
            ("seed CONNECTION_DATA socket", SeedLayouts.ConnectionData.socketFields, [], 32),
            ("seed WATCH_DATA", SeedLayouts.WatchData.fixedFields, [], 12),
            ("seed NODE_DATA", SeedLayouts.NodeData.fixedFields, [], 24),
        ]
        for (name, table, gaps, size) in cases {
            #expect(tiles(table, gaps: gaps), "\(name): its fields leave a gap")
            #expect(table.end == size, "\(name): \(table.end) bytes, FORMATS.md says \(size)")
        }
        #expect(ConnectionDataLayout.fixedSize == 24 && NodeDataLayout.fixedSize == 16 && WatchDataLayout.fixedSize == 8)
        #expect(spec == 8..<16)
    }
}
