import Foundation
import Testing

/// Failures as a user meets them: one line on stderr naming the file, the place and what was
/// expected; a documented exit status; and never a half-written output file.
@Suite struct ErrorReportingCLITests {
    @Test func garbledInputNamesFileOffsetAndExpectation() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/minimal.state_dump")))
        bytes[8...11] = Data([0, 0, 0, 7])  // version 7
        let input = directory.appendingPathComponent("bad.state_dump")
        try bytes.write(to: input)
        let result = try CLI.run(["inspect", input.path])
        #expect(result.status == 65)
        #expect(result.stderr == "xsconvert: error: \(input.path): at byte 8: header: version 7 is not supported; expected 1 or 2\n")
    }

    @Test func missingInputExits66() throws {
        let result = try CLI.run(["convert", "/nonexistent/dump", "--to", "binary"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/dump: cannot open"))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/minimal.state_dump"), "--to", "yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown format 'yaml'"))
    }

    @Test func badOptionValueIsAUsageError() throws {
        let result = try CLI.run(["convert", "-", "--to", "binary", "--byte-order", "middle"])
        #expect(result.status == 64)
    }

    @Test func unwritableOutputExits73() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/minimal.state_dump"), "--to", "binary", "-o", "/nonexistent/out"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("/nonexistent/out"))
    }

    @Test func emptyInputCannotBeDetected() throws {
        let result = try CLI.run(["inspect", "-"], stdin: Data())
        #expect(result.status == 65)
        #expect(result.stderr.contains("<stdin>: at byte 0: cannot tell the format: the input is empty"))
    }

    /// A truncated input fails after output has started: the target file must not appear, and
    /// an existing one must be left as it was.
    @Test func failedConversionLeavesNoFileBehind() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/pending-io.state_dump")))
        let truncated = directory.appendingPathComponent("truncated")
        try whole.prefix(150_000).write(to: truncated)
        let output = directory.appendingPathComponent("out.bin")
        let fresh = try CLI.run(["convert", truncated.path, "--to", "binary", "-o", output.path])
        #expect(fresh.status == 65)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["truncated"])

        try Data("previous".utf8).write(to: output)
        let over = try CLI.run(["convert", truncated.path, "--to", "binary", "-o", output.path])
        #expect(over.status == 65)
        #expect(try Data(contentsOf: output) == Data("previous".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["out.bin", "truncated"])
    }

    /// Version 2 data written as version 1: refused with the list, or written with what was
    /// dropped reported.
    @Test func lossIsRefusedThenReportedWhenAllowed() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A v2 little-endian stream: one DOMAIN_DATA (domain 3, no quotas), END.
        let v2 = Data([0x78, 0x65, 0x6e, 0x73, 0x74, 0x6f, 0x72, 0x65, 0, 0, 0, 2, 0, 0, 0, 0,
                       7, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
                       0, 0, 0, 0, 0, 0, 0, 0])
        let input = directory.appendingPathComponent("v2")
        try v2.write(to: input)
        let output = directory.appendingPathComponent("v1")
        let refused = try CLI.run(["convert", input.path, "--to", "binary", "--stream-version", "1", "-o", output.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("It would lose:"))
        #expect(refused.stderr.hasSuffix("\n  (--allow-loss writes it anyway and reports what it dropped)\n"))
        #expect(refused.stderr.contains("- domain features (version 2 only: from a version-1 stream C xenstored gives the domain its default) (e.g. domain 3: 0x0)"))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let allowed = try CLI.run(["convert", input.path, "--to", "binary", "--stream-version", "1", "--allow-loss", "-o", output.path])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("xsconvert: dropped: \(output.path): domain features (version 2 only"))
        // The record stays (C 4.21 writes DOMAIN_DATA in version 1 too), its features 0.
        #expect(try Data(contentsOf: output) == Data([0x78, 0x65, 0x6e, 0x73, 0x74, 0x6f, 0x72, 0x65, 0, 0, 0, 1, 0, 0, 0, 0,
                                                    7, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
                                                    0, 0, 0, 0, 0, 0, 0, 0]))
    }
}

/// The library names no flag; the command line adds the one that helps (`Remedy`).
@Suite struct RemedyHintCLITests {
    @Test func undetectedFormatSuggestsFrom() throws {
        let result = try CLI.run(["inspect", "-"], stdin: Data("no format at all\n".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.hasSuffix("expected one of binary, oxenstored, oxenstored-legacy, json (name it with --from)\n"), "\(result.stderr)")
    }

    @Test func missingParentsSuggestCreateParents() throws {
        let document = #"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":1},{"kind":"node","path":"/a/b","value":"","permissions":["n0"]}]}"#
        let result = try CLI.run(["convert", "-", "--target", "xenstored-4.17"], stdin: Data(document.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.hasSuffix("\n  (--create-parents creates them)\n"), "\(result.stderr)")
    }

    @Test func validateSuggestsTheTarget() throws {
        let result = try CLI.run(["validate", CLI.fixture("oxenstored/basic.dump"), "--target", "xenstored-4.17"])
        #expect(result.stdoutText.contains("but the format is oxenstored (convert --target xenstored-4.17 writes what it restores)\n"), "\(result.stdoutText)")
    }
}

@Suite struct SpecialOutputCLITests {
    /// A device named as the output is written in place, never renamed over.
    @Test func writingToDevNullLeavesItADevice() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump"), "--to", "binary", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }
}
