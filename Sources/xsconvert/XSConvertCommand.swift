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

            Exit status: 0 success; 1 diff: the snapshots differ; 2 diff: trouble (an input \
            cannot be read, a usage error); 64 usage error: an unknown command or option, \
            options that conflict or do not apply (EX_USAGE); 65 invalid input, a conversion \
            that would lose data without --allow-loss, or validate found errors (EX_DATAERR); \
            66 the input cannot be opened (EX_NOINPUT); 73 the output cannot be created \
            (EX_CANTCREAT); 74 reading failed (EX_IOERR).

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

    /// As ArgumentParser's, except that every error has the one shape `xsconvert: error: …`
    /// (docs/errors.md), and every failure of `diff` exits 2 (diff(1)'s "trouble"), usage
    /// errors included.
    static func main() {
        TemporaryFiles.removeOnTermination()  // Ctrl-C or kill leaves no half-written output behind
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A daemon's live update waits for it: no time spent on parsing (docs/live-switch.md)
        if let successor = LiveSwitchSuccessor(commandLine: arguments) { successor.runAsMain() }
        if let shell = completionShell(asked: arguments) {
            print(CompletionScripts.script(for: shell), terminator: "")
            return
        }
        if let topic = CommandLineErrors.unknownHelpTopic(arguments) {
            Reporting.printError("error: " + topic)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        HelpWidth.widen(for: arguments)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let status = exitCode(for: error)
            if status == .success { exit(withError: error) }  // --help, --version
            if !(error is ExitCode) {  // reported already when it is one
                Reporting.printError("error: " + CommandLineErrors.message(for: error, arguments: arguments))
            }
            let isDiff = arguments.first == DiffCommand.configuration.commandName
            Glibc.exit(isDiff && status.rawValue != 1 ? 2 : status.rawValue)
        }
    }

    /// The shell named by `--generate-completion-script SHELL` (or `=SHELL`), when that is the
    /// whole command line.
    static func completionShell(asked arguments: [String]) -> CompletionShell? {
        let option = "--generate-completion-script"
        switch arguments.count {
        case 1 where arguments[0].hasPrefix(option + "="): return CompletionShell(rawValue: String(arguments[0].dropFirst(option.count + 1)))
        case 2 where arguments[0] == option: return CompletionShell(rawValue: arguments[1])
        default: return nil
        }
    }
}
