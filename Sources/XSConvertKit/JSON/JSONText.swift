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
        bytes.append(contentsOf: pretty ? Bytes(utf8: "\": ") : Bytes(utf8: "\":"))
        afterKey = true
    }

    mutating func string(_ text: String) {
        elementStart()
        quoted(Array(text.utf8))
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        elementStart()
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    /// Bytes as a JSON string when they are valid UTF-8 without NUL, else `{"base64": "…"}`.
    mutating func bytesValue(_ value: Bytes) {
        if UTF8Check.isPlainText(value) {
            elementStart()
            quoted(value)
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

    /// A JSON string of UTF-8 bytes, escaping what JSON requires.
    private mutating func quoted(_ text: Bytes) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x00..<0x20:
                let hex = Bytes(utf8: "0123456789abcdef")
                bytes.append(contentsOf: Bytes(utf8: "\\u00"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
