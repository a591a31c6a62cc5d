import Foundation
import TestSupport
import Testing

/// README's Install and Requirements sections say what works (issue #24).
@Suite struct InstallDocumentationTests {
    static let readme = (try? Documentation.text("README.md")) ?? ""

    /// The shell block of README's Install section that installs by hand.
    static var manualInstall: [String] {
        guard let section = readme.firstRange(of: "## Install\n"),
              let end = readme[section.upperBound...].firstRange(of: "\n## ") else { return [] }
        return readme[section.upperBound..<end.lowerBound].split(separator: "\n").map(String.init).filter { $0.hasPrefix("install ") }
    }

    /// The manual commands work where the folders do not exist yet (stock Debian 12 has no
    /// /usr/local/share/man/man1, zsh site-functions nor fish vendor_completions.d): run under a
    /// fresh root folder, with the binary under test for the release build's.
    @Test func manualInstallWorksOnAnEmptyRoot() throws {
        let commands = Self.manualInstall
        #expect(commands.count == 5, "\(commands)")
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var installed: [String] = []
        for command in commands {
            var words = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if let comment = words.firstIndex(of: "#") { words = Array(words[..<comment]) }
            let destination = try #require(words.last)
            #expect(destination.hasPrefix("/usr/local/"), "\(command): installs outside /usr/local")
            words[words.count - 1] = root.path + destination
            if words[words.count - 2] == ".build/release/xsconvert" { words[words.count - 2] = CLI.executable.path }
            let result = try CLI.launch(URL(fileURLWithPath: "/usr/bin/env"), words, in: URL(fileURLWithPath: Repository.root))
            #expect(result.status == 0, "\(command): \(result.stderr)")
            installed.append(root.path + destination)
        }
        for path in installed {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.size] as? Int ?? 0) > 0, "\(path)")
        }
        let ran = try CLI.launch(URL(fileURLWithPath: root.path + "/usr/local/bin/xsconvert"), ["--version"])
        #expect(ran.status == 0)
    }

    /// The package is installed with apt from the file tools/package writes.
    @Test func packageInstallIsDocumented() {
        #expect(Self.readme.contains("apt install ./xsconvert_*.deb"))
        #expect(Self.readme.contains("tools/package"))
    }

    /// README's Swift requirement is the manifest's tools version, and no lower than what the
    /// sources use: `RawSpan` and `~Escapable` came with Swift 6.2.
    @Test func swiftRequirementAgreesWithTheManifest() throws {
        let manifest = try String(contentsOfFile: Repository.root + "/Package.swift", encoding: .utf8)
        let tools = try #require(manifest.firstMatch(of: #/^// swift-tools-version: *([0-9.]+)/#)?.output.1)
        let stated = try #require(Self.readme.firstMatch(of: #/Swift ([0-9.]+) or later/#)?.output.1)
        #expect(stated == tools, "README says Swift \(stated) or later; Package.swift's tools version is \(tools)")
        let uses62 = try FileManager.default.subpathsOfDirectory(atPath: Repository.root + "/Sources/XSConvertKit").contains { path in
            path.hasSuffix(".swift") && ((try? String(contentsOfFile: Repository.root + "/Sources/XSConvertKit/" + path, encoding: .utf8))
                .map { $0.contains("RawSpan") || $0.contains("~Escapable") } ?? false)
        }
        if uses62 {
            #expect(tools.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes([6, 2]) == false,
                    "the sources use RawSpan/~Escapable (Swift 6.2); the tools version is \(tools)")
        }
    }
}
