import Foundation
import Testing

/// What a conversion writes and says, as a new user meets it (issue #24, "Conversions").
@Suite struct ConversionMessagesCLITests {
    static let dump = CLI.fixture("cxenstored/basic.state_dump")

    /// `-o state.json` writes JSON (and `.json.gz` archived JSON); a name that says JSON while
    /// --to or --target writes another format is refused; any other name keeps the input's
    /// format.
    @Test func outputFormatFollowsAJSONName() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["state.json", "state.JSON", "state.json.gz"] {
            let output = directory.appendingPathComponent(name).path
            let result = try CLI.run(["convert", Self.dump, "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            let inspected = try CLI.run(["inspect", output])
            #expect(inspected.stdoutText.contains("format:      json, version 1"), "\(name): \(inspected.stdoutText)")
        }
        let other = directory.appendingPathComponent("state.txt").path
        #expect(try CLI.run(["convert", Self.dump, "-o", other]).status == 0)
        #expect(try CLI.run(["inspect", other]).stdoutText.contains("format:      binary (standard)"))
        for options in [["--target", "xenstored-4.17"], ["--to", "binary"]] {
            let refused = try CLI.run(["convert", Self.dump, "-o", directory.appendingPathComponent("x.json").path] + options)
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("x.json is named as json, but \(options.joined(separator: " ")) writes binary; name the output otherwise"),
                    "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.json").path))
        }
    }

    /// A legacy db has nodes only: converted for C, the refusal says so and where to look.
    @Test func legacyDbForCSaysItHoldsNodesOnly() throws {
        let result = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump.legacy"), "--target", "xenstored-4.17", "-o", "/dev/null"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no ring connection for dom0"), "\(result.stderr)")
        #expect(result.stderr.contains("a legacy db (oxenstored's SIGUSR1 debug dump) holds the nodes only, no connection: to move a host, convert oxenstored's live-update dump"), "\(result.stderr)")
    }

    /// `convert --target` says in one line what making the input restorable changed; -q
    /// silences it.
    @Test(arguments: [
        ("xenstored-4.21", "xsconvert: for xenstored-4.21: stream version 1 → 2, special nodes moved\n"),
        ("xenstored-4.17", "xsconvert: for xenstored-4.17: nothing to change\n"),
    ])
    func targetSaysWhatItChanged(_ target: String, _ line: String) throws {
        let said = try CLI.run(["convert", Self.dump, "--target", target, "-o", "/dev/null"])
        #expect(said.status == 0, "\(said.stderr)")
        #expect(said.stderr == line)
        let quiet = try CLI.run(["convert", Self.dump, "--target", target, "-q", "-o", "/dev/null"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
}
