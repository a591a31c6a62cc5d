/// xenstore's rules for paths (xs_wire.h, xenstored's `is_valid_nodename`): characters
/// `[A-Za-z0-9-/_@]`, no `//`, no trailing `/` (except `/` itself), absolute paths at most
/// 3072 bytes and relative ones 2048.
public enum PathRules {
    /// The longest absolute path a daemon takes, in bytes.
    public static let maxAbsoluteLength = 3072
    /// The longest relative path a daemon takes, in bytes.
    public static let maxRelativeLength = 2048
    /// The longest value a daemon takes, in bytes.
    public static let maxValueLength = 4096
    /// `@introduceDomain`: watched for a domain's introduction; only its permissions matter.
    public static let introduceDomain = Bytes(utf8: "@introduceDomain")
    /// `@releaseDomain`: watched for a domain's release; only its permissions matter.
    public static let releaseDomain = Bytes(utf8: "@releaseDomain")
    /// The special nodes xenstored knows.
    public static let specialNodes: [Bytes] = [introduceDomain, releaseDomain]

    /// Where `path`'s last `/` is (its parent's path ends there), or nil if it has none:
    /// eight bytes at a time from the end (`SWAR`), a byte from 0x80 never taken for one.
    static func lastSlash(in path: UnsafeRawBufferPointer) -> Int? {
        var end = path.count
        while end >= 8 {
            let word = UInt64(littleEndian: path.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
            let slashes = SWAR.equal(word & ~SWAR.high, UInt8(ascii: "/")) & ~(word & SWAR.high)
            if slashes != 0 { return end - 8 + (63 - slashes.leadingZeroBitCount) / 8 }
            end -= 8
        }
        while end > 0 {
            end -= 1
            if path[end] == UInt8(ascii: "/") { return end }
        }
        return nil
    }

    /// Whether `byte` may appear in a path.
    public static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "_"), UInt8(ascii: "@"):
            true
        default: false
        }
    }

    /// Why `path` is not a valid node path (absolute, or a special node), as a clause, or `nil`.
    public static func nodePathProblem(_ path: Bytes) -> String? {
        if path.first == UInt8(ascii: "@") {
            return path.allSatisfy(isPathByte) && !path.contains(UInt8(ascii: "/")) ? nil : "a special node name may only have the characters [A-Za-z0-9_@-]"
        }
        guard path.first == UInt8(ascii: "/") else { return "it is not absolute (it must start with / or @)" }
        return syntaxProblem(path, limit: maxAbsoluteLength)
    }

    /// Why `path` is not a valid watch path (absolute, relative to the domain's home, or
    /// special), or `nil` if it is.
    public static func watchPathProblem(_ path: Bytes) -> String? {
        if path.first == UInt8(ascii: "@") { return nodePathProblem(path) }
        return syntaxProblem(path, limit: path.first == UInt8(ascii: "/") ? maxAbsoluteLength : maxRelativeLength)
    }

    private static func syntaxProblem(_ path: Bytes, limit: Int) -> String? {
        if path.isEmpty { return "it is empty" }
        if path.count > limit { return "it is \(path.count) bytes long, over the limit of \(limit)" }
        if let bad = path.first(where: { !isPathByte($0) }) {
            return "the character '\([bad].escapedForDisplay)' is not one of [A-Za-z0-9/_@-]"
        }
        if path.count > 1, path.last == UInt8(ascii: "/") { return "it ends with /" }
        if zip(path, path.dropFirst()).contains(where: { $0 == UInt8(ascii: "/") && $1 == UInt8(ascii: "/") }) {
            return "it contains //"
        }
        return nil
    }

    /// A canonical path other than `/` and the special nodes' (`/@…`): `/` and names of
    /// `[A-Za-z0-9_@-]` between single slashes, no trailing slash.
    static func isPlainNodePath(_ path: UnsafeRawBufferPointer) -> Bool {
        guard path.count >= 2, path[0] == UInt8(ascii: "/"), path[1] != UInt8(ascii: "@"),
              path[path.count - 1] != UInt8(ascii: "/") else { return false }
        // Eight bytes at a time (the last eight overlapping the ones before): each a name
        // character or a slash, and no slash right after a slash, across words too.
        var index = 0, previousSlash = false
        while index < path.count {
            let start = Swift.min(index, path.count - 8)
            guard start >= 0 else { return isPlainPathTail(path) }
            let word = UInt64(littleEndian: path.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let slashes = SWAR.equal(word, UInt8(ascii: "/"))
            let names = SWAR.within(word, UInt8(ascii: "0"), UInt8(ascii: "9")) | SWAR.within(word, UInt8(ascii: "@"), UInt8(ascii: "Z"))
                | SWAR.within(word, UInt8(ascii: "a"), UInt8(ascii: "z")) | SWAR.equal(word, UInt8(ascii: "_"))
                | SWAR.equal(word, UInt8(ascii: "-"))
            guard word & SWAR.high == 0, slashes | names == SWAR.high, slashes & (slashes << 8) == 0,
                  !(previousSlash && start == index && slashes & 0x80 != 0) else { return false }
            previousSlash = slashes >> 56 != 0
            index = start + 8
        }
        return true
    }

    /// The same for a path shorter than eight bytes.
    private static func isPlainPathTail(_ path: UnsafeRawBufferPointer) -> Bool {
        var previous = UInt8(ascii: "/")
        for byte in path.dropFirst() {
            guard byte == UInt8(ascii: "/") ? previous != UInt8(ascii: "/") : isPathByte(byte) else { return false }
            previous = byte
        }
        return true
    }
}
