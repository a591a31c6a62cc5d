import Glibc
import ArgumentParser
import XSConvertKit

extension ByteOrder: ExpressibleByArgument {}
extension Daemon: ExpressibleByArgument {}

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a snapshot from one format to another.",
        discussion: """
            The input format is detected from the first bytes unless --from names it. The \
            output is written to a temporary file beside OUTPUT and renamed into place only \
            when complete, so a failed conversion never leaves a half-written file. OUTPUT \
            may not be the input file (by any name, link or symbolic link); an OUTPUT that is \
            a symbolic link to another file writes that file and stays a link.

            gzip input is decompressed transparently (multi-member archives included; CRC32 \
            and size are checked). --gzip, or an output name ending in .gz, compresses the \
            output; its header records the content's name, the input's modification time and \
            a comment naming the format, version, byte order, node count and xsconvert's \
            version.

            --target makes the output exactly what that daemon restores: its format, byte \
            order and version, GLOBAL_DATA and dom0's connection first, watches after their \
            connection, special nodes present, parents before children; records it would skip \
            or misapply are losses (refused without --allow-loss), and what was made up is \
            reported. The result passes 'xsconvert validate --target' for the same daemon.

            Binary streams come in two layouts: standard (C xenstored's) and seed (the seed \
            patch's big-endian draft, 32-bit fields, strings without NUL); the input's is \
            detected from its records (--from-dialect forces it), the output is standard unless \
            --dialect seed.

            A binary stream keeps the input's byte order and version unless told otherwise; \
            from other formats it is written little-endian, version 1 (what C xenstored \
            4.17-4.20 on x86 reads). If the output cannot hold everything the input has \
            (e.g. version 2 records written as version 1), nothing is written and the loss is \
            listed; --allow-loss writes it anyway and reports what was dropped.

            Examples:
              xsconvert convert state_dump --to binary --byte-order big -o state.be
              xsconvert convert v2.bin --to binary --stream-version 1 --allow-loss -o v1.bin
              xsconvert convert state_dump --to binary -o state_dump.gz --level 9
              xsconvert convert /var/run/xenstored/db --target xenstored-4.17 -o state_dump
              xsconvert convert state_dump --to json --pretty | less
              xsconvert convert state_dump --to json | jq '.records[].path // empty'
              xsconvert convert state_dump --to xenstore-ls | diff - <(xenstore-ls -f -p)
              xsconvert convert seed.bin --target xenstored-4.17 -o state_dump
            """
    )

    /// gzip when asked or implied by the output name: the header records the archive's
    /// content name (the output without .gz) and the input's modification time.
    var compression: OutputCompression? {
        guard gzip || OutputCompression.isImplied(by: output) else { return nil }
        var name: String?
        if output != Files.standardStream {
            let base = String(output.split(separator: "/").last ?? Substring(output))
            name = base.hasSuffix(".gz") ? String(base.dropLast(3)) : base
        }
        let mtime = Files.modificationTime(of: input) ?? UInt32(clamping: time(nil))
        return OutputCompression(level: level, metadata: GzipMetadata(fileName: name, modificationTime: mtime))
    }

    @Argument(help: "The snapshot to read, or - for standard input.")
    var input: String = Files.standardStream

    @Option(name: .shortAndLong, help: "Where to write, or - for standard output.")
    var output: String = Files.standardStream

    @Option(help: ArgumentHelp("The output format (implied by --target).", valueName: "format"))
    var to: String?

    @Option(help: ArgumentHelp(
        "Write exactly what this daemon restores (profiles: 'xsconvert validate --help').", valueName: "profile"))
    var target: TargetProfile?

    @Flag(help: "Indent JSON output for people (the default is compact).")
    var pretty = false

    @Flag(help: "Create missing parents of nodes (inheriting the nearest ancestor's permissions) instead of failing.")
    var createParents = false

    @Option(help: ArgumentHelp(
        "With --target: the fd at which the restored daemon inherits its listening socket, written in place of the input's (which a seed dump does not record).",
        valueName: "fd"))
    var socketFD: Int32?

    @Option(help: ArgumentHelp("The input format (default: detected).", valueName: "format"))
    var from: String?

    @Option(help: "Byte order of a binary stream's records: little or big.")
    var byteOrder: ByteOrder?

    @Option(help: ArgumentHelp("Binary stream version: 1 or 2.", valueName: "n"))
    var streamVersion: UInt32?

    @Option(help: ArgumentHelp("Binary stream layout to write: standard (C xenstored's) or seed (the seed patch's).", valueName: "dialect"))
    var dialect: String?

    @Option(help: ArgumentHelp("Binary stream layout of the input (default: detected).", valueName: "dialect"))
    var fromDialect: String?

    @Option(help: "For --to xenstore-ls: list as C xenstored (c) or oxenstored would (default: as the input's daemon).")
    var daemon: Daemon?

    @Flag(help: "Compress the output with gzip (implied by an output name ending in .gz).")
    var gzip = false

    @Option(help: ArgumentHelp("gzip compression level, 1 (fastest) to 9 (smallest).", valueName: "n"))
    var level: Int = OutputCompression.defaultLevel

    @Flag(help: "Write even if the output format cannot hold everything; report what was dropped.")
    var allowLoss = false

    @Flag(help: "Reject input the real daemon would only skip with a warning.")
    var strict = false

    @OptionGroup(title: "Limits")
    var limits: ReadLimitOptions

    @Flag(name: .shortAndLong, help: "Do not print warnings (dropped or synthesized data are still reported).")
    var quiet = false

    @Flag(inversion: .prefixedNo, help: "Show how far a long conversion is, when standard error is a terminal (never in a pipe or file).")
    var progress = true

    func validate() throws {
        if let socketFD, socketFD < 3 {
            throw ValidationError("--socket-fd \(socketFD): the daemon's listening socket cannot be fd 0, 1 or 2 (its standard streams), nor none.")
        }
        guard let target else {
            if to == nil { throw ValidationError("Name the output format with --to, or the daemon with --target.") }
            if socketFD != nil { throw ValidationError("--socket-fd goes with --target.") }
            return
        }
        if let to, (try? FormatRegistry.standard.adapter(named: to).name) != target.format {
            throw ValidationError("--target \(target.name) writes \(target.format); it cannot be combined with --to \(to).")
        }
        if byteOrder != nil || streamVersion != nil || dialect != nil {
            throw ValidationError("--target \(target.name) decides the layout, byte order and version; drop --dialect, --byte-order and --stream-version.")
        }
    }

    func run() throws {
        let diagnostics = Diagnostics()
        let meter = ProgressMeter.make(for: input, enabled: progress)
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            defer { meter?.finish() }  // the line cleared before any message
            let source = try Files.openInput(input, limits: limits.limits, progress: meter.map { meter in { meter.update($0) } })
            try SameFile.refuseOverwriting(input: input, with: output)
            let sink = try Files.createOutput(output, compression: compression)
            let readOptions = ReadOptions(strict: strict, dialect: fromDialect, limits: limits.limits)
            let writeOptions = WriteOptions(
                byteOrder: byteOrder, streamVersion: streamVersion, dialect: dialect, allowLoss: allowLoss, pretty: pretty,
                createMissingParents: createParents, listingDaemon: daemon, socketFD: socketFD)
            if let target {
                _ = try Converter().convert(source, from: from, to: sink, target: target, readOptions: readOptions,
                                            writeOptions: writeOptions, diagnostics: diagnostics)
            } else {
                _ = try Converter().convert(source, from: from, to: sink, format: to ?? "", readOptions: readOptions,
                                            writeOptions: writeOptions, diagnostics: diagnostics)
            }
        }
    }
}
