import ArgumentParser
import XSConvertKit

/// Every error of the command line in the one shape docs/errors.md promises,
/// `xsconvert: error: WHAT`, on one line: ArgumentParser's own (an unknown option, a missing
/// argument, a bad value) as well as xsconvert's. A misspelled command, help topic, format or
/// profile gets the name it is closest to.
enum CommandLineErrors {
    /// The line for an error ArgumentParser reported parsing `arguments`; a mistyped command
    /// gets the one it is closest to.
    static func message(for error: Error, arguments: [String]) -> String {
        if let command = arguments.first, !command.hasPrefix("-"), !commandNames.contains(command) {
            let suggestion = closest(to: command, among: commandNames).map { " (did you mean '\($0)'?)" }
                ?? "; the commands are \(commandNames.filter { $0 != "help" }.joined(separator: ", "))"
            return "unknown command '\(command)'\(suggestion)"
        }
        let text = XSConvertCommand.message(for: error)
        var line = String(text.split(separator: "\n").first ?? Substring(text))
        if let first = line.first, first.isUppercase, line.dropFirst().first?.isLowercase == true {
            line = first.lowercased() + line.dropFirst()  // "Unknown option" as xsconvert's own: "unknown option"
        }
        line = suggestingValue(in: line)
        let path = commandPath(arguments)
        return line + " (see 'xsconvert\(path.map { " " + $0 }.joined()) --help')"
    }

    static var commandNames: [String] {
        XSConvertCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// The subcommands `arguments` names, from the first on (`live-switch wait`), as far as
    /// they name one.
    static func commandPath(_ arguments: [String]) -> [String] {
        var command: any ParsableCommand.Type = XSConvertCommand.self
        var path: [String] = []
        for word in arguments {
            guard let sub = subcommand(word, of: command) else { break }
            path.append(word)
            command = sub
        }
        return path
    }

    static func subcommand(_ name: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        let subcommands: [any ParsableCommand.Type] = command.configuration.subcommands
        return subcommands.first { $0.configuration.commandName == name }
    }

    /// `xsconvert help TOPIC…` for a topic that is no command: an error, as an unknown command
    /// is (ArgumentParser would show the top-level help and exit 0).
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        let topics = Array(arguments.dropFirst().prefix { !$0.hasPrefix("-") })
        let known = commandPath(topics)
        guard known.count < topics.count else { return nil }
        var command: any ParsableCommand.Type = XSConvertCommand.self
        for name in known { command = subcommand(name, of: command) ?? command }
        let subcommands: [any ParsableCommand.Type] = command.configuration.subcommands
        let names = subcommands.compactMap { $0.configuration.commandName }
        let topic = topics[known.count]
        let shown = (known + [topic]).joined(separator: " ")
        let suggestion = closest(to: topic, among: names).map { " (did you mean '\((known + [$0]).joined(separator: " "))'?)" }
            ?? "; the topics are \(names.joined(separator: ", "))"
        return "no help for '\(shown)': it is not a command\(suggestion)"
    }

    /// ArgumentParser's "the value 'jsn' is invalid for '--to <format>'. Please provide one
    /// of 'json', …" with the value meant: "… '--to <format>' (did you mean 'json'?). …".
    static func suggestingValue(in line: String) -> String {
        guard let match = line.firstMatch(of: #/^(the value '(.*)' is invalid for '[^']*')(\. Please provide one of (.*')\.)?(.*)$/#),
              let listed = match.output.4 else { return line }
        let values = listed.matches(of: #/'([^']*)'/#).map { String($0.output.1) }
        guard let meant = closest(to: String(match.output.2), among: values) else { return line }
        return "\(match.output.1) (did you mean '\(meant)'?)\(match.output.3 ?? "")\(match.output.5)"
    }

    /// An unknown name of `kind` (format, profile) given to `option`, with the one meant:
    /// "unknown format 'jsn' for --to (did you mean 'json'?); the formats are …".
    static func unknownName(_ name: String, kind: String, option: String, among names: [String]) -> String {
        let suggestion = closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown \(kind) '\(name)' for \(option)\(suggestion); the \(kind)s are \(names.joined(separator: ", "))"
    }

    /// Refuses a format name `option` was given that no format has, before any input is
    /// opened, naming the one meant.
    static func checkFormatName(_ name: String?, for option: String, among names: [String]) throws {
        guard let name, (try? FormatRegistry.standard.adapter(named: name)) == nil else { return }
        throw ValidationError(unknownName(name, kind: "format", option: option, among: names))
    }

    /// The name `word` most likely meant: one it starts, or one within two edits.
    static func closest(to word: String, among names: [String]) -> String? {
        let word = word.lowercased()
        if word.count >= 2, let prefixed = names.first(where: { $0.hasPrefix(word) }) { return prefixed }
        let candidates = names.map { ($0, distance(word, $0)) }
        return candidates.filter { $0.1 <= 2 && $0.1 < $0.0.count }.min { $0.1 < $1.1 }?.0
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
