import ArgumentParser
import XSConvertKit

/// The reader's limits (`ReadLimits`), shared by every command that reads a snapshot: the
/// defaults follow what the real daemons accept; each can be raised where a real store could
/// need more.
struct ReadLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The longest node or watch path to accept, in bytes (default 3072, xenstore's own limit; at most 65534).",
        valueName: "bytes"))
    var maxPathLength: Int?

    @Option(help: ArgumentHelp(
        "The largest node value, watch token or quota name to accept, in bytes (default 4096, one xenstore message; at most 65535).",
        valueName: "bytes"))
    var maxValueSize: Int?

    @Option(help: ArgumentHelp(
        "The most one record may carry: a node's path, value and permissions, a connection's pending data, a record of unknown type (default 4194304).",
        valueName: "bytes"))
    var maxRecordSize: Int?

    @Option(help: ArgumentHelp(
        "How many times its compressed size a gzip input may expand to, plus one record (default 256).", valueName: "ratio"))
    var maxExpansion: Int?

    @Option(help: ArgumentHelp(
        "The most nodes to remember, 8 to 16 bytes each, to find a node given twice or before its parent (default 10000000).",
        valueName: "count"))
    var maxNodes: Int?

    /// Each option and the limit it sets.
    private var settings: [(ReadLimits.Limit, Int?)] {
        [(.pathLength, maxPathLength), (.valueLength, maxValueSize), (.recordSize, maxRecordSize), (.expansion, maxExpansion), (.nodes, maxNodes)]
    }

    func validate() throws {
        for case let (limit, value?) in settings {
            if let problem = ReadLimits.problem(setting: limit, to: value) {
                throw ValidationError("\(Self.option(for: limit)) \(value): \(problem).")
            }
        }
    }

    var limits: ReadLimits {
        var limits = ReadLimits()
        for case let (limit, value?) in settings { limits[limit] = value }
        return limits
    }

    /// The option that raises `limit`.
    static func option(for limit: ReadLimits.Limit) -> String {
        switch limit {
        case .pathLength: "--max-path-length"
        case .valueLength: "--max-value-size"
        case .recordSize: "--max-record-size"
        case .expansion: "--max-expansion"
        case .nodes: "--max-nodes"
        }
    }
}
