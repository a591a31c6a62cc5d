/// What a JSON value may be, checked by `JSONScanner` while it parses, so that no value costs
/// more than its member can hold: a value of another type is refused at its first byte (a
/// scalar once read, to quote it), a string or an array longer than its limit as soon as it
/// passes it, an object member the form does not define at its name.
indirect enum JSONShape: Sendable {
    case integer
    /// At most `maxBytes` bytes (UTF-8, escapes resolved); `base64` when it is base64 text
    /// (counted as the bytes it decodes to). `limit` is the reader's limit that `maxBytes`
    /// comes from, if any.
    case string(maxBytes: Int, limit: ReadLimits.Limit? = nil, base64: Bool = false)
    case array(of: JSONShape, maxCount: Int)
    /// The members an object may have, each with its shape (any may be missing or null).
    case object([String: JSONShape])
    /// Either of two shapes of different JSON types: the value's first byte picks one.
    case either(JSONShape, JSONShape)

    /// Bytes as the JSON form writes them: a string, or `{"base64": "…"}`.
    static func bytes(maxBytes: Int, limit: ReadLimits.Limit? = nil) -> JSONShape {
        .either(.string(maxBytes: maxBytes, limit: limit),
                .object(["base64": .string(maxBytes: (maxBytes + 2) / 3 * 4, limit: limit, base64: true)]))
    }

    /// The JSON types a value can start as.
    enum ValueType {
        case object, array, string, number, literal

        init?(firstByte byte: UInt8) {
            switch byte {
            case UInt8(ascii: "{"): self = .object
            case UInt8(ascii: "["): self = .array
            case UInt8(ascii: "\""): self = .string
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): self = .number
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): self = .literal
            default: return nil
            }
        }
    }

    /// The shape (this one, or a branch of `either`) a value of `type` is read as, or nil.
    func accepting(_ type: ValueType) -> JSONShape? {
        switch (self, type) {
        case (.integer, .number), (.string, .string), (.array, .array), (.object, .object): self
        case (.either(let first, let second), _): first.accepting(type) ?? second.accepting(type)
        default: nil
        }
    }

    /// What a value of this shape is, for messages ("expected …").
    var expectation: String {
        switch self {
        case .integer: "an integer"
        case .string: "a string"
        case .array: "an array"
        case .object(let members) where members.count == 1 && members["base64"] != nil: "{\"base64\": \"…\"}"
        case .object: "an object"
        case .either(let first, let second): "\(first.expectation) or \(second.expectation)"
        }
    }
}
