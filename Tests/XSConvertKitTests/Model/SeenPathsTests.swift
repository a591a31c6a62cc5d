import PropertyBased
import Testing
@testable import XSConvertKit

/// The compact set of paths behind oxenstored's parent rule: exact in pre-order (the chain),
/// and right about paths in any other order too (the fingerprints).
@Suite struct SeenPathsTests {
    func paths(_ texts: [String]) -> [Bytes] { texts.map { Bytes(utf8: $0) } }

    @Test func preOrderParentsAreFound() {
        var seen = SeenPaths()
        for path in paths(["/", "/local", "/local/domain", "/local/domain/1", "/local/domain/1/name", "/local/domain/2", "/tool"]) {
            let added = seen.insert(path)
            #expect(added)
        }
        #expect(seen.contains(Bytes(utf8: "/local/domain")))
        #expect(seen.contains(Bytes(utf8: "/tool")))
        #expect(!seen.contains(Bytes(utf8: "/local/domain/3")))
        #expect(!seen.contains(Bytes(utf8: "/loc")), "a prefix that is not a path added")
    }

    /// A chain 2000 levels deep: every level on it is found (by length, in a few steps), a
    /// path as long as one but not on it is not.
    @Test func aDeepChainIsSearchedByLength() {
        var seen = SeenPaths()
        var path = Bytes(utf8: "/")
        var levels: [Bytes] = [path]
        seen.insert(path)
        for _ in 0..<2000 {
            path = path.count == 1 ? Bytes(utf8: "/a") : path + Bytes(utf8: "/a")
            levels.append(path)
            seen.insert(path)
        }
        #expect(levels.allSatisfy(seen.contains))
        #expect(!seen.contains(Bytes(utf8: "/b") + Bytes(repeating: UInt8(ascii: "a"), count: 1000)))
    }

    @Test func otherOrdersAreRememberedToo() {
        var seen = SeenPaths()
        for path in paths(["/", "/a", "/b", "/c", "/a/x"]) { seen.insert(path) }
        // /a left the chain when /b came; its fingerprint remains.
        #expect(seen.contains(Bytes(utf8: "/a")))
        #expect(seen.contains(Bytes(utf8: "/b")))
        #expect(!seen.contains(Bytes(utf8: "/a/y")))
    }

    @Test func duplicatesAreReported() {
        var seen = SeenPaths()
        for path in paths(["/", "/a", "/a/x", "/b"]) { seen.insert(path) }
        let offChain = seen.insert(Bytes(utf8: "/a"))
        #expect(!offChain, "a duplicate off the chain")
        let onChain = seen.insert(Bytes(utf8: "/a"))
        #expect(!onChain, "a duplicate on the chain")
        let new = seen.insert(Bytes(utf8: "/a/y"))
        #expect(new)
    }

    /// Adding asks the fingerprint table once (`insertIfAbsent`): across the shards' growth,
    /// each path is new the first time and a duplicate after, and every one is found.
    @Test func manyPathsAreAddedOnceAcrossGrowth() {
        var seen = SeenPaths()
        let all = (0..<20_000).map { Bytes(utf8: "/n\(($0 * 7919) % 20_000)") }
        #expect(all.allSatisfy { seen.insert($0) })
        #expect(!all.contains { seen.insert($0) }, "a duplicate taken for new")
        #expect(all.allSatisfy(seen.contains))
        #expect(!seen.contains(Bytes(utf8: "/n20000")))
    }

    /// `PathRules.lastSlash`, eight bytes at a time, finds what a byte-by-byte search from the
    /// end finds, bytes from 0x80 included.
    @Test func lastSlashIsTheLastSlash() async {
        let bytes = Gen.oneOf(Gen<UInt8>.value(in: 0x2E...0x30), Gen<UInt8>.value(in: 0xAE...0xB0), Gen<UInt8>.value())
            .array(of: 0...40)
        await propertyCheck(count: 500, input: bytes) { path in
            let found = path.withUnsafeBytes { PathRules.lastSlash(in: $0) }
            #expect(found == path.lastIndex(of: UInt8(ascii: "/")))
        }
    }

    @Test func ancestry() {
        #expect(SeenPaths.isAncestor(Bytes(utf8: "/"), of: Bytes(utf8: "/a")))
        #expect(SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/a/b")))
        #expect(!SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/ab")))
        #expect(!SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/a")))
    }
}
