/// One line of oxenstored's legacy persistent db / SIGUSR1 debug dump (FORMATS.md §3):
/// `<path>{<perms>}` or `<path>{<perms>} = <value>`, perms and value OCaml-escaped. Paths two
/// or more levels deep are written without their leading `/` (`Store.dump` joins the
/// parent's names with `/` and then adds `/<name>`), which parsing restores.
struct LegacyLine: Hashable {
    /// Canonical, with its leading `/`.
    var path: Bytes
    var permissions: [Permission]
    var value: Bytes

    static let valueSeparator = Bytes(utf8: " = ")

    /// Parses a line (without its `\n`), or says what is wrong with it.
    static func parse(_ line: ArraySlice<UInt8>) -> Result<LegacyLine, LegacyProblem> {
        guard let open = line.firstIndex(of: UInt8(ascii: "{")) else {
            return .failure(LegacyProblem("no {permissions} after the path (expected path{perms} or path{perms} = value)"))
        }
        guard let close = line[open...].firstIndex(of: UInt8(ascii: "}")) else {
            return .failure(LegacyProblem("the permissions opened by { at character \(open - line.startIndex + 1) are not closed by }"))
        }
        guard open > line.startIndex else {
            return .failure(LegacyProblem("invalid path: the line starts with {"))
        }
        var path = Bytes(line[..<open])
        if path.first != UInt8(ascii: "/") { path.insert(UInt8(ascii: "/"), at: 0) }
        guard let canonical = OxenstoredPath.canonical(path), canonical == path else {
            return .failure(LegacyProblem("invalid path \"\(Bytes(line[..<open]).excerpt)\" (names of [A-Za-z0-9_@-] separated by /)"))
        }
        let rest = line[(close + 1)...]
        let escapedValue: ArraySlice<UInt8>
        if rest.isEmpty {
            escapedValue = []
        } else if rest.starts(with: valueSeparator) {
            escapedValue = rest.dropFirst(valueSeparator.count)
        } else {
            return .failure(LegacyProblem("after the permissions' } comes \"\(Bytes(rest.prefix(20)).excerpt)\"; expected \" = <value>\" or the end of the line"))
        }
        let permissionText: Bytes
        switch OCamlEscapes.unescape(line[(open + 1)..<close]) {
        case .success(let text): permissionText = text
        case .failure(let problem): return .failure(LegacyProblem("permissions: \(problem.message) (character \(open - line.startIndex + 2 + problem.offset))"))
        }
        let permissions: [Permission]
        switch PermissionString.parse(permissionText) {
        case .success(let parsed): permissions = parsed
        case .failure(let problem): return .failure(LegacyProblem(problem.message))
        }
        switch OCamlEscapes.unescape(escapedValue) {
        case .success(let value):
            return .success(LegacyLine(path: path, permissions: permissions, value: value))
        case .failure(let problem):
            return .failure(LegacyProblem("value: \(problem.message) (character \(escapedValue.startIndex - line.startIndex + 1 + problem.offset))"))
        }
    }

    struct LegacyProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
