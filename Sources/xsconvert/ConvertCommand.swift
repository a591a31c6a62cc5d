import ArgumentParser
import XSConvertKit

extension ByteOrder: ExpressibleByArgument {}

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a snapshot from one format to another.",
        discussion: """
            The input format is detected from the first bytes unless --from names it. The \
            output is written to a temporary file beside OUTPUT and renamed into place only \
            when complete, so a failed conversion never leaves a half-written file.

            A binary stream keeps the input's byte order and version unless told otherwise; \
            from other formats it is written little-endian, version 1 (what C xenstored \
            4.17-4.20 on x86 reads). If the output cannot hold everything the input has \
            (e.g. version 2 records written as version 1), nothing is written and the loss is \
            listed; --allow-loss writes it anyway and reports what was dropped.

            Examples:
              xsconvert convert state_dump --to binary --byte-order big -o state.be
              xsconvert convert state.v2 --to binary --stream-version 1 --allow-loss -o state.v1
              xsconvert convert /var/run/xenstored/db --to binary -o state_dump
            """
    )

    @Argument(help: "The snapshot to read, or - for standard input.")
    var input: String = Files.standardStream

    @Option(name: .shortAndLong, help: "Where to write, or - for standard output.")
    var output: String = Files.standardStream

    @Option(help: ArgumentHelp("The output format.", valueName: "format"))
    var to: String

    @Option(help: ArgumentHelp("The input format (default: detected).", valueName: "format"))
    var from: String?

    @Option(help: "Byte order of a binary stream's records: little or big.")
    var byteOrder: ByteOrder?

    @Option(help: ArgumentHelp("Binary stream version: 1 or 2.", valueName: "n"))
    var streamVersion: UInt32?

    @Flag(help: "Write even if the output format cannot hold everything; report what was dropped.")
    var allowLoss = false

    @Flag(help: "Reject input the real daemon would only skip with a warning.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Do not print warnings (dropped or synthesized data are still reported).")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            let source = try Files.openInput(input)
            let sink = try Files.createOutput(output)
            _ = try Converter().convert(
                source, from: from, to: sink, format: to,
                readOptions: ReadOptions(strict: strict),
                writeOptions: WriteOptions(byteOrder: byteOrder, streamVersion: streamVersion, allowLoss: allowLoss),
                diagnostics: diagnostics)
        }
    }
}
