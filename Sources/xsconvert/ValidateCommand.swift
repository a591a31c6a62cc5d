import ArgumentParser
import XSConvertKit

extension TargetProfile: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(named: argument) }
    public static var allValueStrings: [String] { all.map(\.name) }
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
            domid ranges. With --target, also what that daemon refuses, crashes on, skips or \
            loses (byte order, version, record types and fields it does not know, dom0 first, \
            owners without a connection, missing special nodes).

            Targets:
            \(TargetProfile.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

            Exit status: 0 no errors (warnings allowed), 65 errors found or the input is \
            unreadable, 64 usage, 66 the input cannot be opened.

            Examples:
              xsconvert validate state_dump --target xenstored-4.17
              xsconvert convert db --target xenstored-4.17 -o state_dump && xsconvert validate state_dump --target xenstored-4.17
            """
    )

    @Argument(help: "The snapshot to check, or - for standard input.")
    var input: String = Files.standardStream

    @Option(help: ArgumentHelp("The daemon that is to load it.", valueName: "profile"))
    var target: TargetProfile?

    @Option(help: ArgumentHelp("The input format (default: detected).", valueName: "format"))
    var from: String?

    @Option(name: [.customLong("dialect"), .customLong("from-dialect")],
            help: ArgumentHelp("Binary stream layout: standard or seed (default: detected).", valueName: "dialect"))
    var dialect: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        var errors = 0
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            let source = try Files.openInput(input)
            let adapter = try Converter().readerAdapter(for: source, named: from)
            let validator = try Validator.validate(source, adapter: adapter, target: target, options: ReadOptions(dialect: dialect), diagnostics: diagnostics)
            let name = source.gzip?.name ?? source.name
            for finding in validator.findings where !(quiet && finding.severity == .warning) {
                print("\(name): \(finding.withHint)")
            }
            errors = validator.errors.count
            let warnings = validator.findings.count - errors
            let against = target.map { " for \($0.name)" } ?? ""
            print(errors == 0
                  ? "\(name): valid\(against)" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "")
                  : "\(name): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(against)")
        }
        if errors > 0 { throw ExitCode(Reporting.exitStatus(for: .data)) }
    }
}
