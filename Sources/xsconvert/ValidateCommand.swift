import ArgumentParser
import XSConvertKit

extension TargetProfile: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(named: argument) }
    public static var allValueStrings: [String] { all.map(\.name) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    init(named name: String) throws { self = try TargetProfile.named(name) }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Find every fault in a snapshot, optionally for the daemon that is to load it.",
        discussion: """
            Reports every problem, not just the first, each with its byte offset or line: \
            nodes before their parents, duplicate paths, conn-ids that are zero, duplicated or \
            unknown, watches, transactions and pending nodes that refer to nothing, DOMAIN_DATA \
            for an unknown domain, path syntax and length, value size, permission letters, \
            domid ranges, record lengths that leave out their padding. With --target, also what \
            that daemon refuses, crashes on, skips or misapplies (byte order, version, record \
            types, layouts and fields it does not know, dom0 first, owners without a connection, \
            DOMAIN_DATA it dies on, features it lacks, missing special nodes, no listening \
            socket): errors for what it refuses, crashes on or misapplies, warnings for what it \
            skips. Each profile is what that daemon was seen to do (docs/versions.md).

            Targets:
            \(TargetProfile.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

            Exit status: 0 no errors (warnings allowed), 65 errors found or the input is \
            unreadable, 64 usage, 66 the input cannot be opened.

            Examples:
              xsconvert convert db --target xenstored-4.17 -o state_dump
              xsconvert validate state_dump --target xenstored-4.17
            """
    )

    @Argument(help: "The snapshot to check, or - for standard input.", completion: .file())
    var input: String = Files.standardStream

    @Option(help: ArgumentHelp("The daemon that is to load it.", valueName: "profile"))
    var target: TargetProfile?

    @OptionGroup(title: "Reading")
    var reading: ReadingOptions

    @OptionGroup
    var deprecated: DeprecatedInputDialect

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        var errors = 0
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            let reading = try deprecated.folded(into: reading)
            let source = try reading.open(input)
            let adapter = try reading.adapter(for: source)
            let report = try Validator.validate(source, adapter: adapter, target: target, options: reading.readOptions, diagnostics: diagnostics)
            let name = source.gzip?.name ?? source.name
            for finding in report.findings where !(quiet && finding.severity == .warning) {
                print("\(name): \(finding.withHint)")
            }
            if report.unlistedFindings > 0 {
                print("\(name): … and \(report.unlistedFindings) more (the first \(ValidationReport.findingLimit) are shown)")
            }
            // The verdict, the "valid" line and the summary all come from the report's count.
            errors = report.errorCount
            // The reader's warnings (what a daemon skips or how it restores) count too.
            let warnings = report.warningCount + diagnostics.warningCount
            let against = target.map { " for \($0.name)" } ?? ""
            print(errors == 0
                  ? "\(name): valid\(against)" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "")
                  : "\(name): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(against)")
        }
        if errors > 0 { throw ExitCode(Reporting.exitStatus(for: .data)) }
    }
}
