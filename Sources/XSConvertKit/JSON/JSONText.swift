/// Builds JSON text: objects, arrays, keys and values, compact or indented by two spaces.
struct JSONText {
    private(set) var bytes: Bytes = []
    let pretty: Bool
    /// For each open container: whether it already has an element.
    private var hasElements: [Bool] = []
    private var afterKey = false

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(1 << 16)
    }

    mutating func takeBytes() -> Bytes {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Separator and indentation before an element of the open container.
    private mutating func elementStart() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasElements.isEmpty else { return }
        if hasElements[hasElements.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElements[hasElements.count - 1] = true
        newline()
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<(hasElements.count * 2) { bytes.append(0x20) }
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        elementStart()
        bytes.append(bracket)
        hasElements.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadElements = hasElements.removeLast()
        if hadElements { newline() }
        bytes.append(bracket)
    }

    mutating func key(_ name: StaticString) {
        elementStart()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    mutating func string(_ text: String) {
        elementStart()
        var text = text
        text.withUTF8 { quoted($0) }
    }

    /// A string of bytes that need no escaping: an ASCII letter, then `digits`, then a suffix
    /// (a permission such as `"r1"` or `"b3!"`), written without building a String.
    mutating func string(letter: UInt8, digits value: some BinaryInteger, suffix: UInt8?) {
        elementStart()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(letter)
        appendDecimal(value)
        if let suffix { bytes.append(suffix) }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        elementStart()
        appendDecimal(value)
    }

    /// The decimal digits of `value`, with `-` when negative.
    private mutating func appendDecimal<T: BinaryInteger>(_ value: T) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, last first
        let count = withUnsafeMutableBytes(of: &digits) { raw in
            var count = 0
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            return count
        }
        withUnsafeBytes(of: &digits) { raw in
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(raw[index]) }
        }
    }

    /// Bytes as a JSON string when they are valid UTF-8 without NUL, else `{"base64": "…"}`.
    mutating func bytesValue(_ value: Bytes) {
        if UTF8Check.isPlainText(value) {
            elementStart()
            value.withUnsafeBufferPointer { quoted($0) }
        } else {
            base64(value)
        }
    }

    /// `{"base64": "…"}`, always (for wire data and opaque bodies).
    mutating func base64(_ value: Bytes) {
        beginObject()
        key("base64")
        elementStart()
        bytes.append(UInt8(ascii: "\""))
        Base64.encode(value, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        endObject()
    }

    /// A JSON string of UTF-8 bytes, escaping what JSON requires; runs that need no escape
    /// are copied at once.
    private mutating func quoted(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < text.count {
            var end = index
            while end < text.count, text[end] >= 0x20, text[end] != UInt8(ascii: "\""), text[end] != UInt8(ascii: "\\") { end += 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
            guard end < text.count else { break }
            let byte = text[end]
            index = end + 1
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            default:  // the other control characters
                let hex: StaticString = "0123456789abcdef"
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 15)]])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
