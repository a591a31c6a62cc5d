import Foundation
import TestSupport
import Testing

@Suite struct JSONCLITests {
    /// binary → JSON (stdout) → binary (stdin) gives back the real dump.
    @Test(arguments: ["cxenstored/basic.state_dump", "cxenstored/pending-io.state_dump"])
    func jsonThroughPipes(_ name: String) throws {
        let json = try CLI.run(["convert", CLI.fixture(name), "--to", "json", "--pretty"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdoutText.hasPrefix("{\n  \"format\": \"xsconvert-snapshot\",\n"))
        #expect(try SchemaValidation.problems([Array(json.stdout)]) == nil)
        let back = try CLI.run(["convert", "-", "--to", "binary"], stdin: json.stdout)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(name)))))
    }

    @Test func faultNamesTheJSONPath() throws {
        let document = Data(#"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"watch","connection":1,"path":"/a"}]}"#.utf8)
        let result = try CLI.run(["inspect", "-"], stdin: document)
        #expect(result.status == 65)
        #expect(result.stderr == "xsconvert: error: <stdin>: at $.records[0]: missing the member \"token\"\n")
    }

    /// gzip interop for the JSON form too: gunzip gives the plain document; gzip's archive reads.
    @Test func jsonArchivesInteroperateWithGzip() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump"), "--to", "json"])
        let archive = directory.appendingPathComponent("basic.json.gz").path
        #expect(try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump"), "--to", "json", "-o", archive]).status == 0)
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gunzip.arguments = ["-dc", archive]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let unpacked = pipe.fileHandleForReading.readDataToEndOfFile()
        gunzip.waitUntilExit()
        #expect(unpacked == plain.stdout)
        #expect(try SchemaValidation.problems([Array(unpacked)]) == nil)
        let back = try CLI.run(["convert", archive, "--to", "oxenstored"])
        #expect(back.stdout == (try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("oxenstored/basic.dump")))))
    }
}
