import PropertyBased
import Testing
@testable import XSConvertKit

/// Each record layout lists its integer fields once (`FieldVisitor`); its size and the byte swap
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
    typealias Table = (inout ByteSwap) -> Void

    static func swapped(_ bytes: Bytes, _ tables: [(Table, Int)]) -> Bytes {
        var out = bytes
        out.withUnsafeMutableBytes { raw in
            for (table, base) in tables { ByteSwap.apply(table, in: raw.baseAddress!, at: base) }
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
        let extended: [(WatchExtendedLayout, Table)] = [(.document, WatchExtendedLayout.documentFields), (.noPad, WatchExtendedLayout.noPadFields)]
        for (layout, table) in extended {
            await propertyCheck(count: 100, input: SnapshotGen.watch) { record in
                guard case .watch(let watch) = record, watch.depth != nil else { return }
                let bytes = try Self.body(record, order, watchLayout: layout)
                let expected = try Self.body(record, Self.other(order), watchLayout: layout)
                #expect(Self.swapped(bytes, [(table, 0)]) == expected)
            }
        }
        await propertyCheck(count: 100, input: SnapshotGen.domain) { record in
            guard case .domain(let domain) = record else { return }
            let tables: [(Table, Int)] = [(QuotaLayouts.domainFields, 0)]
                + domain.quotas.indices.map { (QuotaLayouts.valueFields, QuotaLayouts.features.end + QuotaLayouts.value.end * $0) }
            let (bytes, expected) = (try Self.body(record, order), try Self.body(record, Self.other(order)))
            #expect(Self.swapped(bytes, tables) == expected)
        }
        await propertyCheck(count: 100, input: SnapshotGen.globalQuota) { record in
            guard case .globalQuota(let quota) = record else { return }
            let count = quota.domainDefaults.count + quota.global.count
            let tables: [(Table, Int)] = [(QuotaLayouts.globalFields, 0)]
                + (0..<count).map { (QuotaLayouts.valueFields, QuotaLayouts.globalQuotaCount.end + QuotaLayouts.value.end * $0) }
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
        func tiles(_ slots: [FieldSlot], gaps: [Range<Int>] = []) -> Bool {
            var at = 0
            for slot in slots {
                if let gap = gaps.first(where: { $0.lowerBound == at }) { at = gap.upperBound }
                guard slot.offset == at else { return false }
                at = slot.end
            }
            return true
        }
        let spec = ConnectionDataLayout.specStart..<(ConnectionDataLayout.specStart + ConnectionDataLayout.specSize)
        // Each table, the part's size as the layout states it (its last field's end), and the
        // size FORMATS.md gives.
        let cases: [(String, [FieldSlot], [Range<Int>], Int, Int)] = [
            ("record header", FieldSlots.of(RecordFrames.headerFields), [], RecordFrames.headerSize, 8),
            ("stream header after the ident", FieldSlots.of(StreamHeader.fields), [0..<8], StreamHeader.size, 16),
            ("GLOBAL_DATA", FieldSlots.of(GlobalDataLayout.fields), [], GlobalDataLayout.size, 8),
            ("CONNECTION_DATA ring", FieldSlots.of(ConnectionDataLayout.ringFields), [], ConnectionDataLayout.fixedSize, 24),
            ("CONNECTION_DATA socket", FieldSlots.of(ConnectionDataLayout.socketFields), [], ConnectionDataLayout.fixedSize, 24),
            ("CONNECTION_DATA other", FieldSlots.of(ConnectionDataLayout.otherFields), [spec], ConnectionDataLayout.fixedSize, 24),
            ("WATCH_DATA", FieldSlots.of(WatchDataLayout.fixedFields), [], WatchDataLayout.fixedSize, 8),
            ("WATCH_DATA_EXTENDED document", WatchExtendedLayout.document.fieldSlots, [], WatchExtendedLayout.document.stringOffset, 12),
            ("WATCH_DATA_EXTENDED noPad", WatchExtendedLayout.noPad.fieldSlots, [], WatchExtendedLayout.noPad.stringOffset, 10),
            ("WATCH_DATA_EXTENDED noDepth", WatchExtendedLayout.noDepth.fieldSlots, [], WatchExtendedLayout.noDepth.stringOffset, 8),
            ("TRANSACTION_DATA", FieldSlots.of(TransactionDataLayout.fields), [], TransactionDataLayout.size, 8),
            ("NODE_DATA", FieldSlots.of(NodeDataLayout.fixedFields), [], NodeDataLayout.fixedSize, 16),
            ("NODE_DATA permission", FieldSlots.of(NodeDataLayout.permissionFields), [], NodeDataLayout.permissionSize, 4),
            ("GLOBAL_QUOTA_DATA", FieldSlots.of(QuotaLayouts.globalFields), [], QuotaLayouts.globalQuotaCount.end, 4),
            ("DOMAIN_DATA", FieldSlots.of(QuotaLayouts.domainFields), [], QuotaLayouts.features.end, 8),
            ("quota value", FieldSlots.of(QuotaLayouts.valueFields), [], QuotaLayouts.smallestQuota - 1, 4),
            ("XSCONVERT_OXENSTORED", FieldSlots.of(OxenstoredExtensionLayout.fields), [], OxenstoredExtensionLayout.bodySize, 24),
        ]
        for (name, slots, gaps, stated, size) in cases {
            #expect(tiles(slots, gaps: gaps), "\(name): its fields leave a gap")
            #expect(slots.last?.end == size, "\(name): the table ends at \(slots.last?.end ?? 0), FORMATS.md says \(size)")
            #expect(stated == size, "\(name): the layout says \(stated) bytes, FORMATS.md says \(size)")
        }
        #expect(spec == 8..<16)
    }
}
