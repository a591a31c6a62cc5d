import Glibc
import ArgumentParser
import XSConvertKit

/// How to read a snapshot: the options every command that reads one shares, spelled the same
/// everywhere (`--from`, `--from-dialect`, `--strict`).
struct ReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The input format (default: detected from its first bytes).", valueName: "format"),
            completion: .list(FormatRegistry.standard.readableNames))
    var from: String?

    @Option(help: ArgumentHelp(
        "A binary input's layout: standard (C xenstored's) or seed (the seed patch's) (default: detected from its records).",
        valueName: "dialect"), completion: .list(BinaryStreamAdapter.dialects))
    var fromDialect: String?

    @Flag(help: "Refuse input the real daemon would only skip with a warning.")
    var strict = false

    @OptionGroup(title: "Limits")
    var limits: ReadLimitOptions

    func validate() throws {
        try CommandLineErrors.checkFormatName(from, for: "--from", among: FormatRegistry.standard.readableNames)
    }

    var readOptions: ReadOptions { ReadOptions(strict: strict, dialect: fromDialect, limits: limits.limits) }

    /// Opens `path` (`-`: standard input, said so when it is a terminal, where the command
    /// would otherwise seem to hang).
    func open(_ path: String, progress: ((UInt64) -> Void)? = nil) throws -> ByteInput {
        if path == Files.standardStream, isatty(0) == 1 {
            Reporting.printError("note: reading the snapshot from the terminal (standard input); Ctrl-D ends it, Ctrl-C stops")
        }
        return try Files.openInput(path, limits: limits.limits, progress: progress)
    }

    /// The format of `input`: the one named, or the one its first bytes show. A layout is
    /// only for a binary stream.
    func adapter(for input: ByteInput) throws -> any FormatAdapter {
        let adapter = try Converter().readerAdapter(for: input, named: from)
        if fromDialect != nil, adapter.name != BinaryStreamAdapter().name {
            throw ConversionError(.usage, file: input.name, "--from-dialect is for a binary stream, but this input is \(adapter.name)")
        }
        return adapter
    }
}

/// `--dialect` as inspect and validate once spelt the input's layout: deprecated, since in
/// convert it names the output's. Still read, with a warning.
struct DeprecatedInputDialect: ParsableArguments {
    @Option(name: .customLong("dialect"), help: .hidden)
    var dialect: String?

    /// `reading` with the deprecated spelling folded in (said so on standard error).
    func folded(into reading: ReadingOptions) throws -> ReadingOptions {
        guard let dialect else { return reading }
        if reading.fromDialect != nil {
            throw ConversionError(.usage, "--dialect and --from-dialect both name the input's layout; keep --from-dialect")
        }
        Reporting.printError("warning: --dialect here is deprecated: it means the input's layout, which is --from-dialect everywhere")
        var folded = reading
        folded.fromDialect = dialect
        return folded
    }
}
