import Testing
import XSConvertKit

/// Real C xenstored 4.17 dumps: binary → model → binary is byte-identical, in both byte
/// orders.
@Suite struct CorpusRoundTripTests {
    let binary = BinaryStreamAdapter()

    @Test(arguments: Fixtures.cxenstoredDumps)
    func rewritesRealDumpByteIdentically(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let (snapshot, info) = try binary.read(original)
        #expect(info.byteOrder == .little)
        #expect(info.version == 1)
        #expect(try binary.write(snapshot, source: info) == original)
    }

    @Test(arguments: Fixtures.cxenstoredDumps)
    func littleToBigToLittleIsIdentical(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        let (snapshot, info) = try binary.read(original)
        let big = try binary.write(snapshot, source: info, options: WriteOptions(byteOrder: .big))
        #expect(big != original)
        let (fromBig, bigInfo) = try binary.read(big)
        #expect(bigInfo.byteOrder == .big)
        #expect(fromBig == snapshot)
        #expect(try binary.write(fromBig, options: WriteOptions(byteOrder: .little)) == original)
    }
}
