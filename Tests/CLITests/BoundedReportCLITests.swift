import Foundation
import Testing

/// Warnings and validate's findings are counted and capped: the first ones are shown, then a
/// total (a dump of a million skipped lines prints a few dozen lines, in bounded memory).
@Suite struct BoundedReportCLITests {
    @Test func theFirstWarningsThenATotal() throws {
        let dump = "$xenstored-dump-format\nglobal,3\n" + String(repeating: "\n", count: 1000)
        let result = try CLI.run(["convert", "-", "--from", "oxenstored", "--to", "json", "-o", "/dev/null"], stdin: Data(dump.utf8))
        #expect(result.status == 0)
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("xsconvert: warning: ") }
        #expect(warnings.count == 21, "\(result.stderr)")
        #expect(warnings.last == "xsconvert: warning: … and 980 more warnings (1000 in all; the first 20 are shown)")
    }

    @Test func validateShowsTheFirstThousandFindings() throws {
        // 3000 special nodes no daemon knows (`@n0000`…): a warning each, from the validator.
        var stream = Data("xenstore".utf8) + Data([0, 0, 0, 1, 0, 0, 0, 0])
        for index in 0..<3000 {
            let path = [UInt8](String(format: "@n%04d", index).utf8) + [0]
            // NODE_DATA, len 32: conn-id 0, tx-id 0, path-len 7, value-len 0, access 0,
            // perm-count 1, perm n0, path + NUL (27 bytes), five bytes of padding.
            stream += Data([5, 0, 0, 0, 32, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0])
            stream += Data([UInt8(ascii: "n"), 0, 0, 0] + path + [0, 0, 0, 0, 0])
        }
        stream += Data(count: 8)
        let result = try CLI.run(["validate", "-", "-q"], stdin: stream)
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 2, "\(lines.prefix(3))")
        #expect(lines.first == "<stdin>: … and 2000 more (the first 1000 are shown)")
        #expect(lines.last == "<stdin>: valid (3000 warnings)")
    }
}
