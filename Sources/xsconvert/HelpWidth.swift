import Glibc
import ArgumentParser

/// The width help is laid out at, so that no example is cut in two. ArgumentParser wraps a
/// command's discussion at the terminal's width (COLUMNS, else the terminal's, else 80),
/// examples included: `-o⏎state_dump` cannot be pasted. Help is laid out at that width, or
/// at the widest example's of the command shown when that is wider (prose lines then wrap in
/// the terminal, which adds no line break to what is copied). Examples are kept under 80
/// columns (a test checks), so at 80 or more nothing changes.
enum HelpWidth {
    /// The example lines of `discussion`: indented lines that run a program
    /// (`  xsconvert convert …`, `  xenstore-control …`), and the lines a trailing `\`
    /// continues.
    static func exampleLines(of discussion: String) -> [Substring] {
        var examples: [Substring] = []
        var continued = false
        for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.drop { $0 == " " }
            let isExample = line.hasPrefix("  ") && (continued || programs.contains { text.hasPrefix($0 + " ") })
            if isExample { examples.append(line) }
            continued = isExample && line.hasSuffix("\\")
        }
        return examples
    }

    static let programs = ["xsconvert", "xenstore-control", "cat"]

    /// The columns the widest example of `command`'s help needs: ArgumentParser keeps a line
    /// whole when it is shorter than the width.
    static func needed(by command: any ParsableCommand.Type) -> Int {
        exampleLines(of: command.configuration.discussion).map { $0.count + 1 }.max() ?? 0
    }

    /// Sets COLUMNS, which ArgumentParser reads first, when the terminal is narrower than the
    /// widest example of the help asked for (`help live-switch wait`, `convert --help`).
    static func widen(for arguments: [String]) {
        let asked = arguments.first == "help" || arguments.contains { ["--help", "-h"].contains($0) }
        guard asked else { return }
        var command: any ParsableCommand.Type = XSConvertCommand.self
        for name in CommandLineErrors.commandPath(arguments.first == "help" ? Array(arguments.dropFirst()) : arguments) {
            command = CommandLineErrors.subcommand(name, of: command) ?? command
        }
        let width = getenv("COLUMNS").flatMap { Int(String(cString: $0)) } ?? terminalWidth ?? 80
        let needed = needed(by: command)
        if width < needed { setenv("COLUMNS", String(needed), 1) }
    }

    static var terminalWidth: Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
