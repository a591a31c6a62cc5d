import FoundationEssentials  // JSONEncoder, without the rest of Foundation (and its ICU)
import ArgumentParser
import XSConvertKit

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two snapshots, in any formats: nodes, connections, watches, quotas.",
        discussion: """
            Nodes are compared by path (value and permissions), connections by what they \
            connect (a domain's ring, a socket fd), watches by connection, path and token. A \
            field only one side records (oxenstored's mfn, C's event channel in an old dump) \
            is not a difference.

            Lines start with - (only in A), + (only in B) or ~ (in both, different). The \
            snapshots are compared as xsconvert reads them; where it warned about an input \
            (e.g. a stream whose record lengths leave out their padding, which C xenstored reads \
            out of step), "identical" says so.

            Exit status, as diff(1): 0 the snapshots are the same, 1 they differ, 2 trouble \
            (an input cannot be read, a usage error).

            Examples:
              xsconvert diff before.state_dump after.state_dump
              xsconvert diff oxenstored.dump converted.state_dump --json | jq .
            """
    )

    @Argument(help: "The first snapshot (A), or - for standard input.", completion: .file())
    var a: String

    @Argument(help: "The second snapshot (B), or - for standard input.", completion: .file())
    var b: String

    @OptionGroup(title: "Reading")
    var reading: ReadingOptions

    @Flag(help: "Print the differences as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Do not print warnings about the inputs.")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        var diff: SnapshotDiff?
        do {
            try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
                if a == Files.standardStream, b == Files.standardStream {
                    throw ConversionError(.usage, "A and B cannot both be standard input")
                }
                func read(_ path: String) throws -> Snapshot {
                    let input = try reading.open(path)
                    return try reading.adapter(for: input).readSnapshot(input, options: reading.readOptions, diagnostics: diagnostics).0
                }
                diff = SnapshotDiff(try read(a), try read(b))
            }
        } catch {
            throw ExitCode(2)
        }
        guard let diff else { throw ExitCode(2) }
        print(json ? try jsonReport(diff) : textReport(diff, warnings: diagnostics.warningCount), terminator: "")
        if !diff.isEmpty { throw ExitCode(1) }
    }

    /// The report; `warnings`: how many reading the inputs gave (a daemon may read them otherwise).
    func textReport(_ diff: SnapshotDiff, warnings: Int) -> String {
        var lines = diff.differences.map { difference -> String in
            let item = "\(difference.kind.rawValue) \(difference.key)"
            switch (difference.a, difference.b) {
            case (let x?, let y?): return "~ \(item)" + (difference.field.map { " \($0)" } ?? "") + ": \(x) -> \(y)"
            case (let x?, nil): return "- \(item): \(x)"
            case (nil, let y?): return "+ \(item): \(y)"
            case (nil, nil): return "~ \(item)"
            }
        }
        let count = diff.differences.count
        let caveat = warnings == 0 ? ""
            : ", as xsconvert reads them; \(warnings) warning\(warnings == 1 ? "" : "s") \(quiet ? "(not shown: -q)" : "above") say\(warnings == 1 ? "s" : "") how a daemon may read them otherwise"
        lines.append(count == 0 ? "identical: \(a) and \(b) hold the same snapshot\(caveat)"
                                : "\(count) difference\(count == 1 ? "" : "s") between \(a) (A) and \(b) (B)")
        return lines.joined(separator: "\n") + "\n"
    }

    struct JSONReport: Encodable {
        struct Item: Encodable {
            var kind: String
            var key: String
            var field: String?
            var a: String?
            var b: String?
        }
        var a: String
        var b: String
        var identical: Bool
        var differences: [Item]
    }

    func jsonReport(_ diff: SnapshotDiff) throws -> String {
        let report = JSONReport(
            a: a, b: b, identical: diff.isEmpty,
            differences: diff.differences.map { .init(kind: $0.kind.rawValue, key: $0.key, field: $0.field, a: $0.a, b: $0.b) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
