/// Node paths as oxenstored's store takes them (`Store.Path.of_string`): `/`, or `/` followed
/// by names of `[A-Za-z0-9_@-]` separated by single `/`, no trailing `/`. A path starting with
/// `@` is one name under the root: `@releaseDomain` lands on `/@releaseDomain`.
enum OxenstoredPath {
    static let root = Bytes(utf8: "/")

    /// The path in its `/…` form, or `nil` if oxenstored would refuse it (relative, empty,
    /// `//`, a trailing `/`, a character outside the set). An `@` path must be a single
    /// valid name here (oxenstored takes any `@…` string as one name; a `/` inside it could
    /// not be written back).
    static func canonical(_ path: Bytes) -> Bytes? {
        guard let first = path.first else { return nil }
        if first == UInt8(ascii: "@") {
            return path.allSatisfy(isNameCharacter) ? root + path : nil
        }
        guard first == UInt8(ascii: "/") else { return nil }
        if path == root { return path }
        // Names of [A-Za-z0-9_@-] between single slashes, no trailing slash.
        var previous = first
        for byte in path.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/") { return nil }
            } else if !isNameCharacter(byte) {
                return nil
            }
            previous = byte
        }
        return previous == UInt8(ascii: "/") ? nil : path
    }

    /// The parent of a canonical path other than `/`.
    static func parent(of path: Bytes) -> Bytes {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")), slash > path.startIndex else { return root }
        return Array(path[..<slash])
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"):
            true
        default: false
        }
    }
}
