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
    static let connectionID = Field<UInt32>(0, "conn-id")
    static let pathLength = Field<UInt16>(4, "wpath-len")
    static let tokenLength = Field<UInt16>(6, "token-len")
    static let depth = Field<UInt16>(8, "depth")
    static let pad = Field<UInt16>(10, "pad")
    static func fixedFields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(connectionID)
        visitor.visit(pathLength)
        visitor.visit(tokenLength)
    }
    static var fixedSize: Int { tokenLength.end }

    /// A watch: plain WATCH_DATA when `layout` is nil.
    static func decode(_ fields: inout FieldReader, layout: WatchExtendedLayout?) throws -> Watch {
        let connection = try fields.read(connectionID)
        let pathLength = try fields.read(Self.pathLength)
        let tokenLength = try fields.read(Self.tokenLength)
        var depth: UInt16?
        switch layout {
        case nil, .noDepth: break
        case .noPad: depth = try fields.read(Self.depth)
        case .document:
            depth = try fields.read(Self.depth)
            _ = try fields.read(pad)
        }
        let path = try fields.terminatedString(lengthWithNUL: Int(pathLength), "wpath")
        let token = try fields.terminatedString(lengthWithNUL: Int(tokenLength), "token")
        return Watch(connectionID: connection, path: path, token: token, depth: depth)
    }

    /// Writes WATCH_DATA, or WATCH_DATA_EXTENDED in `layout` when the watch has a depth.
    static func encode(_ watch: Watch, layout: WatchExtendedLayout, into fields: inout FieldWriter) throws {
        fields.write(connectionID, watch.connectionID)
        fields.write(pathLength, try fields.checked(watch.path.count + 1, as: UInt16.self, "wpath-len"))
        fields.write(tokenLength, try fields.checked(watch.token.count + 1, as: UInt16.self, "token-len"))
        if let depth = watch.depth {
            switch layout {
            case .document:
                fields.write(Self.depth, depth)
                fields.write(pad, 0)
            case .noPad: fields.write(Self.depth, depth)
            case .noDepth: preconditionFailure("the noDepth layout is never written (WriteOptions refuses it)")
            }
        }
        fields.append(watch.path)
        fields.nul()
        fields.append(watch.token)
        fields.nul()
    }

    /// The length of the fields of a WATCH_DATA `body` if they are plain (`RecordView`): they
    /// fit, each string ends at its NUL and holds no other, and `RecordRules` holds.
    static func plainLength(of body: borrowing RawSpan, _ order: ByteOrder, within limits: ReadLimits) -> Int? {
        let size = body.byteCount
        guard size >= fixedSize else { return nil }
        let pathLength = Int(order.load(Self.pathLength, in: body)), tokenLength = Int(order.load(Self.tokenLength, in: body))
        let tokenStart = fixedSize + pathLength
        let length = tokenStart + tokenLength
        guard pathLength >= 1, tokenLength >= 1, length <= size, RecordFrames.canBePadding(size - length),
              RecordRules.watchFits(pathLength: pathLength - 1, tokenLength: tokenLength - 1, within: limits),
              body.byte(at: tokenStart - 1) == 0, body.byte(at: length - 1) == 0,
              !body.containsNUL(at: fixedSize, count: pathLength - 1), !body.containsNUL(at: tokenStart, count: tokenLength - 1)
        else { return nil }
        return length
    }

    /// Rewrites a viewed record's integers at `pointer` in the other byte order (`RecordView.rewrite`).
    static func swapIntegers(of view: borrowing RecordView, in pointer: UnsafeMutableRawPointer) {
        ByteSwap.apply(fixedFields, in: pointer)
    }

    /// Where a plain watch's path and token (without their NULs) lie in its view's fields.
    static func strings(of view: borrowing RecordView) -> (path: Range<Int>, token: Range<Int>) {
        let tokenStart = fixedSize + Int(view.load(pathLength))
        return (fixedSize..<(tokenStart - 1), tokenStart..<(tokenStart + Int(view.load(tokenLength)) - 1))
    }
}
