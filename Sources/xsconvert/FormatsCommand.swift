import ArgumentParser
import XSConvertKit

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the formats xsconvert reads and writes."
    )

    func run() {
        for adapter in FormatRegistry.standard.adapters {
            let mode = adapter.canWrite ? "read/write" : "read only "
            var line = "\(adapter.name.padding(12)) \(mode)  \(adapter.summary)"
            if !adapter.aliases.isEmpty { line += " (also: \(adapter.aliases.joined(separator: ", ")))" }
            print(line)
        }
    }
}
