import Foundation
import TestSupport
import Testing

/// Every command and subcommand as xsconvert describes itself (`--experimental-dump-help`),
/// with the names that lead to it (`live-switch wait`).
enum HelpTree {
    struct Command: Sendable, CustomTestStringConvertible {
        var path: [String]
        var discussion: String
        var longOptions: [String]
        var testDescription: String { path.isEmpty ? "xsconvert" : path.joined(separator: " ") }
    }

    static let commands: [Command] = {
        guard let dump = try? CLI.run(["--experimental-dump-help"]),
              let json = try? JSONSerialization.jsonObject(with: dump.stdout) as? [String: Any],
              let root = json["command"] as? [String: Any] else { return [] }
        var found: [Command] = []
        func visit(_ command: [String: Any], path: [String]) {
            let arguments = (command["arguments"] as? [[String: Any]]) ?? []
            let options = arguments.filter { ($0["shouldDisplay"] as? Bool) ?? true }.flatMap { argument in
                ((argument["names"] as? [[String: Any]]) ?? []).filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
            }.filter { !["help", "version"].contains($0) }
            found.append(Command(path: path, discussion: (command["discussion"] as? String) ?? "", longOptions: options))
            for sub in (command["subcommands"] as? [[String: Any]]) ?? [] where sub["commandName"] as? String != "help" {
                visit(sub, path: path + [(sub["commandName"] as? String) ?? ""])
            }
        }
        visit(root, path: [])
        return found
    }()

    /// The example lines of a discussion: indented lines that run a program, and the lines a
    /// trailing `\` continues.
    static func examples(in discussion: String) -> [String] {
        var lines: [String] = []
        var continued = false
        for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.drop { $0 == " " }
            let isExample = line.hasPrefix("  ") && (continued || ["xsconvert ", "xenstore-control ", "cat "].contains { text.hasPrefix($0) })
            if isExample { lines.append(String(line)) }
            continued = isExample && line.hasSuffix("\\")
        }
        return lines
    }
}

/// Help you can paste: no example cut in two at any terminal width, and an example line is
/// short enough that an 80-column terminal shows help as it is (issue #24).
@Suite struct HelpExampleCLITests {
    @Test func commandsAreFound() {
        #expect(HelpTree.commands.map(\.testDescription).contains("live-switch wait"))
        #expect(HelpTree.commands.flatMap { HelpTree.examples(in: $0.discussion) }.count >= 20)
    }

    @Test(arguments: HelpTree.commands) func examplesAreWholeAtAnyWidth(_ command: HelpTree.Command) throws {
        let examples = HelpTree.examples(in: command.discussion)
        for columns in [40, 80, 132] {
            for asked in [command.path + ["--help"], ["help"] + command.path] {
                let result = try CLI.launch(URL(fileURLWithPath: "/usr/bin/env"), ["COLUMNS=\(columns)", CLI.executable.path] + asked)
                #expect(result.status == 0, "\(result.stderr)")
                let lines = Set(result.stdoutText.split(separator: "\n").map(String.init))
                for example in examples {
                    #expect(lines.contains(example), "COLUMNS=\(columns) xsconvert \(asked.joined(separator: " ")): cut: \(example)")
                }
            }
        }
    }

    @Test(arguments: HelpTree.commands) func examplesFitIn80Columns(_ command: HelpTree.Command) {
        for example in HelpTree.examples(in: command.discussion) {
            #expect(example.count < 80, "\(command): \(example.count) columns: \(example)")
        }
    }
}

/// Help topics and misspelt names: an unknown topic is an error, a usage error points to the
/// help of the command given, a near miss gets the name meant (issue #24).
@Suite struct HelpErrorCLITests {
    static let input = CLI.fixture("oxenstored/basic.dump")

    @Test(arguments: [
        (["help", "nosuch"], "no help for 'nosuch': it is not a command; the topics are convert, inspect, validate, diff, formats, live-switch"),
        (["help", "convrt"], "no help for 'convrt': it is not a command (did you mean 'convert'?)"),
        (["help", "live-switch", "wiat"], "no help for 'live-switch wiat': it is not a command (did you mean 'live-switch wait'?)"),
        (["live-switch", "wait"], "missing expected argument '--config <path>' (see 'xsconvert live-switch wait --help')"),
        (["live-switch", "wait", "--config", "c", "--timeout", "soon"], "(see 'xsconvert live-switch wait --help')"),
        (["convert", input, "--to", "jsn"], "unknown format 'jsn' for --to (did you mean 'json'?); the formats are binary, oxenstored, json, xenstore-ls"),
        (["inspect", input, "--from", "oxenstred"], "unknown format 'oxenstred' for --from (did you mean 'oxenstored'?)"),
        (["convert", input, "--target", "xenstored-417"],
         "the value 'xenstored-417' is invalid for '--target <profile>' (did you mean 'xenstored-4.17'?)"),
        (["validate", input, "--target", "oxenstore"], "the value 'oxenstore' is invalid for '--target <profile>' (did you mean 'oxenstored'?)"),
        (["convert", input, "--to", "binary", "--byte-order", "bigg"],
         "the value 'bigg' is invalid for '--byte-order <byte-order>' (did you mean 'big'?)"),
    ])
    func usageError(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments + ["-o", "/dev/null"].filter { _ in arguments.first == "convert" })
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("xsconvert: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["help"], ["help", "convert"], ["help", "live-switch", "wait"], ["live-switch", "setup", "--help"]])
    func knownTopics(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("OVERVIEW: "))
    }
}

/// The man page documents every command, subcommand and option (issue #24), and the tool that
/// writes it refuses a discussion it would garble.
@Suite struct ManPageTests {
    static let page = (try? String(contentsOfFile: Repository.root + "/docs/man/xsconvert.1", encoding: .utf8)) ?? ""

    @Test(arguments: HelpTree.commands.filter { !$0.path.isEmpty }) func documentsEveryCommandAndOption(_ command: HelpTree.Command) throws {
        let heading = ".It Cm " + command.path.joined(separator: " ")
        let lines = Self.page.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: heading), "no \(heading) in docs/man/xsconvert.1")
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".It Cm ") || $0 == ".Sh EXIT STATUS" } ?? lines.endIndex
        let section = lines[start..<end]
        for option in command.longOptions {
            #expect(section.contains { $0.hasPrefix(".It Fl -\(option)") || $0.contains("Fl -\(option) ") || $0.hasSuffix("Fl -\(option)") },
                    "\(heading): no entry for --\(option)")
        }
    }

    /// A paragraph whose indented lines follow an unindented one that is no heading would lose
    /// two characters a line (`itch:` for `Switch:`): tools/manpage fails on it.
    @Test func garbledExampleFails() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let help = #"{"command":{"commandName":"xsconvert","abstract":"A tool.","subcommands":[{"commandName":"go","abstract":"Go.","#
            + #""discussion":"Once:    xsconvert go \\\n           --far\nSwitch:  xsconvert go"}]}}"#
        let fake = directory.appendingPathComponent("fake-xsconvert")
        try "#!/bin/sh\ncat <<'JSON'\n\(help)\nJSON\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let result = try CLI.launch(URL(fileURLWithPath: Repository.root + "/tools/manpage"), [fake.path, "2026-01-01"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("xsconvert go: a paragraph with indented lines"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
