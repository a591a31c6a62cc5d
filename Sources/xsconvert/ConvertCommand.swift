import Glibc
import ArgumentParser
import XSConvertKit

extension ByteOrder: NamedArgument {}
extension Daemon: NamedArgument {}

/// A choice among fixed names, its raw values. ArgumentParser's default value strings go
/// through string interpolation, whose dynamic casts scan every protocol conformance of the
/// program: a millisecond of every start (docs/performance.md).
protocol NamedArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension NamedArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a snapshot from one format to another.",
        discussion: """
            The input format is detected from the first bytes unless --from names it. The \
            output is in the format --to names, the one --target's daemon restores, JSON for \
            an output named *.json (or *.json.gz), or else the input's own: an output in \
            another format needs --to. An output named *.json that --to or --target would \
            write in another format is refused. It is written to a temporary file beside OUTPUT and renamed into \
            place only when complete, so a failed conversion never leaves a half-written \
            file. OUTPUT may not be the input file (by any name, link or symbolic link); an \
            OUTPUT that is a symbolic link to another file writes that file and stays a link. \
            In a sticky world-writable directory (/tmp) another user's link is not followed \
            and another user's file is not replaced, as the kernel's protected_symlinks and \
            protected_regular rules say (exit 73). \
            Binary or gzip output is not written to a terminal.

            gzip input is decompressed transparently (multi-member archives included; CRC32 \
            and size are checked). --gzip, or an output name ending in .gz, compresses the \
            output; its header records the content's name, the input's modification time and \
            a comment naming the format, version, byte order, node count and xsconvert's \
            version.

            --target makes the output exactly what that daemon restores: its format, byte \
            order and version, its record order (GLOBAL_DATA and dom0's connection first, \
            watches after their connection, parents before children, the special nodes where \
            that version writes them), its WATCH_DATA_EXTENDED layout, the features it gives a \
            domain where the input records none; what it would skip or misapply (quotas and \
            features an older daemon lacks, DOMID_ANY, transactions...) are losses (refused \
            without --allow-loss); what it refuses (bad paths, conn-id 0, duplicates, a \
            DOMAIN_DATA it dies on...) is mended and reported, or refused. The result is read \
            back and validated before it is written: it always passes 'xsconvert validate \
            --target' for the same daemon. Profiles: 'xsconvert validate --help', \
            docs/versions.md.

            Without --target, a binary stream keeps the input's records, their order, byte \
            order and version unless told otherwise; from other formats it is written \
            little-endian, version 1 (what C xenstored 4.17-4.20 on x86 reads). If the C \
            daemon reading that version would not restore it (no GLOBAL_DATA first, dom0's \
            connection not first, a node before its parent, ...), it is written as asked and \
            one warning names the first fault. If the output cannot hold everything the input \
            has (e.g. version 2 records written as version 1), nothing is written and the \
            loss is listed; --allow-loss writes it anyway and reports what was dropped.

            Binary streams come in two layouts: standard (C xenstored's) and seed (the seed \
            patch's big-endian draft); the input's is detected from its records \
            (--from-dialect forces it), the output is standard unless --dialect seed. \
            oxenstored dumps come in two: xen (the in-tree daemon's) and xapi (the xapi \
            fork's, whose watch lines carry a depth); the output is xen unless --dialect xapi.

            Options that do not apply to the output (--pretty without JSON, --level without \
            gzip, --byte-order without a binary stream, ...) are errors.

            Examples:
              xsconvert convert /var/run/xenstored/db --target xenstored-4.17 -o state_dump
              xsconvert convert seed.bin --target xenstored-4.17 --socket-fd 3 -o state.le
              xsconvert convert oxenstored.dump --target xenstored-4.22 -o state_dump
              xsconvert convert state_dump --to binary --byte-order big -o state.be
              xsconvert convert state.v2 --stream-version 1 --allow-loss -o state.v1
              xsconvert convert state_dump -o state_dump.gz --level 9
              xsconvert convert state_dump --to json --pretty -o state.json
              xsconvert convert state_dump --to json | jq '.records[].path // empty'
              xsconvert convert state_dump --to xenstore-ls | diff - <(xenstore-ls -f -p)
            """
    )

    @Argument(help: "The snapshot to read, or - for standard input.", completion: .file())
    var input: String = Files.standardStream

    @Option(name: .shortAndLong, help: "Where to write, or - for standard output.", completion: .file())
    var output: String = Files.standardStream

    @Option(help: ArgumentHelp("The output format (default: the input's; implied by --target).", valueName: "format"),
            completion: .list(FormatRegistry.standard.writableNames))
    var to: String?

    @Option(help: ArgumentHelp(
        "Write exactly what this daemon restores (profiles: 'xsconvert validate --help').", valueName: "profile"))
    var target: TargetProfile?

    @OptionGroup(title: "Reading")
    var reading: ReadingOptions

    @Option(help: "Binary output: the byte order of its records, little or big.")
    var byteOrder: ByteOrder?

    @Option(help: ArgumentHelp("Binary output: the stream version, 1 or 2.", valueName: "n"), completion: .list(["1", "2"]))
    var streamVersion: UInt32?

    @Option(help: ArgumentHelp("Binary output: its layout, standard (C xenstored's) or seed (the seed patch's); oxenstored output: xen (the in-tree daemon's, the default) or xapi (the xapi fork's, with watch depths).", valueName: "dialect"),
            completion: .list(BinaryStreamAdapter.dialects + OxenstoredDialect.allCases.map(\.rawValue)))
    var dialect: String?

    @Flag(help: "JSON output: indented for people (the default is compact).")
    var pretty = false

    @Option(help: "xenstore-ls output: list as C xenstored (c) or oxenstored would (default: as the input's daemon).")
    var daemon: Daemon?

    @Flag(help: "Compress the output with gzip (implied by an output name ending in .gz).")
    var gzip = false

    @Option(help: ArgumentHelp("gzip output: the compression level, 1 (fastest) to 9 (smallest); default 6.", valueName: "n"),
            completion: .list((1...9).map(String.init)))
    var level: Int?

    @Option(help: ArgumentHelp(
        "With --target: the fd at which the restored daemon inherits its listening socket, written in place of the input's (which a seed dump does not record).",
        valueName: "fd"))
    var socketFD: Int32?

    @Flag(help: "Where an order is made (--target, or a JSON document without a source): create missing parents, inheriting the nearest ancestor's permissions, instead of failing.")
    var createParents = false

    @Flag(help: "Write even if the output format cannot hold everything; report what was dropped.")
    var allowLoss = false

    @Flag(name: .shortAndLong, help: "Do not print warnings (dropped or synthesized data are still reported).")
    var quiet = false

    @Flag(inversion: .prefixedNo, help: "Show how far a long conversion is, when standard error is a terminal (never in a pipe or file).")
    var progress = true

    func validate() throws {
        try CommandLineErrors.checkFormatName(to, for: "--to", among: FormatRegistry.standard.writableNames)
    }

    func run() throws {
        let diagnostics = Diagnostics()
        let meter = ProgressMeter.make(for: input, enabled: progress)
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            defer { meter?.finish() }  // the line cleared before any message
            try checkTargetOptions()
            let source = try reading.open(input, progress: meter.map { meter in { meter.update($0) } })
            let reader = try reading.adapter(for: source)
            let format = try outputFormat(reading: reader)
            try checkOptions(writing: format, reading: reader)
            let compression = compression
            if output == Files.standardStream, isatty(1) == 1, compression != nil || format.name == BinaryStreamAdapter().name {
                throw ConversionError(.usage, "\(compression != nil ? "gzip" : "binary") output is not written to a terminal; name a file with -o or redirect standard output")
            }
            try SameFile.refuseOverwriting(input: input, with: output)
            let sink = try Files.createOutput(output, compression: compression)
            let writeOptions = WriteOptions(
                byteOrder: byteOrder, streamVersion: streamVersion, dialect: dialect, allowLoss: allowLoss, pretty: pretty,
                createMissingParents: createParents, listingDaemon: daemon, socketFD: socketFD)
            if let target {
                do {
                    let result = try Converter().convert(source, from: reader.name, to: sink, target: target, readOptions: reading.readOptions,
                                                         writeOptions: writeOptions, diagnostics: diagnostics)
                    if !quiet {
                        let changes = result.changes.isEmpty ? "nothing to change" : result.changes.joined(separator: ", ")
                        Reporting.printError("for \(target.name): \(changes)")
                    }
                } catch var error as ConversionError where error.kind == .data && reader.name == OxenstoredLegacyAdapter().name {
                    error.message += "; a legacy db (oxenstored's SIGUSR1 debug dump) holds the nodes only, no connection: to move a host, convert oxenstored's live-update dump (/var/run/xenstored/db, docs/moving.md)"
                    throw error
                }
            } else {
                _ = try Converter().convert(source, from: reader.name, to: sink, format: format.name, readOptions: reading.readOptions,
                                            writeOptions: writeOptions, diagnostics: diagnostics)
            }
        }
    }

    /// The output's format: the target's, the one named, the one the output's name ends in
    /// (`.json`, also before `.gz`), or the input's. A name whose extension says another
    /// format than the one written is refused.
    func outputFormat(reading reader: any FormatAdapter) throws -> any FormatAdapter {
        let registry = FormatRegistry.standard
        let named = try Self.formatNamed(byExtensionOf: output).map { try registry.adapter(named: $0) }
        let format: any FormatAdapter
        if let target {
            format = try registry.adapter(named: target.format)
            if let to, (try registry.adapter(named: to)).name != format.name {
                throw ConversionError(.usage, "--target \(target.name) writes \(format.name); it cannot be combined with --to \(to)")
            }
        } else if let to {
            format = try registry.adapter(named: to)
            guard format.canWrite else { throw ConversionError(.usage, "\(format.name) can be read but not written") }
        } else if let named {
            return named
        } else {
            guard reader.canWrite else {
                throw ConversionError(.usage, "\(reader.name) can be read but not written; name the output format with --to")
            }
            return reader
        }
        if let named, named.name != format.name {
            let option = target.map { "--target \($0.name)" } ?? "--to \(to ?? "")"
            throw ConversionError(.usage, "\(output) is named as \(named.name), but \(option) writes \(format.name); name the output otherwise")
        }
        return format
    }

    /// The format an output name's extension names: `.json` (before a `.gz` too) is JSON;
    /// any other extension names none, and the output is in the input's format unless told.
    static func formatNamed(byExtensionOf output: String) -> String? {
        guard output != Files.standardStream else { return nil }
        var name = output.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return name.hasSuffix(".json") ? JSONAdapter().name : nil
    }

    /// The options that only --target gives meaning to, or that it decides itself.
    func checkTargetOptions() throws {
        if let socketFD, socketFD < 3 {
            throw ConversionError(.usage, "--socket-fd \(socketFD): the daemon's listening socket cannot be fd 0, 1 or 2 (its standard streams), nor none")
        }
        guard let target else {
            if socketFD != nil { throw ConversionError(.usage, "--socket-fd goes with --target") }
            return
        }
        if byteOrder != nil || streamVersion != nil || dialect != nil {
            throw ConversionError(.usage, "--target \(target.name) decides the layout, byte order and version; drop --dialect, --byte-order and --stream-version")
        }
    }

    /// Each option given must change the output: one that does not apply to it is an error,
    /// not silently ignored.
    func checkOptions(writing format: any FormatAdapter, reading reader: any FormatAdapter) throws {
        func refuse(_ option: String, isFor what: String) throws {
            throw ConversionError(.usage, "\(option) is for \(what), but the output is \(format.name)")
        }
        if format.name != BinaryStreamAdapter().name {
            for (option, given) in [("--byte-order", byteOrder != nil), ("--stream-version", streamVersion != nil)] where given {
                try refuse(option, isFor: "a binary stream")
            }
            if dialect != nil, format.name != OxenstoredAdapter().name { try refuse("--dialect", isFor: "a binary stream or an oxenstored dump") }
        }
        if pretty, format.name != JSONAdapter().name { try refuse("--pretty", isFor: "JSON") }
        if daemon != nil, format.name != ListingAdapter().name { try refuse("--daemon", isFor: "a xenstore-ls listing") }
        if level != nil, compression == nil {
            throw ConversionError(.usage, "--level is for gzip output (--gzip, or an output name ending in .gz)")
        }
        // Parents are created where an order is made: for a target, or for a document whose
        // order means nothing written where order matters.
        let ordersRecords = !reader.recordOrderIsMeaningful && format.requiredOrder != .any
        if createParents, target == nil, !ordersRecords {
            throw ConversionError(.usage, "--create-parents goes with --target, or with a JSON document written as binary or oxenstored (where an order is made); here the input's order is kept")
        }
    }

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
        return OutputCompression(level: level ?? OutputCompression.defaultLevel, metadata: GzipMetadata(fileName: name, modificationTime: mtime))
    }
}
