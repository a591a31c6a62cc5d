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
