/// Tells the seed patch's layout from the standard one. Both start with the same header
/// (big-endian, version 1), so the record bodies decide: the first CONNECTION_DATA, WATCH_DATA
/// or NODE_DATA whose lengths add up in exactly one of the two layouts. A stream where no
/// record decides (only GLOBAL_DATA and END, say) is standard.
enum SeedDialect {
    static let name = "seed"

    /// `true` for the seed's layout, `false` for the standard one, judged from `window`: the
    /// bytes after the header.
    static func isSeed(_ window: ArraySlice<UInt8>) -> Bool {
        var position = window.startIndex
        while let (type, length) = RecordFrames.header(in: window, at: position - window.startIndex, .big) {
            let bodyStart = position + RecordFrames.headerSize
            guard type != 0, bodyStart + length <= window.endIndex else { return false }
            let body = window[bodyStart..<(bodyStart + length)]
            switch (fitsSeed(type, body), fitsStandard(type, body)) {
            case (true, false): return true
            case (false, true): return false
            default: break
            }
            position = bodyStart + RecordFrames.padded(length)
        }
        return false
    }

    private static func int<T>(_ body: ArraySlice<UInt8>, _ field: Field<T>) -> Int? {
        ByteOrder.big.load(field, in: body).map(Int.init)
    }

    private static func byte(_ body: ArraySlice<UInt8>, _ offset: Int) -> UInt8? {
        offset >= 0 && offset < body.count ? body[body.startIndex + offset] : nil
    }

    static func fitsSeed(_ type: UInt32, _ body: ArraySlice<UInt8>) -> Bool {
        switch RecordType(rawValue: type) {
        case .connectionData:
            typealias Layout = SeedLayouts.ConnectionData
            guard let kind = int(body, Layout.connectionType), let flags = int(body, Layout.flags),
                  let input = int(body, Layout.inputLength), let partial = int(body, Layout.responseLength),
                  let output = int(body, Layout.outputLength) else { return false }
            let data = Layout.fixedSize + input + output
            return (kind == Layout.ringType || kind == Layout.socketType) && flags == 0 && (body.count == data || body.count == data + partial)
        case .watchData:
            typealias Layout = SeedLayouts.WatchData
            guard let path = int(body, Layout.pathLength), let token = int(body, Layout.tokenLength) else { return false }
            return body.count == Layout.fixedSize + path + token
        case .nodeData:
            typealias Layout = SeedLayouts.NodeData
            guard let path = int(body, Layout.pathLength), let value = int(body, Layout.valueLength),
                  let count = int(body, Layout.permissionCount) else { return false }
            return body.count == Layout.fixedSize + NodeDataLayout.permissionSize * count + path + value
        default:
            return false
        }
    }

    /// A padded or unpadded standard body: the lengths add up and the NULs are in place.
    static func fitsStandard(_ type: UInt32, _ body: ArraySlice<UInt8>) -> Bool {
        func fits(_ size: Int) -> Bool { body.count == size || body.count == RecordFrames.padded(size) }
        switch RecordType(rawValue: type) {
        case .connectionData:
            typealias Layout = ConnectionDataLayout
            guard let flags = int(body, Layout.flags), let input = int(body, Layout.inputLength),
                  let output = int(body, Layout.outputLength) else { return false }
            let data = Layout.fixedSize + input + output
            return fits(flags & Int(Layout.uniqueIDField) == 0 ? data : RecordFrames.padded(data) + Layout.uniqueID.width)
        case .watchData:
            typealias Layout = WatchDataLayout
            guard let path = int(body, Layout.pathLength), let token = int(body, Layout.tokenLength), path > 0, token > 0 else { return false }
            let strings = Layout.fixedSize
            return fits(strings + path + token) && byte(body, strings + path - 1) == 0 && byte(body, strings + path + token - 1) == 0
        case .nodeData:
            typealias Layout = NodeDataLayout
            guard let path = int(body, Layout.pathLength), let value = int(body, Layout.valueLength),
                  let count = int(body, Layout.permissionCount), path > 0 else { return false }
            let strings = Layout.pathStart(permissions: count)
            return fits(strings + path + value) && byte(body, strings + path - 1) == 0
        default:
            return false
        }
    }
}
