import Glibc

/// One line of oxenstored's live-update text dump (FORMATS.md §2), parsed, and the one place
/// that knows how each kind of line is spelled:
///
/// | line | fields |
/// |---|---|
/// | `$xenstored-dump-format` | the header, first line, exactly |
/// | `global,<rw-fd>[,…]` | listening socket fd (−1 none); further fields ignored |
/// | `evtchn-dev,<fd>,<domexc-port>` | event-channel device fd, VIRQ_DOM_EXC port |
/// | `socket,<fd>` | a socket connection |
/// | `dom,<domid>,<mfn>,<remote-port>[,<local-port>[,…]]` | a domain's ring connection |
/// | `watch,<domid or −fd>,<hex path>,<hex token>` | a watch (the xapi fork adds `,<depth>`) |
/// | `store,<hex path>,<hex perms>,<hex value>` | a node |
enum DumpLine: Hashable {
    case global(socketFD: Int32)
    case eventChannelDevice(fd: Int32, domExcPort: UInt32)
    case socket(fd: Int32)
    case domain(DomainLine)
    case watch(WatchLine)
    case store(StoreLine)

    static let header = Bytes(utf8: "$xenstored-dump-format")
    /// Debian's `quota-maxsize`: oxenstored skips a restored value longer than this.
    static let debianMaximumValueSize = 2048

    struct DomainLine: Hashable {
        var domid: UInt16
        var mfn: Int64
        var remotePort: UInt32
        /// `nil` in dumps older than the local-port field.
        var localPort: UInt32?
    }

    struct WatchLine: Hashable {
        /// The connection: a domid (≥ 0) or a socket's fd negated.
        var owner: Int64
        var path: Bytes
        var token: Bytes
        /// The xapi-project fork's fifth field.
        var depth: UInt16?
    }

    struct StoreLine: Hashable {
        /// In its `/…` form (see `OxenstoredPath.canonical`).
        var path: Bytes
        var permissions: [Permission]
        var value: Bytes
    }

    /// The line's bytes, `\n` included, as oxenstored writes them.
    func encode(into output: inout Bytes) {
        func field(_ text: String) { output.append(UInt8(ascii: ",")); output.append(contentsOf: text.utf8) }
        func hexField(_ bytes: Bytes) { output.append(UInt8(ascii: ",")); HexField.encode(bytes, into: &output) }
        switch self {
        case .global(let fd):
            output.append(contentsOf: "global".utf8); field(String(fd))
        case .eventChannelDevice(let fd, let port):
            output.append(contentsOf: "evtchn-dev".utf8); field(String(fd)); field(String(port))
        case .socket(let fd):
            output.append(contentsOf: "socket".utf8); field(String(fd))
        case .domain(let dom):
            output.append(contentsOf: "dom".utf8)
            field(String(dom.domid)); field(String(dom.mfn)); field(String(dom.remotePort))
            if let local = dom.localPort { field(String(local)) }
        case .watch(let watch):
            output.append(contentsOf: "watch".utf8)
            field(String(watch.owner)); hexField(watch.path); hexField(watch.token)
            if let depth = watch.depth { field(String(depth)) }
        case .store(let store):
            output.append(contentsOf: "store".utf8)
            hexField(store.path); hexField(PermissionString.format(store.permissions)); hexField(store.value)
        }
        output.append(0x0A)
    }
}

extension DumpLine {
    /// What parsing one line gave.
    enum Parsed {
        /// A line to use, with remarks on what oxenstored would do differently with it.
        case line(DumpLine, remarks: [Remark])
        /// A line oxenstored skips with a warning, and why.
        case skipped(String)
    }

    /// Something about a line that is read anyway.
    struct Remark: Hashable {
        var message: String
        /// Whether `--strict` refuses the line (oxenstored would skip it, or it is not a
        /// well-formed dump line although oxenstored takes it).
        var refusedWhenStrict: Bool
    }

    /// The most fields a line's parse looks at: every kind has at most 5; oxenstored ignores
    /// more, which are only counted.
    static let fieldsKept = 6

    /// The first `fieldsKept` comma-separated fields of a line, empty ones included, and how
    /// many there are in all (the commas found by `memchr`: the generic `split` cost more than
    /// the rest of the parse; and a line of commas makes no array of millions of fields).
    static func fields(of line: ArraySlice<UInt8>) -> (fields: [ArraySlice<UInt8>], count: Int) {
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(fieldsKept)
        var count = 1
        var start = 0  // from line.startIndex
        line.withUnsafeBytes { bytes in
            while let found = comma(in: bytes, from: start) {
                if fields.count < fieldsKept { fields.append(line[(line.startIndex + start)..<(line.startIndex + found)]) }
                count += 1
                start = found + 1
            }
        }
        if fields.count < fieldsKept { fields.append(line[(line.startIndex + start)...]) }
        return (fields, count)
    }

    /// Parses a line (without its `\n`) the way oxenstored's `DB.from_channel_f` does.
    static func parse(_ line: ArraySlice<UInt8>) -> Parsed {
        if let domain = plainDomain(line) { return .line(.domain(domain), remarks: []) }
        return parseFields(line)
    }

    /// `parse` for any line, field by field (`plainDomain` is its shortcut for the commonest
    /// `dom` lines).
    static func parseFields(_ line: ArraySlice<UInt8>) -> Parsed {
        let (fields, count) = fields(of: line)
        var parser = LineParser(fields: fields, count: count)
        do {
            let parsed = try parser.parse()
            return .line(parsed, remarks: parser.remarks)
        } catch {
            // A typed throw: no boxed error, no cast (lines oxenstored skips are common in a fuzzer's input).
            return .skipped(error.message)
        }
    }
}

/// Field-by-field parsing of one dump line; throws `Skip` (only) for what oxenstored skips.
private struct LineParser {
    struct Skip: Error { var message: String }

    /// The first `DumpLine.fieldsKept` fields.
    let fields: [ArraySlice<UInt8>]
    /// How many fields the line has.
    let fieldCount: Int
    /// The first field as text (kinds are short ASCII words: no allocation); empty if longer
    /// than any kind.
    let kind: String
    var remarks: [DumpLine.Remark] = []

    init(fields: [ArraySlice<UInt8>], count: Int) {
        self.fields = fields
        fieldCount = count
        kind = fields[0].count <= 16 ? String(decoding: fields[0], as: UTF8.self) : ""
    }

    mutating func parse() throws(Skip) -> DumpLine {
        switch kind {
        case "global":
            try requireFields(2, orMore: true, "global,<rw-socket-fd>")
            if fieldCount > 2 { note("\(fieldCount - 2) field(s) after the socket fd are ignored (as oxenstored does)") }
            return .global(socketFD: try number(1, "rw-socket-fd", as: Int32.self))
        case "evtchn-dev":
            try requireFields(3, "evtchn-dev,<fd>,<domexc-port>")
            return .eventChannelDevice(fd: try number(1, "fd", as: Int32.self), domExcPort: try number(2, "domexc-port", as: UInt32.self))
        case "socket":
            try requireFields(2, "socket,<fd>")
            return .socket(fd: try number(1, "fd", as: Int32.self))
        case "dom":
            try requireFields(4, orMore: true, "dom,<domid>,<mfn>,<remote-port>[,<local-port>]")
            if fieldCount > 5 { note("\(fieldCount - 5) field(s) after the local port are ignored (as oxenstored does)") }
            return .domain(DumpLine.DomainLine(
                domid: try number(1, "domid", as: UInt16.self),
                mfn: try number(2, "mfn", as: Int64.self, bits: OCamlInteger.nativeBits),
                remotePort: try number(3, "remote port", as: UInt32.self),
                localPort: fieldCount > 4 ? try number(4, "local port", as: UInt32.self) : nil))
        case "watch":
            if fieldCount == 5 {
                refuseWhenStrict("a watch with a depth field (the xapi-project fork's form) is skipped by oxenstored 4.17; read with its depth")
            } else {
                try requireFields(4, "watch,<domid or -fd>,<hex path>,<hex token>[,<depth>]")
            }
            let owner = try number(1, "connection id", as: Int64.self)
            let path = try hex(2, "path"), token = try hex(3, "token")
            return .watch(DumpLine.WatchLine(owner: owner, path: path, token: token, depth: fieldCount == 5 ? try depth(of: path) : nil))
        case "store":
            try requireFields(4, "store,<hex path>,<hex perms>,<hex value>")
            let rawPath = try hex(1, "path")
            guard let path = OxenstoredPath.canonical(rawPath) else {
                throw Skip(message: "store: invalid path \"\(rawPath.excerpt)\" (absolute, names of [A-Za-z0-9_@-], no // or trailing /)")
            }
            let permissions: [Permission]
            switch PermissionString.parse(try hex(2, "perms")) {
            case .success(let parsed): permissions = parsed
            case .failure(let problem): throw Skip(message: "store \(path.excerpt): \(problem.message)")
            }
            let value = try hex(3, "value")
            if value.count > DumpLine.debianMaximumValueSize {
                refuseWhenStrict("store \(path.excerpt): a value of \(value.count) bytes is over Debian's quota-maxsize (\(DumpLine.debianMaximumValueSize)), which makes oxenstored skip it; kept")
            }
            return .store(DumpLine.StoreLine(path: path, permissions: permissions, value: value))
        default:
            let shown = fieldCount == 1 && fields[0].isEmpty ? "an empty line" : "unknown line kind '\(Bytes(fields[0]).excerpt)'"
            throw Skip(message: shown)
        }
    }

    /// The fifth field of a watch line on `path`, as the xapi fork reads it: a number ≥ 0
    /// (OCaml's `int_of_string`), only 1 on a special watch. One deeper than any path can be
    /// (`Watch.unlimitedDepth` or more) fires as an unlimited watch and is read as one.
    private mutating func depth(of path: Bytes) throws(Skip) -> UInt16 {
        let text = fields[4]
        guard let value = OCamlInteger.parse(text, bits: OCamlInteger.intBits), value >= 0 else {
            throw Skip(message: "watch: depth '\(Bytes(text).excerpt)' is not a number ≥ 0 (the xapi fork skips the line)")
        }
        let depth = UInt16(clamping: value)
        if value >= Int64(Watch.unlimitedDepth) {
            note("depth \(value) is deeper than any path; read as unlimited")
        }
        if let problem = OxenstoredDialect.forkWatchDepthProblem(path: path, depth: depth) {
            throw Skip(message: "watch \(path.excerpt): \(problem)")
        }
        return depth
    }

    private mutating func note(_ message: String) {
        remarks.append(.init(message: "\(kind): " + message, refusedWhenStrict: false))
    }

    private mutating func refuseWhenStrict(_ message: String) {
        remarks.append(.init(message: message, refusedWhenStrict: true))
    }

    private func requireFields(_ count: Int, orMore: Bool = false, _ form: String) throws(Skip) {
        guard fieldCount == count || (orMore && fieldCount > count) else {
            throw Skip(message: "\(kind): \(fieldCount) fields, expected \(orMore ? "at least " : "")\(count) (\(form))")
        }
    }

    private func number<T: FixedWidthInteger>(_ index: Int, _ name: String, as type: T.Type, bits: Int = OCamlInteger.intBits) throws(Skip) -> T {
        let text = fields[index]
        guard let value = OCamlInteger.parse(text, bits: bits) else {
            throw Skip(message: "\(kind): \(name) '\(Bytes(text).excerpt)' is not a number")
        }
        guard let fitted = T(exactly: value) else {
            throw Skip(message: "\(kind): \(name) \(value) is out of range (\(T.min)–\(T.max))")
        }
        return fitted
    }

    private mutating func hex(_ index: Int, _ name: String) throws(Skip) -> Bytes {
        switch HexField.decode(fields[index]) {
        case .failure(let problem):
            throw Skip(message: "\(kind): \(name) field: \(problem.description)")
        case .success(let decoded):
            if let dropped = decoded.ignoredTrailingCharacter {
                let hint = dropped == 0x0D ? " (a \\r: CRLF line endings?)" : ""
                refuseWhenStrict("\(kind): \(name) field has an odd number of hex digits; its last character '\([dropped].excerpt)' is ignored, as oxenstored does\(hint)")
            }
            return decoded.bytes
        }
    }
}

// MARK: - Plain `dom` lines

extension DumpLine {
    /// A `dom` line of 4 or 5 fields whose numbers are each 1 to 18 decimal digits within
    /// their fields' ranges: what `LineParser` makes of it (the same values, no remarks), read
    /// without splitting the line into fields. It is a dump's commonest line after `store`, and
    /// cannot become a record as it is (see `Plain`). Any other line is left to `LineParser`.
    static func plainDomain(_ line: ArraySlice<UInt8>) -> DomainLine? {
        line.withUnsafeBytes { bytes -> DomainLine? in
            guard bytes.count > 4, bytes[0] == UInt8(ascii: "d"), bytes[1] == UInt8(ascii: "o"),
                  bytes[2] == UInt8(ascii: "m"), bytes[3] == UInt8(ascii: ",") else { return nil }
            // domid, mfn, remote port, local port: 18 digits fit OCaml's int and nativeint.
            var numbers: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
            var count = 0, at = 4
            while true {
                var value: Int64 = 0, digits = 0
                while at < bytes.count, bytes[at] != UInt8(ascii: ",") {
                    let digit = bytes[at] &- UInt8(ascii: "0")
                    guard digit < 10, digits < 18 else { return nil }
                    value = value * 10 + Int64(digit)
                    digits += 1
                    at += 1
                }
                guard digits > 0 else { return nil }
                switch count {
                case 0: numbers.0 = value
                case 1: numbers.1 = value
                case 2: numbers.2 = value
                case 3: numbers.3 = value
                default: return nil
                }
                count += 1
                if at == bytes.count { break }
                at += 1  // the comma
            }
            guard count >= 3, let domid = UInt16(exactly: numbers.0), let remotePort = UInt32(exactly: numbers.2) else { return nil }
            var localPort: UInt32?
            if count == 4 {
                guard let port = UInt32(exactly: numbers.3) else { return nil }
                localPort = port
            }
            return DomainLine(domid: domid, mfn: numbers.1, remotePort: remotePort, localPort: localPort)
        }
    }
}

// MARK: - Plain lines, straight into a record

extension DumpLine {
    /// A `store` or `watch` line built straight into `record` in the standard layout (see
    /// `RecordView`), when it is plain: exactly its fields; each hex field whole pairs of
    /// digits; a store's path canonical, not `/` and not a special node's, its permissions
    /// entries of a letter `n r w b` and a decimal domid, its value within Debian's quota; a
    /// watch's connection a decimal number. Any other line, or a plain line the mapping does
    /// not take as it is, is read by `parse`, which says what it finds.
    enum Plain {
        /// A NODE_DATA record; `path` is where its path (without NUL) lies in the record.
        case store(path: Range<Int>)
        /// A WATCH_DATA record whose conn-id the mapping fills in from `owner` (a domid, or a
        /// socket's fd negated).
        case watch(owner: Int64)
    }

    static func buildPlain(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> Plain? {
        guard line.count > prefixLength else { return nil }
        let head = line.loadUnaligned(as: UInt32.self), tail = line.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        if head == store.head, tail == store.tail { return buildStore(line, into: record) }
        if head == watch.head, tail == watch.tail { return buildWatch(line, into: record) }
        return nil
    }

    /// `store,` and `watch,`, as the machine loads their first four bytes and next two.
    private static let prefixLength = 6
    private static let store = prefix("store,"), watch = prefix("watch,")

    private static func prefix(_ text: String) -> (head: UInt32, tail: UInt16) {
        Bytes(utf8: text).withUnsafeBytes { ($0.loadUnaligned(as: UInt32.self), $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self)) }
    }

    /// The three fields after a line's kind (of `prefix` bytes with its comma), or nil if there
    /// are fewer; a comma in the last one is left to its hex decoding to refuse.
    private static func threeFields(of line: UnsafeRawBufferPointer, after prefix: Int)
        -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer)? {
        guard let first = comma(in: line, from: prefix), let second = comma(in: line, from: first + 1) else { return nil }
        return (UnsafeRawBufferPointer(rebasing: line[prefix..<first]), UnsafeRawBufferPointer(rebasing: line[(first + 1)..<second]),
                UnsafeRawBufferPointer(rebasing: line[(second + 1)...]))
    }

    private static func comma(in line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < line.count, let found = memchr(line.baseAddress! + start, Int32(UInt8(ascii: ",")), line.count - start) else {
            return nil
        }
        return UnsafeRawPointer(found) - UnsafeRawPointer(line.baseAddress!)
    }

    private static func buildStore(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> Plain? {
        guard let (pathHex, permissionsHex, valueHex) = threeFields(of: line, after: prefixLength),
              pathHex.count % 2 == 0, permissionsHex.count % 2 == 0, valueHex.count % 2 == 0 else { return nil }
        let (pathLength, textLength, valueLength) = (pathHex.count / 2, permissionsHex.count / 2, valueHex.count / 2)
        guard valueLength <= debianMaximumValueSize else { return nil }
        // The permission string is decoded past the record's end, then parsed into its entries.
        let text = record.beginNode(permissions: (textLength + 1) / 2, pathLength: pathLength, valueLength: valueLength, scratch: textLength)
        guard HexField.decode(permissionsHex, into: text),
              let count = parsePermissions(UnsafeRawBufferPointer(start: text, count: textLength), into: record),
              let (path, value, pathRange) = record.endNode(permissions: count, pathLength: pathLength, valueLength: valueLength),
              HexField.decode(pathHex, into: path), PathRules.isPlainNodePath(UnsafeRawBufferPointer(start: path, count: pathLength)),
              HexField.decode(valueHex, into: value) else { return nil }
        return .store(path: pathRange)
    }

    /// Entries `<n|r|w|b><decimal domid>` separated by single NULs, stored as the record's
    /// permissions; their count, or nil for any other string.
    private static func parsePermissions(_ text: UnsafeRawBufferPointer, into record: RecordBuffer) -> Int? {
        var count = 0, index = 0
        while true {
            guard index < text.count, Permission(access: text[index], domid: 0).isKnownLetter else { return nil }
            let letter = text[index]
            index += 1
            var domid = 0, digits = 0
            while index < text.count, text[index] != 0 {
                let digit = Int(text[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit), digits < 5 else { return nil }
                domid = domid * 10 + digit
                digits += 1
                index += 1
            }
            guard digits > 0, domid <= Int(UInt16.max), record.storePermission(count, letter: letter, domid: UInt16(domid)) else { return nil }
            count += 1
            if index == text.count { return count }
            index += 1  // the NUL
        }
    }

    /// The watch's conn-id is left for the mapping to set (`RecordBuffer.setWatchConnection`).
    private static func buildWatch(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> Plain? {
        guard let (ownerText, pathHex, tokenHex) = threeFields(of: line, after: prefixLength),
              let owner = plainDecimal(ownerText), pathHex.count % 2 == 0, tokenHex.count % 2 == 0,
              let (path, token) = record.buildWatch(connection: 0, pathLength: pathHex.count / 2, tokenLength: tokenHex.count / 2),
              HexField.decode(pathHex, into: path), HexField.decode(tokenHex, into: token) else { return nil }
        return .watch(owner: owner)
    }

    /// `-?[0-9]{1,18}`: a number oxenstored reads as it is (anything else is left to `parse`).
    private static func plainDecimal(_ text: UnsafeRawBufferPointer) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = UnsafeRawBufferPointer(rebasing: text[(negative ? 1 : 0)...])
        guard (1...18).contains(digits.count) else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}
