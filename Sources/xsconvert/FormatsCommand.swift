import ArgumentParser
import XSConvertKit

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the formats xsconvert reads and writes, and the daemons it writes for (--target)."
    )

    func run() {
        print(Self.table(FormatRegistry.standard), terminator: "")
        print("\ntargets (convert --target, validate --target):")
        print(Self.targets(TargetProfile.all), terminator: "")
    }

    /// One line a target profile: its name and what that daemon restores.
    static func targets(_ profiles: [TargetProfile]) -> String {
        let width = profiles.map(\.name.count).max() ?? 0
        return profiles.map { "\($0.name.padding(width))  \($0.summary)\n" }.joined()
    }

    /// One line a format: its name, whether it is read, written or both, what it is, its
    /// other names; in columns as wide as the longest entry.
    static func table(_ registry: FormatRegistry) -> String {
        let width = registry.adapters.map(\.name.count).max() ?? 0
        return registry.adapters.map { adapter in
            let mode = switch (adapter.canRead, adapter.canWrite) {
            case (true, true): "read/write"
            case (true, false): "read only"
            case (false, _): "write only"
            }
            var line = "\(adapter.name.padding(width))  \(mode.padding(10))  \(adapter.summary)"
            if !adapter.aliases.isEmpty { line += " (also: \(adapter.aliases.joined(separator: ", ")))" }
            return line + "\n"
        }.joined()
    }
}
