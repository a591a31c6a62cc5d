/// WATCH_DATA (type 3), fixed part 8:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | u32 | conn-id |
/// | 4 | u16 | wpath-len, including the NUL |
/// | 6 | u16 | token-len, including the NUL |
/// | 8 | … | wpath + NUL, token + NUL |
///
/// WATCH_DATA_EXTENDED (type 8, version 2) as the design document lays it out, fixed part 12:
/// the same, then `depth u16` (0xFFFF unlimited) and `pad u16` at 8, strings at 12. The
/// layouts real Xen versions produced instead are told apart by `WatchExtendedLayout`.
enum WatchDataLayout {
    static let fixedSize = 8
    static let extendedFixedSize = 12

    static func decode(_ fields: inout FieldReader, extended: Bool) throws -> Watch {
        let connection = try fields.u32("conn-id")
        let pathLength = try fields.u16("wpath-len")
        let tokenLength = try fields.u16("token-len")
        var depth: UInt16?
        if extended {
            depth = try fields.u16("depth")
            _ = try fields.u16("pad")
        }
        let path = try fields.terminatedString(lengthWithNUL: Int(pathLength), "wpath")
        let token = try fields.terminatedString(lengthWithNUL: Int(tokenLength), "token")
        return Watch(connectionID: connection, path: path, token: token, depth: depth)
    }

    /// Writes WATCH_DATA, or WATCH_DATA_EXTENDED in the document's layout when the watch has
    /// a depth.
    static func encode(_ watch: Watch, into fields: inout FieldWriter) throws {
        fields.u32(watch.connectionID)
        fields.u16(try fields.checked(watch.path.count + 1, as: UInt16.self, "wpath-len"))
        fields.u16(try fields.checked(watch.token.count + 1, as: UInt16.self, "token-len"))
        if let depth = watch.depth {
            fields.u16(depth)
            fields.u16(0)
        }
        fields.append(watch.path)
        fields.u8(0)
        fields.append(watch.token)
        fields.u8(0)
    }
}
