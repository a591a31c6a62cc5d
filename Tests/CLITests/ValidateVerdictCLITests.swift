import Foundation
import Testing
import TestSupport

/// `validate --target` gives one verdict: the exit status, the "valid" line and the summary
/// come from the same count as the findings it lists. An encoding the target cannot restore
/// (another byte order, version or format) is an error like any other.
@Suite struct ValidateVerdictCLITests {
    struct Encoding: Sendable, CustomTestStringConvertible {
        var name: String
        var convert: [String]
        var testDescription: String { name }
    }

    static let encodings = [
        Encoding(name: "big-endian stream", convert: ["--to", "binary", "--byte-order", "big"]),
        Encoding(name: "version-2 stream", convert: ["--to", "binary", "--stream-version", "2"]),
        Encoding(name: "JSON document", convert: ["--to", "json"]),
    ]

    @Test(arguments: encodings)
    func anEncodingTheTargetCannotRestoreFails(_ encoding: Encoding) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("converted").path
        let converted = try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump")] + encoding.convert + ["-o", output])
        #expect(converted.status == 0, "\(converted.stderr)")
        let validated = try CLI.run(["validate", output, "--target", "xenstored-4.17"])
        #expect(validated.status == 65, "\(validated.stdoutText)")
        let lines = validated.stdoutText.split(separator: "\n").map(String.init)
        let listed = lines.filter { $0.contains(": error: ") }.count
        #expect(listed >= 1, "\(validated.stdoutText)")
        #expect(!lines.contains { $0.hasSuffix("valid for xenstored-4.17") || $0.contains("valid for xenstored-4.17 (") }, "\(validated.stdoutText)")
        #expect(lines.last?.hasPrefix("\(output): \(listed) error\(listed == 1 ? "" : "s"), ") == true, "\(validated.stdoutText)")
    }
}
