import Foundation
import TestSupport
import Testing
@testable import XSConvertKit

/// The library's messages speak of the library (options, remedies), never of a command-line
/// flag: an embedder has no `--allow-loss`. The CLI adds its flags through `Remedy`.
@Suite struct LibraryMessageTests {
    /// Every string literal in the library's code (comments aside) that names a flag.
    @Test func noMessageNamesACommandLineFlag() throws {
        let sources = Repository.root + "/Sources/XSConvertKit"
        let files = try #require(FileManager.default.enumerator(atPath: sources)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        var found: [String] = []
        let literal = try Regex(#""[^"]*--[a-z][^"]*""#)
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(literal) {
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func remediesTravelWithTheirFaults() throws {
        let diagnostics = Diagnostics()
        diagnostics.lose("GLOBAL_QUOTA_DATA")
        #expect {
            try diagnostics.settleLosses(allowLoss: false, output: "out", format: "binary")
        } throws: { ($0 as? ConversionError)?.remedy == .allowLoss }
        #expect {
            _ = try FormatRegistry.standard.detect(ByteInput(bytes: Bytes(utf8: "nothing known")))
        } throws: { ($0 as? ConversionError)?.remedy == .nameInputFormat }
        #expect {
            _ = try ParentOrder.parentsFirst([Node(path: Bytes(utf8: "/a/b"), permissions: [Permission(access: Permission.none, domid: 0)])],
                                             createMissing: false, diagnostics: diagnostics)
        } throws: { ($0 as? ConversionError)?.remedy == .createMissingParents }
    }
}
