/// Reads the members of one JSON object into model fields, naming the JSON path of any fault
/// (`$.records[3].path: expected a string or {"base64": …}`). Unknown members are errors.
struct JSONFields {
    let members: [(key: String, value: JSONValue)]
    let path: String
    let file: String
    /// Bit i set when member i was asked for (an object of a record has far fewer than 64).
    private var used: UInt64 = 0

    init(_ value: JSONValue, path: String, file: String) throws {
        self.path = path
        self.file = file
        guard case .object(let members) = value else {
            throw ConversionError(.data, file: file, at: .path(path), "expected an object, found \(value.typeName)")
        }
        guard members.count <= UInt64.bitWidth else {
            throw ConversionError(.data, file: file, at: .path(path), "\(members.count) members; a record's object has at most a dozen")
        }
        self.members = members
    }

    func error(_ key: String?, _ message: String) -> ConversionError {
        ConversionError(.data, file: file, at: .path(key.map { path + "." + $0 } ?? path), message)
    }

    mutating func optional(_ key: String) -> JSONValue? {
        // The first is the only one: the scanner refuses a member given twice.
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        used |= 1 << index
        let value = members[index].value
        if case .null = value { return nil }
        return value
    }

    mutating func required(_ key: String) throws -> JSONValue {
        guard let value = optional(key) else { throw error(nil, "missing the member \"\(key)\"") }
        return value
    }

    mutating func integer<T: FixedWidthInteger>(_ key: String, _ type: T.Type = T.self) throws -> T {
        try Self.integer(try required(key), at: path + "." + key, file: file)
    }

    mutating func optionalInteger<T: FixedWidthInteger>(_ key: String, _ type: T.Type = T.self) throws -> T? {
        try optional(key).map { try Self.integer($0, at: path + "." + key, file: file) }
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, at path: @autoclosure () -> String, file: String) throws -> T {
        guard case .number(let text) = value, let number = T(text) else {
            let what = T.isSigned ? "an integer from \(T.min) to \(T.max)" : "an integer from 0 to \(T.max)"
            throw ConversionError(.data, file: file, at: .path(path()), "expected \(what), found \(describe(value))")
        }
        return number
    }

    mutating func string(_ key: String) throws -> String {
        let value = try required(key)
        guard case .string(let bytes) = value else {
            throw error(key, "expected a string, found \(Self.describe(value))")
        }
        // A name, not bytes: it must be UTF-8 as it stands. Repaired, it would be written back
        // other than it was read (and longer: each bad byte becomes three).
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw error(key, "expected UTF-8 text, found bytes that are not (\(bytes.excerpt))")
        }
        return text
    }

    /// Bytes written as a string, or as `{"base64": "…"}`.
    mutating func bytes(_ key: String) throws -> Bytes {
        try Self.bytes(try required(key), at: path + "." + key, file: file)
    }

    mutating func optionalBytes(_ key: String) throws -> Bytes? {
        try optional(key).map { try Self.bytes($0, at: path + "." + key, file: file) }
    }

    static func bytes(_ value: JSONValue, at path: @autoclosure () -> String, file: String) throws -> Bytes {
        switch value {
        case .string(let bytes): return bytes
        case .object(let members) where members.count == 1 && members[0].key == "base64":
            guard case .string(let text) = members[0].value, let bytes = Base64.decode(text) else {
                throw ConversionError(.data, file: file, at: .path(path() + ".base64"), "expected valid padded base64")
            }
            return bytes
        default:
            throw ConversionError(.data, file: file, at: .path(path()), "expected a string or {\"base64\": \"…\"}, found \(describe(value))")
        }
    }

    mutating func array(_ key: String) throws -> [JSONValue] {
        guard let value = optional(key) else { return [] }
        guard case .array(let elements) = value else { throw error(key, "expected an array, found \(value.typeName)") }
        return elements
    }

    /// Fails on members nobody asked for (a misspelt key must not be ignored silently).
    func finish() throws {
        if let unknown = members.indices.first(where: { used & (1 << $0) == 0 }) {
            throw error(members[unknown].key, "unknown member \"\(members[unknown].key)\"")
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let text): "the number \(text)"
        case .string(let bytes): "the string \"\(bytes.excerpt)\""
        default: value.typeName
        }
    }
}
