/// A domain's home in the store, `/local/domain/N/`: the toolstack keeps a domain's facts
/// below it (its ring's address in `store/ring-ref` and `store/port`), and both daemons count
/// a path's length from below it.
enum DomainHome {
    static let prefix = Bytes(utf8: "/local/domain/")

    /// The domain of the home `path` is below and what follows `/local/domain/N/`; `nil` when
    /// it is below none. N is 1 to 5 digits, as C xenstored's `%5u` reads it.
    static func split(_ path: Bytes) -> (domid: UInt32, rest: ArraySlice<UInt8>)? {
        guard path.starts(with: prefix) else { return nil }
        let digits = path.dropFirst(prefix.count).prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let end = prefix.count + digits.count
        guard !digits.isEmpty, digits.count <= 5, end < path.count, path[end] == UInt8(ascii: "/"),
              let domid = decimal(Bytes(digits)).flatMap({ UInt32(exactly: $0) }) else { return nil }
        return (domid, path[(end + 1)...])
    }

    /// The node `/local/domain/N/<rest>`'s domain, if `path` is that node for a real domain.
    static func domain(of path: Bytes, node rest: String) -> UInt16? {
        guard let (domid, found) = split(path), found.elementsEqual(rest.utf8) else { return nil }
        return UInt16(exactly: domid).flatMap { $0 <= DomainID.maxReal ? $0 : nil }
    }

    /// An unsigned decimal number as a toolstack writes one (digits only, no sign or space).
    static func decimal(_ bytes: Bytes) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return UInt64(String(decoding: bytes, as: UTF8.self))
    }
}
