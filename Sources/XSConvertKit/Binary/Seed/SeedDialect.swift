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
        while position + 8 <= window.endIndex {
            let type = readU32(window, at: position, .big)
            let length = Int(readU32(window, at: position + 4, .big))
            let bodyStart = position + 8
            guard type != 0, bodyStart + length <= window.endIndex else { return false }
            let body = window[bodyStart..<(bodyStart + length)]
            switch (fitsSeed(type, body), fitsStandard(type, body)) {
            case (true, false): return true
            case (false, true): return false
            default: break
            }
            position = bodyStart + (length + 7) / 8 * 8
        }
        return false
    }

    private static func u16(_ body: ArraySlice<UInt8>, _ offset: Int) -> Int? {
        offset + 2 <= body.count ? Int(readU16(body, at: body.startIndex + offset, .big)) : nil
    }

    private static func u32(_ body: ArraySlice<UInt8>, _ offset: Int) -> Int? {
        offset + 4 <= body.count ? Int(readU32(body, at: body.startIndex + offset, .big)) : nil
    }

    private static func byte(_ body: ArraySlice<UInt8>, _ offset: Int) -> UInt8? {
        offset >= 0 && offset < body.count ? body[body.startIndex + offset] : nil
    }

    static func fitsSeed(_ type: UInt32, _ body: ArraySlice<UInt8>) -> Bool {
        switch type {
        case 2:
            guard let kind = u32(body, 4), let flags = u32(body, 8), let input = u32(body, 20),
                  let partial = u32(body, 24), let output = u32(body, 28) else { return false }
            return kind <= 1 && flags == 0 && (body.count == 32 + input + output || body.count == 32 + input + partial + output)
        case 3:
            guard let path = u32(body, 4), let token = u32(body, 8) else { return false }
            return body.count == 12 + path + token
        case 5:
            guard let path = u32(body, 8), let value = u32(body, 12), let count = u32(body, 20) else { return false }
            return body.count == 24 + 4 * count + path + value
        default:
            return false
        }
    }

    /// A padded or unpadded standard body: the lengths add up and the NULs are in place.
    static func fitsStandard(_ type: UInt32, _ body: ArraySlice<UInt8>) -> Bool {
        func fits(_ size: Int) -> Bool { body.count == size || body.count == (size + 7) / 8 * 8 }
        switch type {
        case 2:
            guard let flags = u16(body, 6), let input = u16(body, 16), let output = u32(body, 20) else { return false }
            let data = 24 + input + output
            return fits(flags & 1 == 0 ? data : (data + 7) / 8 * 8 + 8)
        case 3:
            guard let path = u16(body, 4), let token = u16(body, 6), path > 0, token > 0 else { return false }
            return fits(8 + path + token) && byte(body, 8 + path - 1) == 0 && byte(body, 8 + path + token - 1) == 0
        case 5:
            guard let path = u16(body, 8), let value = u16(body, 10), let count = u16(body, 14), path > 0 else { return false }
            return fits(16 + 4 * count + path + value) && byte(body, 16 + 4 * count + path - 1) == 0
        default:
            return false
        }
    }
}
