import ArgumentParser
import XSConvertKit

/// Output to the user on standard error, and the mapping of failures to exit statuses.
enum Reporting {
    static func printError(_ text: String) {
        var stream = StandardError()
        print("xsconvert: " + text, to: &stream)
    }

    /// Prints each diagnostic (warnings unless `quiet`; dropped and synthesized data always),
    /// then how many warnings there were beyond those kept.
    static func show(_ diagnostics: Diagnostics, quiet: Bool, onlyWarnings: Bool = false) {
        for entry in diagnostics.entries where !(quiet && entry.severity == .warning) && !(onlyWarnings && entry.severity != .warning) {
            printError(entry.withHint)
        }
        let more = diagnostics.unlistedWarnings
        if !quiet, more > 0 {
            printError("warning: … and \(more) more warning\(more == 1 ? "" : "s") (\(diagnostics.warningCount) in all; the first \(diagnostics.warningLimit) are shown)")
        }
    }

    /// Runs `body`; a `ConversionError` becomes one message on stderr and its exit status.
    static func run(diagnostics: Diagnostics, quiet: Bool, _ body: () throws -> Void) throws {
        do {
            try body()
            show(diagnostics, quiet: quiet)
        } catch let error as ConversionError {
            // Nothing was written: what would have been synthesized or dropped is moot.
            show(diagnostics, quiet: quiet, onlyWarnings: true)
            printError("error: " + error.withHint)
            throw ExitCode(exitStatus(for: error.kind))
        }
    }

    /// Writes `text` to file descriptor 2 as it is (unbuffered, like stderr); a failure to
    /// report is not reported.
    static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            try? FileDescriptorSink(fd: 2, name: "<stderr>").write(UnsafeRawBufferPointer(bytes))
        }
    }

    /// sysexits(3) statuses.
    static func exitStatus(for kind: ConversionError.Kind) -> Int32 {
        switch kind {
        case .usage: 64       // EX_USAGE
        case .data, .loss: 65 // EX_DATAERR
        case .cannotOpen: 66  // EX_NOINPUT
        case .cannotCreate: 73 // EX_CANTCREAT
        case .io: 74          // EX_IOERR
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        Reporting.writeToStandardError(string)
    }
}
