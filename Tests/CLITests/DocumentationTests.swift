import Foundation
import TestSupport
import Testing

/// The user documentation as text: README, docs/ and the DocC articles.
enum Documentation {
    /// Every Markdown file a user reads, by repository-relative path.
    static let files: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: Repository.root + "/docs")) ?? []
        let articles = (try? FileManager.default.contentsOfDirectory(atPath: Repository.root + "/Sources/XSConvertKit/XSConvertKit.docc")) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
            + articles.filter { $0.hasSuffix(".md") }.sorted().map { "Sources/XSConvertKit/XSConvertKit.docc/" + $0 }
    }()

    static func text(_ file: String) throws -> String {
        try String(contentsOfFile: Repository.root + "/" + file, encoding: .utf8)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: Repository.root + "/" + path)
    }
}

/// What a reader trips on in the docs: a table cut in two, a link or a path that leads
/// nowhere.
@Suite struct DocumentationLintTests {
    @Test func filesAreFound() {
        #expect(Documentation.files.contains("docs/format-mapping.md"))
        #expect(Documentation.files.count > 10)
    }

    /// A blank line between two rows ends a Markdown table: the rows after it show as text.
    @Test(arguments: Documentation.files) func tablesAreWhole(_ file: String) throws {
        let lines = try Documentation.text(file).split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices.dropFirst().dropLast() where lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            #expect(!(lines[index - 1].hasPrefix("|") && lines[index + 1].hasPrefix("|")), "\(file):\(index + 1): a blank line splits a table")
        }
    }

    /// Relative links, and repository paths in code spans (`docs/json.md`, `tools/sample`),
    /// name files that exist; the project's shared material is `../shared/…`, beside a clone.
    @Test(arguments: Documentation.files) func pathsLeadSomewhere(_ file: String) throws {
        let text = try Documentation.text(file)
        let directory = (file as NSString).deletingLastPathComponent
        for match in text.matches(of: try Regex(#"\]\(([^)\s]+)\)"#)) {
            let target = String(match.output[1].substring!)
            guard !target.hasPrefix("http"), !target.hasPrefix("#"), !target.hasPrefix("doc:"), !target.hasPrefix("<doc:") else { continue }
            let path = ((directory as NSString).appendingPathComponent(String(target.split(separator: "#")[0])) as NSString).standardizingPath
            #expect(Documentation.exists(path), "\(file): link to \(target), which is not in the repository")
        }
        for match in text.matches(of: try Regex(#"`((?:Tests|tools|docs|Sources|Schemas|Fuzz)/[^`\s]*)`"#)) {
            let path = String(match.output[1].substring!)
            // Placeholders (TARGET, FILE) and patterns stand for many files.
            guard path.rangeOfCharacter(from: CharacterSet(charactersIn: "*…<")) == nil,
                  !path.split(separator: "/").contains(where: { $0.count > 1 && $0.allSatisfy { $0.isUppercase } }) else { continue }
            #expect(Documentation.exists(path), "\(file): `\(path)` is not in the repository")
        }
        for match in text.matches(of: try Regex(#"`(shared/[^`]*)`"#)) {
            Issue.record("\(file): `\(match.output[1].substring!)` is not in the repository (the shared material is ../shared)")
        }
    }
}

/// A command line shown to users: in a fenced block of README or docs/, or in the examples
/// of a command's --help.
struct Example: Sendable, CustomTestStringConvertible {
    var source: String
    var command: String
    var testDescription: String { "\(source): \(command)" }
}

/// Every example, found mechanically, so a new one is run without being listed here.
enum Examples {
    static let commands = ["convert", "inspect", "validate", "diff", "formats", "help"]

    /// Whether `line` runs xsconvert: it starts with `xsconvert COMMAND`, or pipes into it.
    static func isCommand(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return (words.first == "xsconvert" && words.count > 1 && commands.contains(String(words[1])))
            || line.contains("| xsconvert ")
    }

    /// The shell blocks of README and docs/: a block starting with `#!` is a script to save
    /// (its syntax is checked), any other holds commands to type.
    static let shellBlocks: [(file: String, text: String)] = Documentation.files.flatMap { file -> [(file: String, text: String)] in
        guard let text = try? Documentation.text(file) else { return [] }
        return text.matches(of: #/```(\w*)\n((?s).*?)```/#)
            .filter { ["", "sh", "bash", "shell", "console"].contains(String($0.output.1)) }
            .map { (file, String($0.output.2)) }
    }

    static let scripts: [Example] = shellBlocks.filter { $0.text.hasPrefix("#!") }.map {
        Example(source: $0.file, command: $0.text)
    }

    static let markdown: [Example] = shellBlocks.filter { !$0.text.hasPrefix("#!") }.flatMap { block in
        block.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter(isCommand).map { Example(source: block.file, command: $0) }
    }

    /// The indented lines of every command's discussion (`xsconvert help COMMAND`).
    static let help: [Example] = {
        guard let dump = try? CLI.run(["--experimental-dump-help"]),
              let json = try? JSONSerialization.jsonObject(with: dump.stdout) as? [String: Any],
              let root = json["command"] as? [String: Any] else { return [] }
        var examples: [Example] = []
        func visit(_ command: [String: Any], path: String) {
            let name = path.isEmpty ? "xsconvert --help" : "xsconvert help \(path)"
            for line in ((command["discussion"] as? String) ?? "").split(separator: "\n") where line.hasPrefix("  ") {
                let text = line.trimmingCharacters(in: .whitespaces)
                if isCommand(text) { examples.append(Example(source: name, command: text)) }
            }
            for sub in (command["subcommands"] as? [[String: Any]]) ?? [] {
                visit(sub, path: ((sub["commandName"] as? String) ?? ""))
            }
        }
        visit(root, path: "")
        return examples
    }()

    static let all = markdown + help

    /// Programs that only a live Xen host has: an example using one runs up to the pipe that
    /// feeds it (what xsconvert does), and says so.
    static let hostPrograms = ["xenstore-ls", "xenstore-read", "xenstore-write", "xenstore-control", "xl", "systemctl"]

    /// The part of `command` this machine can run, and why the rest is left out.
    static func runnable(_ command: String) -> (command: String, leftOut: String?) {
        let segments = command.components(separatedBy: " | ")
        guard let index = segments.firstIndex(where: { segment in
            hostPrograms.contains { segment.contains(try! Regex("(^|<\\(|\\$\\()\\s*\($0)\\b")) }
        }) else { return (command, nil) }
        return (segments[..<index].joined(separator: " | "), "needs a live Xen host: " + segments[index...].joined(separator: " | "))
    }
}

/// Every example in README, docs/ and --help runs, on files named as the examples name them,
/// and writes what its file names say: `state.le` is little-endian, `.gz` an archive, and so
/// on (issue #16 item 4).
@Suite(.serialized) struct ExampleTests {
    /// The files the examples name, made once from the fixtures.
    static let sandbox: URL? = try? makeSandbox()

    static func makeSandbox() throws -> URL {
        let root = try CLI.temporaryDirectory()
        let manager = FileManager.default
        for folder in ["archive", "var/run/xenstored", "var/lib/xenstored"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        func copy(_ fixture: String, _ names: [String]) throws {
            for name in names { try manager.copyItem(atPath: CLI.fixture(fixture), toPath: root.appendingPathComponent(name).path) }
        }
        try copy("cxenstored/basic.state_dump", ["state_dump", "before.state_dump", "after.state_dump", "converted.state_dump",
                                                 "var/run/xenstored/state_dump", "var/lib/xenstored/state_dump"])
        try copy("cxenstored-4.21/basic.state_dump", ["state.v2", "v2.bin"])
        try copy("oxenstored/basic.dump", ["db", "oxenstored.dump", "var/run/xenstored/db"])
        try copy("oxenstored/basic.dump.legacy", ["var/run/xenstored/db.debug"])
        func make(_ arguments: [String]) throws {
            let result = try CLI.run(arguments, in: root)
            guard result.status == 0 else { throw ConversionFailure(arguments: arguments, stderr: result.stderr) }
        }
        try make(["convert", "state_dump", "--to", "binary", "--byte-order", "big", "-o", "state.be"])
        try make(["convert", "state_dump", "--to", "json", "-o", "state.json"])
        try make(["convert", "state_dump", "-o", "archive/host1.gz"])
        try make(["convert", "state_dump", "-o", "archive/host1-state.gz"])
        // A seed dump of a host without a transaction in flight.
        try make(["convert", CLI.fixture("seed/host.bin"), "--target", "xenstored-4.17", "--allow-loss", "-q", "-o", "seed.standard"])
        try make(["convert", "seed.standard", "--to", "binary", "--dialect", "seed", "--allow-loss", "-q", "-o", "seed.bin"])
        try manager.removeItem(at: root.appendingPathComponent("seed.standard"))
        return root
    }

    struct ConversionFailure: Error { var arguments: [String]; var stderr: String }

    /// A script an operator is told to save is valid shell.
    @Test(arguments: Examples.scripts) func scriptParses(_ script: Example) throws {
        let result = try Self.bash("bash -n <<'SCRIPT'\n" + script.command + "SCRIPT\n", in: URL(fileURLWithPath: "/tmp"))
        #expect(result.status == 0, "\(script.source): \(result.stderr)")
        #expect(script.command.contains("xsconvert "))
    }

    @Test func examplesAreFound() {
        #expect(Examples.scripts.count >= 2)
        #expect(Examples.markdown.count >= 20)
        #expect(Examples.help.count >= 15)
        #expect(Examples.all.contains { $0.source == "README.md" && $0.command.hasPrefix("cat state.be | xsconvert convert -") })
    }

    @Test(arguments: Examples.all) func runs(_ example: Example) throws {
        let template = try #require(Self.sandbox)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory)
        try FileManager.default.copyItem(at: template, to: directory)
        let before = try Self.files(in: directory)
        let (runnable, leftOut) = Examples.runnable(example.command)
        if let leftOut { print("example \(example): runs only its xsconvert part (\(leftOut))") }
        // Absolute paths of a host (/var/run/xenstored/db) are the sandbox's.
        let command = [" ", "(", "="].reduce(runnable.hasPrefix("/var/") ? String(runnable.dropFirst()) : runnable) {
            $0.replacingOccurrences(of: $1 + "/var/", with: $1 + "var/")
        }
        let result = try Self.bash("set -o pipefail; " + command, in: directory)
        let isDiff = runnable.hasPrefix("xsconvert diff ")
        #expect(result.status == 0 || (isDiff && result.status == 1), "\(example): exit \(result.status): \(result.stderr)")
        #expect(!result.stderr.contains("xsconvert: error"), "\(example): \(result.stderr)")
        for (path, date) in try Self.files(in: directory) where before[path] != date {
            try Self.checkNamed(path, in: directory, example: example)
        }
    }

    /// A file a command wrote holds what its name says.
    static func checkNamed(_ path: String, in directory: URL, example: Example) throws {
        let name = (path as NSString).lastPathComponent
        let rules: [(matches: Bool, expected: String)] = [
            (name.hasSuffix(".be"), "-endian"), (name.hasSuffix(".be"), "big-endian"),
            (name.hasSuffix(".le"), "little-endian"),
            (name.hasSuffix(".v1"), ", version 1"), (name.hasSuffix(".v2"), ", version 2"),
            (name.hasSuffix(".json"), "format:      json"),
            (name.hasSuffix(".gz"), "\ngzip:"),
            (name.hasSuffix("state_dump") || name.hasSuffix("state_dump.gz"), "format:      binary (standard)"),
            (name == "db" || name == "db.gz", "format:      oxenstored"),
        ]
        let wanted = rules.filter(\.matches).map(\.expected)
        guard !wanted.isEmpty else { return }
        let inspected = try CLI.run(["inspect", path], in: directory)
        for expected in wanted {
            #expect(inspected.stdoutText.contains(expected), "\(example) wrote \(path), which is not what its name says (\(expected)): \(inspected.stdoutText)")
        }
    }

    /// Each regular file under `directory` (relative path) with its modification time.
    static func files(in directory: URL) throws -> [String: Date] {
        var files: [String: Date] = [:]
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: directory.path) ?? NSEnumerator() {
            let attributes = try manager.attributesOfItem(atPath: directory.appendingPathComponent(path).path)
            if attributes[.type] as? FileAttributeType == .typeRegular { files[path] = attributes[.modificationDate] as? Date }
        }
        return files
    }

    static func bash(_ script: String, in directory: URL) throws -> (status: Int32, stderr: String) {
        let result = try CLI.launch(URL(fileURLWithPath: "/bin/bash"), ["--norc", "--noprofile", "-c", script], in: directory)
        return (result.status, result.stderr)
    }
}

/// The Swift in README and the DocC articles compiles against this build of XSConvertKit, and
/// the getting-started article's program runs: building a snapshot, making it restorable,
/// checking and writing it (issue #16, the library).
@Suite struct SwiftSnippetTests {
    static let files = Documentation.files.filter { $0 == "README.md" || $0.hasSuffix(".docc/" + ($0 as NSString).lastPathComponent) }

    /// The file's ```swift blocks, in order, as one program.
    static func program(_ file: String) throws -> String {
        try Documentation.text(file).matches(of: #/```swift\n((?s).*?)```/#).map { String($0.output.1) }.joined(separator: "\n")
    }

    /// Compiles `source` into an executable in `directory`, linked with the library's objects.
    static func compile(_ source: String, in directory: URL) throws -> (status: Int32, errors: String, executable: URL) {
        let build = CLI.executable.deletingLastPathComponent()
        let objects = try FileManager.default.contentsOfDirectory(atPath: build.appendingPathComponent("XSConvertKit.build").path)
            .filter { $0.hasSuffix(".o") }.map { build.appendingPathComponent("XSConvertKit.build/" + $0).path }
        let main = directory.appendingPathComponent("main.swift"), executable = directory.appendingPathComponent("snippet")
        try Data(source.utf8).write(to: main)
        let result = try CLI.launch(URL(fileURLWithPath: "/usr/bin/env"), [
            "swiftc", main.path, "-I", build.appendingPathComponent("Modules").path,
            "-I", Repository.root + "/Sources/CZlib", "-lz", "-o", executable.path] + objects)
        return (result.status, result.stderr, executable)
    }

    @Test func articlesAreFound() {
        #expect(Self.files.contains("README.md"))
        #expect(Self.files.contains("Sources/XSConvertKit/XSConvertKit.docc/GettingStarted.md"))
    }

    @Test(arguments: files) func compiles(_ file: String) throws {
        let source = try Self.program(file)
        guard !source.isEmpty else { return }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.compile(source, in: directory)
        #expect(result.status == 0, "\(file) does not compile:\n\(result.errors)")
    }

    /// The getting-started program builds a snapshot, makes it restorable and writes it; what it
    /// wrote, C xenstored 4.17 restores.
    @Test func gettingStartedRuns() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The oxenstored dump the "Edit a snapshot" section reads.
        try FileManager.default.copyItem(atPath: CLI.fixture("oxenstored/basic.dump"), toPath: directory.appendingPathComponent("db").path)
        let compiled = try Self.compile(try Self.program("Sources/XSConvertKit/XSConvertKit.docc/GettingStarted.md"), in: directory)
        try #require(compiled.status == 0, "\(compiled.errors)")
        let run = try CLI.launch(compiled.executable, [], in: directory)
        let printed = run.stdoutText
        #expect(run.status == 0, "\(printed)\(run.stderr)")
        #expect(printed.hasPrefix("guest1\n"), "\(printed)")
        #expect(printed.contains("same store"), "\(printed)")
        #expect(printed.hasSuffix("/local/domain/1/name = \"renamed\" (n0 r1)\n"), "\(printed)")
        let validated = try CLI.run(["validate", "state_dump", "--target", "xenstored-4.17"], in: directory)
        #expect(validated.status == 0, "\(validated.stdoutText)")
        #expect(validated.stdoutText == "state_dump: valid for xenstored-4.17\n", "\(validated.stdoutText)")
    }
}
