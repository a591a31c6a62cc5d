import Foundation
import TestSupport
import Testing

/// The bash completion script, sourced into a real bash and driven as readline drives it
/// (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT): files for inputs and outputs, the listed
/// values for options that take one, and bash's own completion kept (issue #16 item 7).
@Suite struct BashCompletionTests {
    /// What `xsconvert` offers at the end of `line`, in a directory holding a few files, and
    /// the shell's state after: `complete -p`, the RETURN trap, and whether extglob survived a
    /// later function's return.
    static func complete(_ line: String) throws -> (offered: [String], spec: String, trap: String, extglob: String) {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["state_dump", "state.json", "db"] { FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data()) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("archive"), withIntermediateDirectories: false)
        let scripts = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scripts) }
        let script = scripts.appendingPathComponent("xsconvert.bash")
        try Data(try CLI.run(["--generate-completion-script", "bash"]).stdout).write(to: script)
        let driver = #"""
            shopt -s extglob
            source "$1"
            line="$2"
            COMP_LINE="$line"; COMP_POINT=${#line}
            read -ra COMP_WORDS <<< "$line"
            [[ "$line" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _xsconvert xsconvert "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '; echo
            complete -p xsconvert
            echo "trap:$(trap -p RETURN)"
            later() { :; }; later
            shopt extglob
            """#
        let text = try CLI.launch(URL(fileURLWithPath: "/bin/bash"), ["--norc", "--noprofile", "-c", driver, "bash", script.path, line],
                                  in: directory).stdoutText
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (lines[0].split(separator: " ").map(String.init), lines[1], lines[2], lines[3])
    }

    @Test(arguments: [
        ("xsconvert convert st", ["state.json", "state_dump"]),
        ("xsconvert convert ", ["archive", "db", "state.json", "state_dump"]),
        ("xsconvert convert db -o ", ["archive", "db", "state.json", "state_dump"]),
        ("xsconvert convert db --output st", ["state.json", "state_dump"]),
        ("xsconvert inspect d", ["db"]),
        ("xsconvert validate state_dump --target xenstored-4.1", ["xenstored-4.17"]),
        ("xsconvert diff db s", ["state.json", "state_dump"]),
        ("xsconvert convert db --to ", ["binary", "json", "oxenstored", "xenstore-ls"]),
        ("xsconvert convert db --from ", ["binary", "json", "oxenstored", "oxenstored-legacy"]),
        ("xsconvert convert db --from-dialect ", ["seed", "standard"]),
        ("xsconvert inspect db --from-dialect s", ["seed", "standard"]),
        ("xsconvert convert db --dialect ", ["seed", "standard", "xapi", "xen"]),
        ("xsconvert convert db --stream-version ", ["1", "2"]),
        ("xsconvert convert db --byte-order ", ["big", "little"]),
        ("xsconvert convert db --daemon ", ["c", "oxenstored"]),
        ("xsconvert con", ["convert"]),
    ])
    func offers(_ line: String, _ expected: [String]) throws {
        #expect(try Self.complete(line).offered == expected)
    }

    /// Every profile is offered for --target (a profile added later comes with it).
    @Test func targetsAreTheProfiles() throws {
        let offered = try Self.complete("xsconvert convert db --target ").offered
        #expect(offered.contains("xenstored-4.17") && offered.contains("oxenstored"), "\(offered)")
        let validate = try CLI.run(["validate", "--help"]).stdoutText
        #expect(offered.allSatisfy { validate.contains("  \($0): ") }, "\(offered)")
    }

    /// Sourcing the script and completing leaves the shell as it was: bash's own completion
    /// stays the fallback, and no RETURN trap is left to reset shell options (extglob, which
    /// bash-completion's file completion needs) at every later function return.
    @Test func shellIsLeftAsItWas() throws {
        let result = try Self.complete("xsconvert convert st")
        #expect(result.spec.hasPrefix("complete ") && result.spec.hasSuffix(" -F _xsconvert xsconvert"), "\(result.spec)")
        #expect(["-o filenames", "-o bashdefault", "-o default"].allSatisfy(result.spec.contains), "\(result.spec)")
        #expect(result.trap == "trap:")
        #expect(result.extglob.hasPrefix("extglob") && result.extglob.hasSuffix("on"), "\(result.extglob)")
    }
}

/// The completion scripts and the man page in docs/ are what this build generates (tools/docs
/// writes them; a stale copy fails here as it fails `tools/docs --check`).
@Suite struct GeneratedDocsTests {
    @Test(arguments: [("bash", "xsconvert.bash"), ("zsh", "_xsconvert"), ("fish", "xsconvert.fish")])
    func completionsAreCurrent(_ shell: String, _ file: String) throws {
        let generated = try CLI.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/docs/completions/" + file))
        #expect(generated.stdout == committed, "docs/completions/\(file) is stale: run tools/docs")
    }

    /// The page lists each status xsconvert exits with, sysexits and diff's, and no
    /// boilerplate author line.
    @Test func manPageStatesTheExitStatuses() throws {
        let page = try String(contentsOfFile: Repository.root + "/docs/man/xsconvert.1", encoding: .utf8)
        let section = try #require(page.components(separatedBy: ".Sh EXIT STATUS\n").last?.components(separatedBy: ".Sh ").first)
        let statuses = section.split(separator: "\n").filter { $0.hasPrefix(".It ") }.map { $0.dropFirst(4) }
        #expect(statuses == ["0", "1", "2", "64", "65", "66", "73", "74"])
        #expect(!page.contains(".Ex -std"))
        #expect(!page.contains(".Sh AUTHORS"))
        #expect(!page.contains("\n\n"), "a blank line in a man page is a warning")
    }
}
