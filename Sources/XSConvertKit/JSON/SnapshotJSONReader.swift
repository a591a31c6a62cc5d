/// Reads an xsconvert JSON document record by record: the top-level members, then each
/// element of `records` as it comes, so memory holds one record at a time. Faults name the
/// JSON path (`$.records[12].permissions[0]`) or, for syntax, the byte offset.
final class SnapshotJSONReader: RecordReader {
    let scanner: JSONScanner
    let file: String
    private(set) var info = StreamInfo(format: JSONAdapter.formatName, version: JSONAdapter.documentVersion)
    private(set) var location: SourceLocation = .path("$")
    private var index = 0
    private var finished = false
    private var sawFormat = false
    private var sawVersion = false

    init(input: ByteInput) throws {
        scanner = JSONScanner(input: input)
        file = input.name
        try scanner.expect(UInt8(ascii: "{"), "'{': an xsconvert JSON document is an object")
        guard try readMembers(untilRecords: true) else {
            throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"records\"")
        }
    }

    func next() throws -> Record? {
        guard !finished else { return nil }
        if index > 0 ? !(try scanner.accept(UInt8(ascii: ","))) : try scanner.accept(UInt8(ascii: "]")) {
            if index > 0 { try scanner.expect(UInt8(ascii: "]"), "',' or ']' after a record") }
            try finishDocument()
            return nil
        }
        let path = "$.records[\(index)]"
        location = .path(path)
        index += 1
        return try RecordJSON.read(try scanner.value(depth: 2), at: path, file: file)
    }

    /// Reads members until `records` opens (returns true) or the object closes (false).
    private func readMembers(untilRecords: Bool) throws -> Bool {
        var first = untilRecords && index == 0 && !sawFormat && !sawVersion
        while true {
            if try scanner.accept(UInt8(ascii: "}")) { return false }
            if !first { try scanner.expect(UInt8(ascii: ","), "',' or '}' between members") }
            first = false
            guard try scanner.peekToken() == UInt8(ascii: "\"") else { throw scanner.error("expected a member name") }
            let key = String(decoding: try scanner.string(), as: UTF8.self)
            try scanner.expect(UInt8(ascii: ":"), "':' after \"\(key)\"")
            switch key {
            case "records":
                guard untilRecords else { throw ConversionError(.data, file: file, at: .path("$.records"), "a second \"records\"") }
                try scanner.expect(UInt8(ascii: "["), "'[': records is an array")
                return true
            case "format":
                guard case .string(let value) = try scanner.value(), value == Bytes(utf8: JSONAdapter.formatMarker) else {
                    throw ConversionError(.data, file: file, at: .path("$.format"), "expected \"\(JSONAdapter.formatMarker)\"")
                }
                sawFormat = true
            case "version":
                let value = try scanner.value()
                let version: UInt32 = try JSONFields.integer(value, at: "$.version", file: file)
                guard version == JSONAdapter.documentVersion else {
                    throw ConversionError(.data, file: file, at: .path("$.version"), "version \(version) is not supported; expected \(JSONAdapter.documentVersion)")
                }
                sawVersion = true
            case "source":
                info.origin = try JSONAdapter.readSource(try scanner.value(), file: file)
            default:
                throw ConversionError(.data, file: file, at: .path("$." + key), "unknown member \"\(key)\"")
            }
        }
    }

    private func finishDocument() throws {
        finished = true
        location = .path("$")
        if try readMembers(untilRecords: false) { throw scanner.error("unreachable") }
        guard sawFormat else { throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"format\"") }
        guard sawVersion else { throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"version\"") }
        if try scanner.peekToken() != nil { throw scanner.error("text after the end of the document") }
    }
}
