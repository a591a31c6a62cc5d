/// What a record must be for every format to write it and read it back the same: the rules
/// of the migration stream, the model's strictest format (strings that end at a NUL hold none,
/// lengths that fit their fields, a type code that does not say another kind of record), and
/// the reader's `ReadLimits`.
///
/// Every reader refuses a record that breaks one, so any input it accepts converts to output
/// that reads back to the same snapshot; every writer refuses to write one (a snapshot built
/// in code), with the same message.
public enum RecordRules {
    /// A rule or limit a record breaks.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The field at fault, as the JSON form names it (`path`, `token`, `pendingOutput`…),
        /// or nil for the record as a whole.
        public var field: String?
        /// What is wrong, in one line.
        public var message: String
        /// The limit exceeded, when the problem is a limit rather than a rule.
        public var limit: ReadLimits.Limit?

        public var description: String { message }
    }

    /// Why `record` cannot be read or written within `limits`, or nil.
    public static func problem(with record: Record, within limits: ReadLimits = .maximum) -> Problem? {
        switch record {
        case .global, .transaction:
            return nil
        case .node(let node):
            return problem(with: node, within: limits)
        case .watch(let watch):
            let name = watch.depth == nil ? "WATCH_DATA" : "WATCH_DATA_EXTENDED"
            return string(watch.path, "path", of: name, longest: limits.pathLength, .pathLength)
                ?? string(watch.token, "token", of: name, longest: min(limits.valueLength, 0xFFFE), .valueLength)
                ?? size(watch.path.count + watch.token.count, of: name, within: limits)
        case .connection(let connection):
            return problem(with: connection, within: limits)
        case .globalQuota(let quota):
            return quotas(quota.domainDefaults + quota.global, of: "GLOBAL_QUOTA_DATA", field: "domainDefaults", within: limits)
                ?? count(quota.domainDefaults.count, "n-dom-quota", of: "GLOBAL_QUOTA_DATA", field: "domainDefaults")
                ?? count(quota.global.count, "n-glob-quota", of: "GLOBAL_QUOTA_DATA", field: "global")
        case .domain(let domain):
            return quotas(domain.quotas, of: "DOMAIN_DATA", field: "quotas", within: limits)
                ?? count(domain.quotas.count, "n-quota", of: "DOMAIN_DATA", field: "quotas")
        case .unknown(let unknown):
            return problem(with: unknown, within: limits)
        }
    }

    /// What a writer calls first: throws the problem of a record no format may hold, as a data
    /// error (the conversion names the input and the record's place).
    static func checkWritable(_ record: Record) throws {
        try check(record, within: .maximum, file: nil, at: nil)
    }

    /// Throws `problem(with:within:)` as a data error of `file` at `location`.
    static func check(_ record: Record, within limits: ReadLimits, file: String?, at location: SourceLocation?) throws {
        guard let problem = problem(with: record, within: limits) else { return }
        throw ConversionError(.data, file: file, at: location, problem.message, remedy: problem.limit.map(Remedy.raiseLimit))
    }

    // MARK: - From lengths alone
    //
    // The limits above as a record's lengths tell them, for a record checked as it lies
    // (`RecordView`), whose reader checks the NULs itself and whose counts fit their fields.

    /// A node: its path (without NUL) and value within their limits, all it carries within
    /// `recordSize`.
    static func nodeFits(pathLength: Int, valueLength: Int, permissions: Int, within limits: ReadLimits) -> Bool {
        pathLength <= limits.pathLength && valueLength <= limits.valueLength
            && pathLength + valueLength + 4 * permissions <= limits.recordSize
    }

    /// A watch: its path and token (without NULs) within their limits and `recordSize`.
    static func watchFits(pathLength: Int, tokenLength: Int, within limits: ReadLimits) -> Bool {
        pathLength <= limits.pathLength && tokenLength <= min(limits.valueLength, 0xFFFE) && pathLength + tokenLength <= limits.recordSize
    }

    /// A connection: its pending input and output within `recordSize`.
    static func connectionFits(pendingBytes: Int, within limits: ReadLimits) -> Bool {
        pendingBytes <= limits.recordSize
    }

    private static func problem(with node: Node, within limits: ReadLimits) -> Problem? {
        if let problem = string(node.path, "path", of: "NODE_DATA", longest: limits.pathLength, .pathLength) { return problem }
        var shown: String { node.path.excerpt }  // only when a message needs it
        if node.value.count > limits.valueLength {
            return Problem(field: "value", message: "NODE_DATA \(shown): a value of \(node.value.count) bytes is over the limit of \(limits.valueLength)",
                           limit: .valueLength)
        }
        if let problem = count(node.permissions.count, "perm-count", of: "NODE_DATA \(shown)", field: "permissions") { return problem }
        if let pending = node.pending, pending.connectionID == 0 {
            return Problem(field: "pending", message: "NODE_DATA \(shown): pending in a transaction of conn-id 0, which means a committed node")
        }
        return size(node.path.count + node.value.count + 4 * node.permissions.count, of: "NODE_DATA \(shown)", within: limits)
    }

    private static func problem(with connection: Connection, within limits: ReadLimits) -> Problem? {
        var name: String { "CONNECTION_DATA conn-id \(connection.id)" }  // only when a message needs it
        if case .other(let type, let spec) = connection.endpoint {
            if type <= 1 {
                return Problem(field: "connType", message: "\(name): conn-type \(type) is a \(type == 0 ? "ring" : "socket"), not another type")
            }
            if spec.count != 8 {
                return Problem(field: "spec", message: "\(name): conn-spec of type \(type) must be 8 bytes, not \(spec.count)")
            }
        }
        if connection.pendingInput.count > Int(UInt16.max) {
            return Problem(field: "pendingInput", message: "\(name): \(connection.pendingInput.count) bytes of pending input, more than in-data-len can say (65535)")
        }
        if Int(connection.partialResponseLength) > connection.pendingOutput.count {
            return Problem(field: "partialResponseLength",
                           message: "\(name): out-resp-len \(connection.partialResponseLength) exceeds the \(connection.pendingOutput.count) bytes of pending output, which include it")
        }
        return size(connection.pendingInput.count + connection.pendingOutput.count, of: name, within: limits)
    }

    private static func problem(with unknown: UnknownRecord, within limits: ReadLimits) -> Problem? {
        if let known = RecordType(rawValue: unknown.type) {
            return Problem(field: "type", message: "type \(unknown.type) is \(known.name)'s, not an unknown type")
        }
        if unknown.type == OxenstoredExtensionLayout.type {
            return Problem(field: "type", message: "record type \(unknown.type) is xsconvert's \(OxenstoredExtensionLayout.name), which must follow the record it extends")
        }
        return size(unknown.body.count, of: "record type \(unknown.type)", within: limits)
    }

    /// A string that ends at a NUL in the stream: no NUL inside, and within `longest`.
    private static func string(_ bytes: Bytes, _ field: String, of record: @autoclosure () -> String, longest: Int, _ limit: ReadLimits.Limit) -> Problem? {
        if let nul = bytes.withUnsafeBytes({ $0.firstIndex(of: 0) }) {
            return Problem(field: field, message: "\(record()) \(field) \"\(bytes.excerpt)\" has a NUL at byte \(nul), which the stream cannot hold (its \(field) ends at a NUL)")
        }
        if bytes.count > longest {
            return Problem(field: field, message: "\(record()) \(field) of \(bytes.count) bytes is over the limit of \(longest)", limit: limit)
        }
        return nil
    }

    private static func quotas(_ quotas: [Quota], of record: String, field: String, within limits: ReadLimits) -> Problem? {
        for quota in quotas {
            if let problem = string(quota.name, "quota name", of: record, longest: limits.valueLength, .valueLength) {
                return Problem(field: field, message: problem.message, limit: problem.limit)
            }
        }
        return size(quotas.reduce(0) { $0 + $1.name.count + 5 }, of: record, within: limits)
    }

    /// A count that must fit a u16 field.
    private static func count(_ count: Int, _ name: String, of record: @autoclosure () -> String, field: String) -> Problem? {
        count > Int(UInt16.max) ? Problem(field: field, message: "\(record()): \(count) entries, more than \(name) can say (65535)") : nil
    }

    private static func size(_ bytes: Int, of record: @autoclosure () -> String, within limits: ReadLimits) -> Problem? {
        guard bytes > limits.recordSize else { return nil }
        return Problem(message: "\(record()) carries \(bytes) bytes, over the limit of \(limits.recordSize) for one record", limit: .recordSize)
    }
}
