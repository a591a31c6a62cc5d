import Foundation
import Testing

@Suite struct ListingCLITests {
    @Test func listsARealDumpAsXenstoreLsDid() throws {
        let result = try CLI.run(["convert", CLI.fixture("cxenstored/basic.state_dump"), "--to", "xenstore-ls"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("cxenstored/basic.state_dump.txt"))), as: UTF8.self)
        let marker = "## store before the update (xenstore-ls -f -p /)\n"
        let expected = try #require(text.range(of: marker).map { String(text[$0.upperBound...]) })
        #expect(result.stdoutText == expected)
    }

    @Test func listingCannotBeRead() throws {
        let result = try CLI.run(["inspect", "--from", "xenstore-ls", "-"], stdin: Data("/a = \"\"   (n0)\n".utf8))
        #expect(result.status == 64)
        #expect(result.stderr.contains("can be written but not read"))
    }
}
