import Testing
@testable import XSConvertKit

/// The legacy `path{perms} = value` form, line by line (FORMATS.md §3).
@Suite struct LegacyLineTests {
    func parse(_ text: String) -> Result<LegacyLine, LegacyLine.LegacyProblem> { LegacyLine.parse(Bytes(utf8: text)[...]) }

    @Test func rootAndFirstLevelKeepTheirSlashDeeperPathsGetItBack() throws {
        #expect(try parse("/{n0}").get() == LegacyLine(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 0)], value: []))
        #expect(try parse("/vm{n0}").get().path == Bytes(utf8: "/vm"))
        #expect(try parse("local/domain/7{n0\\000r7}").get() == LegacyLine(
            path: Bytes(utf8: "/local/domain/7"),
            permissions: [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 7)], value: []))
    }

    @Test func valuesAreUnescapedAsOCamlEscapedThem() throws {
        // From basic.dump.legacy lines 81-88.
        #expect(try parse("a/b{n1} = h\\195\\169llo").get().value == [0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F])
        #expect(try parse("a/b{n1} = say \\\"hi\\\" \\\\ and {braces} = ok").get().value == Bytes(utf8: "say \"hi\" \\ and {braces} = ok"))
        #expect(try parse("a/b{n1} = \\000\\001\\127\\128\\255\\254\\n,\\000").get().value == [0, 1, 127, 128, 255, 254, 10, 44, 0])
        #expect(try parse("a/b{n1} = col1\\tcol2\\r\\b\\'\\x41").get().value == Bytes(utf8: "col1\tcol2\r\u{8}'A"))
        #expect(try parse("a/b{n1} = space  two  spaces ").get().value == Bytes(utf8: "space  two  spaces "))
    }

    @Test(arguments: [
        ("/a n0", "no {permissions}"), ("/a{n0", "not closed"), ("/a{n0}x", "expected"), ("/a b{n0}", "invalid path"),
        ("a//b{n0}", "invalid path"), ("/a{n0\\000}", "empty"), ("/a{q0}", "letter"), ("/a{n0\\9}", "three decimal digits"),
        ("/a{n0} = \\256", "three decimal digits"), ("/a{n0} = \\q", "unknown escape"), ("/a{n0} = x\\", "lone"),
        ("/a{n0} = \\x4", "two hex digits"), ("{n0}", "invalid path"),
    ])
    func malformedLinesAreErrors(_ text: String, _ words: String) {
        switch parse(text) {
        case .success(let line): Issue.record("\(text) read as \(line)")
        case .failure(let problem): #expect(problem.message.contains(words), "\(text): \(problem.message)")
        }
    }

    @Test func readerNamesTheLineOfAnError() {
        let input = Bytes(utf8: "/{n0}\n/a{n0}\n/b{n0\n")
        do {
            _ = try OxenstoredLegacyAdapter().read(input)
            Issue.record("accepted")
        } catch let error as ConversionError {
            #expect(error.location == .line(3))
        } catch { Issue.record("\(error)") }
    }

    @Test func readerSkipsANodeWithoutParentAndSynthesizesSpecialNodes() throws {
        let diagnostics = Diagnostics()
        let (snapshot, _) = try OxenstoredLegacyAdapter().read(Bytes(utf8: "/{n0}\na/b{n0}\n/a{n0} = v\n"), diagnostics: diagnostics)
        #expect(snapshot.nodes.map(\.path) == ["/", "/a", "@releaseDomain", "@introduceDomain"].map { Bytes(utf8: $0) })
        #expect(snapshot.global == nil)
        #expect(diagnostics.entries.contains { $0.location == .line(2) && $0.message.contains("parent") })
        #expect(throws: ConversionError.self) {
            try OxenstoredLegacyAdapter().read(Bytes(utf8: "/{n0}\na/b{n0}\n"), options: ReadOptions(strict: true))
        }
    }

    @Test func legacyCannotBeWritten() {
        #expect(!OxenstoredLegacyAdapter().canWrite)
        #expect(throws: ConversionError.self) { try OxenstoredLegacyAdapter().write(Snapshot()) }
    }
}
