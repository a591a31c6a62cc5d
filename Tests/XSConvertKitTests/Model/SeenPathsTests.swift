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

    @Test func ancestry() {
        #expect(SeenPaths.isAncestor(Bytes(utf8: "/"), of: Bytes(utf8: "/a")))
        #expect(SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/a/b")))
        #expect(!SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/ab")))
        #expect(!SeenPaths.isAncestor(Bytes(utf8: "/a"), of: Bytes(utf8: "/a")))
    }
}
