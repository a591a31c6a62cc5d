/// WATCH_DATA (type 3), fixed part 8:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | u32 | conn-id |
/// | 4 | u16 | wpath-len, including the NUL |
/// | 6 | u16 | token-len, including the NUL |
/// | 8 | … | wpath + NUL, token + NUL |
///
/// WATCH_DATA_EXTENDED (type 8) adds `depth u16` (0xFFFF unlimited) at 8, in one of the
/// layouts `WatchExtendedLayout` names:
///
/// | layout | after the 8 bytes above | strings at |
/// |---|---|---|
/// | `document` (the design document) | `depth u16, pad u16` | 12 |
/// | `noPad` (what Xen 4.22.0 reads) | `depth u16` | 10 |
/// | `noDepth` (what Xen 4.22.0 writes: read only) | nothing: the depth is lost | 8 |
enum WatchDataLayout {
    static let fixedSize = 8

    /// A watch: plain WATCH_DATA when `layout` is nil.
    static func decode(_ fields: inout FieldReader, layout: WatchExtendedLayout?) throws -> Watch {
        let connection = try fields.u32("conn-id")
        let pathLength = try fields.u16("wpath-len")
        let tokenLength = try fields.u16("token-len")
        var depth: UInt16?
        switch layout {
        case nil, .noDepth: break
        case .noPad: depth = try fields.u16("depth")
        case .document:
            depth = try fields.u16("depth")
            _ = try fields.u16("pad")
        }
        let path = try fields.terminatedString(lengthWithNUL: Int(pathLength), "wpath")
        let token = try fields.terminatedString(lengthWithNUL: Int(tokenLength), "token")
        return Watch(connectionID: connection, path: path, token: token, depth: depth)
    }

    /// Writes WATCH_DATA, or WATCH_DATA_EXTENDED in `layout` when the watch has a depth.
    static func encode(_ watch: Watch, layout: WatchExtendedLayout, into fields: inout FieldWriter) throws {
        fields.u32(watch.connectionID)
        fields.u16(try fields.checked(watch.path.count + 1, as: UInt16.self, "wpath-len"))
        fields.u16(try fields.checked(watch.token.count + 1, as: UInt16.self, "token-len"))
        if let depth = watch.depth {
            switch layout {
            case .document:
                fields.u16(depth)
                fields.u16(0)
            case .noPad: fields.u16(depth)
            case .noDepth: preconditionFailure("the noDepth layout is never written (WriteOptions refuses it)")
            }
        }
        fields.append(watch.path)
        fields.u8(0)
        fields.append(watch.token)
        fields.u8(0)
    }
}
