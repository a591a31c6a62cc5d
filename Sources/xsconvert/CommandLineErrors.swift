import ArgumentParser

/// Every error of the command line in the one shape docs/errors.md promises,
/// `xsconvert: error: WHAT`, on one line: ArgumentParser's own (an unknown option, a missing
/// argument, a bad value) as well as xsconvert's.
enum CommandLineErrors {
    /// The line for an error ArgumentParser reported parsing `arguments`; a mistyped command
    /// gets the one it is closest to.
    static func message(for error: Error, arguments: [String]) -> String {
        if let command = arguments.first, !command.hasPrefix("-"), !commandNames.contains(command) {
            let suggestion = closest(to: command).map { " (did you mean '\($0)'?)" }
                ?? "; the commands are \(commandNames.filter { $0 != "help" }.joined(separator: ", "))"
            return "unknown command '\(command)'\(suggestion)"
        }
        let text = XSConvertCommand.message(for: error)
        var line = String(text.split(separator: "\n").first ?? Substring(text))
        if let first = line.first, first.isUppercase, line.dropFirst().first?.isLowercase == true {
            line = first.lowercased() + line.dropFirst()  // "Unknown option" as xsconvert's own: "unknown option"
        }
        let help = arguments.first.map { commandNames.contains($0) ? " \($0)" : "" } ?? ""
        return line + " (see 'xsconvert\(help) --help')"
    }

    static var commandNames: [String] {
        XSConvertCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// The command `word` most likely meant: one it starts, or one within two edits.
    static func closest(to word: String) -> String? {
        let candidates = commandNames.map { ($0, distance(word.lowercased(), $0)) }
        if let prefixed = candidates.first(where: { $0.0.hasPrefix(word.lowercased()) && word.count >= 2 }) { return prefixed.0 }
        return candidates.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
