import Glibc
import ArgumentParser
import XSConvertKit

@main
struct XSConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsconvert",
        abstract: "Convert and inspect saved xenstore state (oxenstored and C xenstored).",
        discussion: """
            Reads any supported form of a xenstore snapshot, detecting the format from the \
            first bytes, and writes any other. Use - for standard input or output. gzip \
            archives are read transparently and written with --gzip or an output name ending \
            in .gz.

            Formats: \(FormatRegistry.standard.names.joined(separator: ", ")) (see 'xsconvert formats').

            Exit status: 0 success; 64 usage error; 65 invalid input, a conversion that \
            would lose data without --allow-loss, or validate found errors; 66 input cannot \
            be opened; 73 output cannot be created; 74 read error. diff: 0 same, 1 \
            different, 2 trouble.

            Moving a host from oxenstored to C xenstored 4.17:
              xsconvert convert /var/run/xenstored/db --target xenstored-4.17 -o state_dump
              xsconvert validate state_dump --target xenstored-4.17
              xsconvert diff /var/run/xenstored/db state_dump

            Other examples:
              xsconvert inspect state_dump
              xsconvert convert state_dump --to binary --byte-order big -o state.be
              cat state.be | xsconvert convert - --to binary --byte-order little > state.le
              xsconvert convert state_dump --to json --pretty -o state.json
              xsconvert convert state_dump --to binary -o archive/state_dump.gz
            """,
        version: XSConvertKitVersion.current,
        subcommands: [ConvertCommand.self, InspectCommand.self, ValidateCommand.self, DiffCommand.self, FormatsCommand.self, LiveSwitchCommand.self]
    )

    /// As ArgumentParser's, except that every failure of `diff` exits 2 (diff(1)'s "trouble"),
    /// usage errors included.
    static func main() {
        TemporaryFiles.removeOnTermination()  // Ctrl-C or kill leaves no half-written output behind
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let status = exitCode(for: error)
            if arguments.first == DiffCommand.configuration.commandName, status != .success, status.rawValue != 1 {
                if !(error is ExitCode) { Reporting.printError(fullMessage(for: error)) }
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
