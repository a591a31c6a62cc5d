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

/// `convert --target` then `validate --target`, as an operator moving a host would.
@Suite struct TargetCLITests {
    @Test(arguments: ["xenstored-4.17", "xenstored-4.21", "oxenstored"])
    func convertedDumpValidatesForItsTarget(_ target: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out").path
        let converted = try CLI.run(["convert", CLI.fixture("oxenstored/guests200.dump"), "--target", target, "-o", output])
        #expect(converted.status == 0, "\(converted.stderr)")
        let validated = try CLI.run(["validate", output, "--target", target])
        #expect(validated.status == 0, "\(validated.stdoutText)")
        #expect(validated.stdoutText.hasSuffix("\(output): valid for \(target)\n"))
    }

    @Test func targetConflictsWithOtherFormatOptions() throws {
        let input = CLI.fixture("oxenstored/basic.dump")
        #expect(try CLI.run(["convert", input, "--target", "xenstored-4.17", "--to", "oxenstored"]).status == 64)
        #expect(try CLI.run(["convert", input, "--target", "xenstored-4.17", "--byte-order", "big"]).status == 64)
        #expect(try CLI.run(["convert", input, "--to", "json", "--socket-fd", "3"]).status == 64)
        #expect(try CLI.run(["convert", input, "--target", "oxenstored", "--socket-fd", "2"]).status == 64)
        #expect(try CLI.run(["convert", input, "--target", "xenstored-9"]).status == 64)
    }
}
