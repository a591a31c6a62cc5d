/// Reads an xsconvert JSON document record by record: the top-level members, then each
/// element of `records` as it comes, so memory holds one record at a time. Each value is
/// parsed to its shape (`RecordJSON.shape`), so a value of the wrong type is refused at its
/// first byte and none is longer than its member can hold; each record must keep
/// `RecordRules` within the limits. Faults name the JSON path (`$.records[12].permissions[0]`)
/// or, for syntax, the byte offset.
final class SnapshotJSONReader: RecordReader {
    let scanner: JSONScanner
    let file: String
    let limits: ReadLimits
    let diagnostics: Diagnostics
    private let recordShape: JSONShape
    private(set) var info = StreamInfo(format: JSONAdapter.formatName, version: JSONAdapter.documentVersion)
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    /// The index of the record read last, nil outside `records`.
    @exclusivity(unchecked) private var current: Int?
    /// Records read so far.
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var finished = false
    private var sawFormat = false
    private var sawVersion = false
    /// Where a plain record is built (see `lendRecords`).
    private let record = RecordBuffer()
    /// A plain connection `lendRecords` read into the model, for `next()` to return.
    @exclusivity(unchecked) private var readAhead: Record?

    var location: SourceLocation { current.map { .path("$.records[\($0)]") } ?? .path("$") }

    init(input: ByteInput, limits: ReadLimits, diagnostics: Diagnostics) throws {
        scanner = JSONScanner(input: input)
        file = input.name
        self.limits = limits
        self.diagnostics = diagnostics
        recordShape = RecordJSON.shape(within: limits)
        try scanner.expect(UInt8(ascii: "{"), "'{': an xsconvert JSON document is an object")
        guard try readMembers(untilRecords: true) else {
            throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"records\"")
        }
    }

    func next() throws -> Record? {
        if let record = readAhead {
            readAhead = nil
            return try admitted(record, at: "$.records[\(index - 1)]")
        }
        guard !finished else { return nil }
        if index > 0 ? !(try scanner.accept(UInt8(ascii: ","))) : try scanner.accept(UInt8(ascii: "]")) {
            if index > 0 { try scanner.expect(UInt8(ascii: "]"), "',' or ']' after a record") }
            try finishDocument()
            return nil
        }
        let path = "$.records[\(index)]"
        current = index
        index += 1
        scanner.begin(at: path, stringBudget: limits.textRecordLength)
        return try admitted(try RecordJSON.read(try scanner.value(depth: 2, shape: recordShape), at: path, file: file), at: path)
    }

    /// `record`, read at `path`, if it keeps `RecordRules` within the limits.
    private func admitted(_ record: Record, at path: String) throws -> Record {
        if let problem = RecordRules.problem(with: record, within: limits) {
            throw ConversionError(.data, file: file, at: .path(path + (problem.field.map { "." + $0 } ?? "")), problem.message,
                                  remedy: problem.limit.map(Remedy.raiseLimit))
        }
        return record
    }

    /// Reads members until `records` opens (returns true) or the object closes (false).
    private func readMembers(untilRecords: Bool) throws -> Bool {
        var first = untilRecords && index == 0 && !sawFormat && !sawVersion
        while true {
            if try scanner.accept(UInt8(ascii: "}")) { return false }
            if !first { try scanner.expect(UInt8(ascii: ","), "',' or '}' between members") }
            first = false
            guard try scanner.peekToken() == UInt8(ascii: "\"") else { throw scanner.error("expected a member name") }
            let key = try scanner.memberName()
            try scanner.expect(UInt8(ascii: ":"), "':' after \"\(key)\"")
            scanner.begin(at: "$." + key)
            switch key {
            case "records":
                guard untilRecords else { throw ConversionError(.data, file: file, at: .path("$.records"), "a second \"records\"") }
                try scanner.expect(UInt8(ascii: "["), "'[': records is an array")
                return true
            case "format":
                guard case .string(let value) = try scanner.value(shape: .string(maxBytes: Bytes.excerptLength)),
                      value == Bytes(utf8: JSONAdapter.formatMarker) else {
                    throw ConversionError(.data, file: file, at: .path("$.format"), "expected \"\(JSONAdapter.formatMarker)\"")
                }
                sawFormat = true
            case "version":
                let value = try scanner.value(shape: .integer)
                let version: UInt32 = try JSONFields.integer(value, at: "$.version", file: file)
                guard version == JSONAdapter.documentVersion else {
                    throw ConversionError(.data, file: file, at: .path("$.version"), "version \(version) is not supported; expected \(JSONAdapter.documentVersion)")
                }
                sawVersion = true
            case "source":
                info.origin = try JSONAdapter.readSource(try scanner.value(shape: JSONAdapter.sourceShape), file: file)
            default:
                throw ConversionError(.data, file: file, at: .path("$." + key), "unknown member \"\(key)\"")
            }
        }
    }

    private func finishDocument() throws {
        finished = true
        current = nil
        scanner.begin(at: "$")
        if try readMembers(untilRecords: false) { throw scanner.error("unreachable") }
        guard sawFormat else { throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"format\"") }
        guard sawVersion else { throw ConversionError(.data, file: file, at: .path("$"), "missing the member \"version\"") }
        try scanner.finishDocument(diagnostics: diagnostics)
    }
}

extension SnapshotJSONReader: RecordViewReader {
    /// Lends the plain records from the current one on (see `RecordJSON.buildPlain`), built
    /// straight from the scanner's buffer; stops before one that is not plain, or that runs
    /// past the buffer, which `next()` reads. A plain connection the standard layout cannot
    /// hold as it is (oxenstored's) is read into the model from the same bytes, and lending
    /// stops after it: `next()` returns it.
    func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int) {
        var records = 0, nodes = 0
        while !finished, readAhead == nil, let type = try scanner.withUnread({ bytes -> (RecordType?, Int) in
            var cursor = JSONCursor(bytes)
            guard index == 0 || cursor.take(UInt8(ascii: ",")) else { return (nil, 0) }
            switch RecordJSON.buildPlain(&cursor, into: record) {
            case .built(let type)?:
                guard try record.withView(as: type, within: limits, { view in
                    current = index
                    return try take(view)
                }) == true else { return (nil, 0) }
                return (type, cursor.index)
            case .connection(let connection)?:
                current = index
                readAhead = .connection(connection)
                return (nil, cursor.index)
            case nil:
                return (nil, 0)
            }
        }) {
            index += 1
            records += 1
            if type == .nodeData { nodes += 1 }
        }
        if readAhead != nil { index += 1 }
        return (records, nodes)
    }
}
