import Foundation
import Testing

/// oxenstored's formats through the real executable.
@Suite struct OxenstoredCLITests {
    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test(arguments: ["basic.dump", "guests200.dump"])
    func textToLittleEndianVersion1AndBackIsByteIdentical(_ name: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = CLI.fixture("oxenstored/" + name)
        let stream = directory.appendingPathComponent("state_dump").path
        let toStream = try CLI.run(["convert", original, "--to", "binary", "--byte-order", "little", "--stream-version", "1", "-o", stream])
        #expect(toStream.status == 0, "\(toStream.stderr)")
        // Written as asked, with the one warning that C xenstored would not restore it (its
        // dom lines do not start with dom0's): nothing else.
        #expect(toStream.stderr.hasPrefix("xsconvert: warning: \(stream): xenstored-4.17 would not restore this stream: the first connection is domain "), "\(toStream.stderr)")
        #expect(toStream.stderr.split(separator: "\n").count == 1, "\(toStream.stderr)")
        let header = try contents(stream).prefix(16)
        #expect(header == Data("xenstore".utf8) + Data([0, 0, 0, 1, 0, 0, 0, 0]))
        // Back through a pipe, the format detected.
        let back = try CLI.run(["convert", "-", "--to", "oxenstored"], stdin: try contents(stream))
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try contents(original)))
    }

    /// The xapi fork's dump through a version-2 stream and back with --dialect xapi: every
    /// watch's depth comes back as the fifth field (WATCH_DATA_EXTENDED in between); without
    /// it, the in-tree dialect refuses the depths as a loss.
    @Test func theForksDepthsSurviveAVersion2StreamWithTheXapiDialect() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = CLI.fixture("oxenstored-xapi/basic-depth.dump")
        let stream = directory.appendingPathComponent("state_dump").path
        let text = directory.appendingPathComponent("direct.dump").path
        #expect(try CLI.run(["convert", original, "--to", "binary", "--stream-version", "2", "-q", "-o", stream]).status == 0)
        #expect(try CLI.run(["convert", original, "--to", "oxenstored", "--dialect", "xapi", "-q", "-o", text]).status == 0)
        let back = try CLI.run(["convert", stream, "--to", "oxenstored", "--dialect", "xapi"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try contents(text)))
        let watches = back.stdoutText.split(separator: "\n").filter { $0.hasPrefix("watch,") }
        #expect(watches.count == 6 && watches.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 5 })
        let inTree = try CLI.run(["convert", stream, "--to", "oxenstored"])
        #expect(inTree.status != 0 && inTree.stderr.contains("watch depth"), "\(inTree.stderr)")
        let json = try CLI.run(["convert", stream, "--to", "json", "--dialect", "xapi"])
        #expect(json.status != 0 && json.stderr.contains("--dialect is for a binary stream or an oxenstored dump"))
    }

    @Test func legacyDumpGivesTheSameStoreLinesAsTheTextDump() throws {
        let result = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump.legacy"), "--to", "text"])
        #expect(result.status == 0, "\(result.stderr)")
        let storeLines = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("store,") } }
        let expected = storeLines(String(decoding: try contents(CLI.fixture("oxenstored/basic.dump")), as: UTF8.self))
        #expect(expected.count == 148)
        #expect(storeLines(result.stdoutText) == expected)
    }

    @Test func strictRefusesALineOxenstoredSkipsAndNamesIt() throws {
        let dump = Data("$xenstored-dump-format\nglobal,3\nsocket,7\nwatch,-9,2f61,74\n".utf8)
        let lenient = try CLI.run(["convert", "-", "--to", "oxenstored"], stdin: dump)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("line 4") && lenient.stderr.contains("skipped"), "\(lenient.stderr)")
        #expect(!lenient.stdoutText.contains("watch,"))
        let strict = try CLI.run(["convert", "-", "--to", "oxenstored", "--strict"], stdin: dump)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("line 4"), "\(strict.stderr)")
    }

    @Test func cDumpToTextNeedsAllowLoss() throws {
        let input = CLI.fixture("cxenstored/basic.state_dump")
        let refused = try CLI.run(["convert", input, "--to", "oxenstored"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("pending input/output data"), "\(refused.stderr)")
        let allowed = try CLI.run(["convert", input, "--to", "oxenstored", "--allow-loss"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("dropped:"))
        #expect(allowed.stdoutText.hasPrefix("$xenstored-dump-format\nglobal,3\ndom,0,0,0,2\n"))
    }

    @Test func inspectShowsTheOxenstoredFields() throws {
        let result = try CLI.run(["inspect", CLI.fixture("oxenstored/basic.dump")])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("format:      oxenstored"))
        #expect(result.stdoutText.contains("conn 2: ring domid 7 evtchn 5 mfn 68719476735 remote-port 4"))
    }

    @Test func legacyCannotBeAnOutput() throws {
        let result = try CLI.run(["convert", CLI.fixture("oxenstored/basic.dump"), "--to", "oxenstored-legacy"])
        #expect(result.status == 64)
    }
}
