import Foundation
import Testing

/// `xsconvert convert` driven as a user would: a real process, real files, pipes.
@Suite struct ConvertCLITests {
    @Test(arguments: ["minimal.state_dump", "basic.state_dump", "pending-io.state_dump"])
    func realDumpRoundTripsThroughBothByteOrders(_ name: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = CLI.fixture("cxenstored/" + name)
        let big = directory.appendingPathComponent("dump.be").path
        let toBig = try CLI.run(["convert", original, "--to", "binary", "--byte-order", "big", "-o", big])
        #expect(toBig.status == 0, "\(toBig.stderr)")
        // Back to little-endian through a pipe: stdin to stdout.
        let back = try CLI.run(["convert", "-", "--to", "binary", "--byte-order", "little"],
                               stdin: try Data(contentsOf: URL(fileURLWithPath: big)))
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try Data(contentsOf: URL(fileURLWithPath: original))))
    }
}
