/// Builds JSON text: objects, arrays, keys and values, compact or indented by two spaces, in a
/// buffer reused for every record. Each piece reserves the most it can take first, then is
/// stored byte by byte without further checks.
final class JSONText {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes of text in `storage`.
    private(set) var count = 0
    let pretty: Bool
    /// How many containers are open, and for each (bit `depth - 1`) whether it already has an
    /// element. JSON forms nest a few levels deep; 64 is the most this can hold.
    private var depth = 0
    private var hasElements: UInt64 = 0
    private var afterKey = false

    init(pretty: Bool) {
        self.pretty = pretty
        capacity = 1 << 16
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// The text built since the last `removeAll`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    func removeAll() { count = 0 }

    /// Room for `size` more bytes.
    @inline(__always)
    private func reserve(_ size: Int) {
        if count + size > capacity { grow(to: count + size) }
    }

    private func grow(to size: Int) {
        var larger = capacity * 2
        while larger < size { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: storage, count: count)
        storage.deallocate()
        storage = moved
        capacity = larger
    }

    /// Stores a byte in reserved room.
    @inline(__always)
    private func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Stores bytes in reserved room.
    @inline(__always)
    private func put(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(storage + count).copyMemory(from: base, byteCount: bytes.count)
        count += bytes.count
    }

    /// The most `elementStart` stores.
    private var separatorRoom: Int { pretty ? 2 + 2 * depth : 1 }

    /// Separator and indentation before an element of the open container (room reserved).
    @inline(__always)
    private func elementStart() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << (depth - 1)
        if hasElements & bit != 0 { put(UInt8(ascii: ",")) }
        hasElements |= bit
        newline()
    }

    @inline(__always)
    private func newline() {
        guard pretty else { return }
        put(0x0A)
        for _ in 0..<(depth * 2) { put(0x20) }
    }

    func beginObject() { open(UInt8(ascii: "{")) }
    func endObject() { close(UInt8(ascii: "}")) }
    func beginArray() { open(UInt8(ascii: "[")) }
    func endArray() { close(UInt8(ascii: "]")) }

    private func open(_ bracket: UInt8) {
        precondition(depth < 64, "JSON nested more than 64 levels")
        reserve(separatorRoom + 1)
        elementStart()
        put(bracket)
        depth += 1
        hasElements &= ~(1 << (depth - 1))
    }

    private func close(_ bracket: UInt8) {
        let hadElements = hasElements & (1 << (depth - 1)) != 0
        depth -= 1
        reserve(separatorRoom + 1)
        if hadElements { newline() }
        put(bracket)
    }

    func key(_ name: StaticString) {
        reserve(separatorRoom + name.utf8CodeUnitCount + 4)
        elementStart()
        put(UInt8(ascii: "\""))
        put(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        if pretty { put(UInt8(ascii: " ")) }
        afterKey = true
    }

    func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            reserve(separatorRoom + 2 + 6 * utf8.count)
            elementStart()
            _ = quoted(UnsafeRawBufferPointer(utf8), plainOnly: false)
        }
    }

    /// A string of bytes that need no escaping: an ASCII letter, then `digits`, then a suffix
    /// (a permission such as `"r1"` or `"b3!"`), written without building a String.
    func string(letter: UInt8, digits value: some BinaryInteger, suffix: UInt8?) {
        reserve(separatorRoom + 25)
        elementStart()
        put(UInt8(ascii: "\""))
        put(letter)
        appendDecimal(value)
        if let suffix { put(suffix) }
        put(UInt8(ascii: "\""))
    }

    func integer<T: BinaryInteger>(_ value: T) {
        reserve(separatorRoom + 21)
        elementStart()
        appendDecimal(value)
    }

    /// The decimal digits of `value`, with `-` when negative (21 bytes reserved).
    @inline(__always)
    private func appendDecimal<T: BinaryInteger>(_ value: T) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        var digits = 1
        var scale: UInt64 = 10
        while digits < 20, magnitude >= scale {
            digits += 1
            scale = scale &* 10
        }
        var index = count + digits
        count = index
        repeat {
            index -= 1
            storage[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Bytes as a JSON string when they are valid UTF-8 without NUL (see `UTF8Check`), else
    /// `{"base64": "…"}`.
    func bytesValue(_ value: UnsafeRawBufferPointer) {
        reserve(separatorRoom + 2 + 6 * value.count)
        let start = count, wasAfterKey = afterKey, hadElements = hasElements
        elementStart()
        if !quoted(value, plainOnly: true) {
            (count, afterKey, hasElements) = (start, wasAfterKey, hadElements)
            base64(value)
        }
    }

    func bytesValue(_ value: Bytes) {
        value.withUnsafeBytes { bytesValue($0) }
    }

    /// `{"base64": "…"}`, always (for wire data and opaque bodies).
    func base64(_ value: UnsafeRawBufferPointer) {
        beginObject()
        key("base64")
        reserve(separatorRoom + 2 + Base64.encodedCount(value.count))
        elementStart()
        put(UInt8(ascii: "\""))
        count += Base64.encode(value, into: storage + count)
        put(UInt8(ascii: "\""))
        endObject()
    }

    func base64(_ value: Bytes) {
        value.withUnsafeBytes { base64($0) }
    }

    /// A JSON string of `text` (room for 2 + 6 × its length reserved), escaping what JSON
    /// requires; runs that need no escape are copied eight bytes at a time. With `plainOnly`,
    /// returns false, having stored part of it, if `text` is not plain text (`UTF8Check`);
    /// otherwise a NUL is escaped (`text` is then a String's UTF-8, always valid).
    private func quoted(_ text: UnsafeRawBufferPointer, plainOnly: Bool) -> Bool {
        put(UInt8(ascii: "\""))
        let length = text.count
        var index = 0
        while index < length {
            if index + 8 <= length {
                let word = text.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if UTF8Check.isPlainASCIIWithoutEscapes(word) {
                    UnsafeMutableRawPointer(storage + count).storeBytes(of: word, as: UInt64.self)
                    count += 8
                    index += 8
                    continue
                }
            }
            let byte = text[index]
            if byte >= 0x80 {
                guard let length = UTF8Check.sequenceLength(text, at: index) else { return false }
                for offset in 0..<length { put(text[index + offset]) }
                index += length
                continue
            }
            index += 1
            switch byte {
            case 0 where plainOnly: return false
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(byte)
            case 0x0A: put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
            case 0x09: put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
            case 0x0D: put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
            case ..<0x20:  // the other control characters
                let hex: StaticString = "0123456789abcdef"
                put(UInt8(ascii: "\\")); put(UInt8(ascii: "u")); put(UInt8(ascii: "0")); put(UInt8(ascii: "0"))
                put(hex.utf8Start[Int(byte >> 4)]); put(hex.utf8Start[Int(byte & 15)])
            default: put(byte)
            }
        }
        put(UInt8(ascii: "\""))
        return true
    }
}
