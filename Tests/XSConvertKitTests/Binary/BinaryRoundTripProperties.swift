import PropertyBased
import Testing
import XSConvertKit

/// Round-trip properties of the binary stream over generated snapshots of every record kind.
@Suite struct BinaryRoundTripProperties {
    let binary = BinaryStreamAdapter()

    @Test(arguments: ByteOrder.allCases)
    func versionTwoKeepsEverything(_ order: ByteOrder) async {
        await propertyCheck(count: 200, input: SnapshotGen.snapshot) { snapshot in
            let options = WriteOptions(byteOrder: order, streamVersion: 2)
            let bytes = try binary.write(snapshot, options: options)
            let (back, info) = try binary.read(bytes)
            #expect(back == snapshot)
            #expect(info.byteOrder == order)
            // Written again, the bytes are the same: the encoding is deterministic.
            #expect(try binary.write(back, source: info) == bytes)
        }
    }

    /// Little → big → little gives back the same bytes.
    @Test func byteOrderSwapIsReversible() async {
        await propertyCheck(count: 200, input: SnapshotGen.snapshot) { snapshot in
            let little = try binary.write(snapshot, options: WriteOptions(byteOrder: .little, streamVersion: 2))
            let (fromLittle, _) = try binary.read(little)
            let big = try binary.write(fromLittle, options: WriteOptions(byteOrder: .big, streamVersion: 2))
            let (fromBig, _) = try binary.read(big)
            #expect(try binary.write(fromBig, options: WriteOptions(byteOrder: .little, streamVersion: 2)) == little)
        }
    }

    /// Version 1 refuses whatever only version 2 holds (a watch's depth, a domain's features);
    /// with loss allowed it keeps the rest exactly, as C 4.21 writes version 1 (unique-ids,
    /// GLOBAL_QUOTA_DATA and DOMAIN_DATA included), and reports each kind of thing it dropped.
    @Test func versionOneDropsOnlyVersionTwoData() async {
        await propertyCheck(count: 200, input: SnapshotGen.snapshot) { snapshot in
            let versionTwoOnly = snapshot.records.contains {
                switch $0 {
                case .domain(let domain): domain.features != nil
                case .watch(let watch): watch.depthLimit != nil
                default: false
                }
            }
            let refused: Bool
            do {
                _ = try binary.write(snapshot, options: WriteOptions(streamVersion: 1))
                refused = false
            } catch let error as ConversionError {
                #expect(error.kind == .loss)
                refused = true
            }
            #expect(refused == versionTwoOnly)

            let diagnostics = Diagnostics()
            let bytes = try binary.write(snapshot, options: WriteOptions(streamVersion: 1, allowLoss: true), diagnostics: diagnostics)
            let (back, info) = try binary.read(bytes)
            #expect(info.version == 1)
            #expect(back.records == snapshot.records.map(Self.versionOneView))
            #expect(diagnostics.entries.contains { $0.severity == .dropped } == versionTwoOnly)
        }
    }

    /// What a record becomes in version 1.
    static func versionOneView(_ record: Record) -> Record {
        switch record {
        case .domain(var domain):
            domain.features = nil
            return .domain(domain)
        case .watch(var watch):
            watch.depth = nil
            return .watch(watch)
        default: return record
        }
    }
}
