import Foundation
import Testing

/// Inputs that never end (a device, a pipe that keeps writing) are not read forever: after
/// END at most a bounded tail is read, a line or a JSON string longer than any record can need
/// is refused, whitespace after a JSON document is read only so far. Each command runs under
/// `timeout 60`; the conversion must end by itself, well before.
@Suite struct EndlessInputCLITests {
    /// Runs `pipeline` (`XS` stands for the xsconvert binary) in a shell in a fresh directory.
    func run(_ pipeline: String) throws -> (status: Int32, stderr: String, directory: URL) {
        let directory = try CLI.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["60", "/bin/sh", "-c", pipeline.replacingOccurrences(of: "XS", with: CLI.executable.path)]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr, directory)
    }

    static let dump = CLI.fixture("cxenstored/minimal.state_dump")
    static let document = #"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"node","path":"/","value":"","permissions":["n0"]}]}"#

    /// END followed by /dev/zero, plain and inside a gzip stream: converted, with a warning
    /// that what follows END was not read.
    @Test(arguments: ["", " | gzip -1"])
    func endThenZeros(_ compression: String) throws {
        let (status, stderr, directory) = try run("cat \(Self.dump) /dev/zero\(compression) | XS convert - --to json -o out.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("at byte 344: more than 65536 bytes after END are not part of the stream; not read"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path))
    }

    /// /dev/zero as an oxenstored dump: refused at its first line.
    @Test func zerosAsATextDump() throws {
        let (status, stderr, directory) = try run("XS convert - --from oxenstored --to json -o out.json < /dev/zero")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 65)
        #expect(stderr.hasPrefix(#"xsconvert: error: <stdin>: line 1: the first line is "\0\0"#), "\(stderr)")
    }

    /// A line that never ends after a valid header: refused at the line limit.
    @Test func anEndlessLine() throws {
        let (status, stderr, directory) = try run(#"(echo '$xenstored-dump-format'; tr '\0' , < /dev/zero) | XS convert - --to json -o out.json"#)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 65)
        #expect(stderr.contains("<stdin>: line 2: the line is longer than 16842752 bytes"), "\(stderr)")
    }

    /// A JSON string that never ends: refused at the limit of its member.
    @Test func anEndlessJSONString() throws {
        let opening = #"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"node","path":""#
        let (status, stderr, directory) = try run("(printf '%s' '\(opening)'; tr '\\0' a < /dev/zero) | XS convert - --to json -o out.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 65)
        #expect(stderr.contains("<stdin>: at $.records[0].path: a string longer than 3072 bytes, the limit for a path"), "\(stderr)")
    }

    /// Whitespace after a JSON document that never ends: converted, with a warning.
    @Test func endlessWhitespaceAfterADocument() throws {
        let (status, stderr, directory) = try run("(printf '%s' '\(Self.document)'; tr '\\0' ' ' < /dev/zero) | XS convert - --to binary -o out")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("more than 65536 bytes of whitespace follow the document; not read"), "\(stderr)")
    }

    /// A JSON document of nodes that never ends, into a binary stream: the check of what C
    /// would restore remembers each node (for duplicates and parents) up to --max-nodes, then
    /// stops with an error naming the limit, well within a memory cap. (The default, 10
    /// million, ends so too, past what a debug build reads in a test's time.)
    @Test func anEndlessJSONDocumentOfNodes() throws {
        let opening = #"{"format":"xsconvert-snapshot","version":1,"records":[{"kind":"global","socketFD":3,"eventChannelFD":6},{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":2},"#
        let nodes = #"awk 'BEGIN { for (i = 0; ; i++) printf "{\"kind\":\"node\",\"path\":\"/n%d\",\"value\":\"\",\"permissions\":[\"n0\"]},", i }'"#
        let (status, stderr, directory) = try run("ulimit -v 2000000; (printf '%s' '\(opening)'; \(nodes)) | XS convert - --to binary --max-nodes 50000 -o out")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 65, "\(stderr)")
        #expect(stderr.contains("<stdin>: at $.records[50002]: more than 50000 nodes, the most xsconvert remembers (to find a node given twice or before its parent, or to put the nodes in order) (--max-nodes raises it)"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    /// An oxenstored dump that never ends, into JSON (which needs no order): its reader
    /// remembers each node's path (oxenstored admits a node only below one it restored) up to
    /// --max-nodes, then stops with an error naming the limit (the root is on line 4, so the
    /// 50 001st node on line 50 004).
    @Test func anEndlessOxenstoredDump() throws {
        let dump = #"awk 'BEGIN { print "$xenstored-dump-format"; print "global,3"; print "dom,0,1,1,2"; print "store,2f,6e30,"; for (i = 0; ; i++) { s = i ""; h = "2f6e"; for (j = 1; j <= length(s); j++) h = h sprintf("%x", 48 + substr(s, j, 1)); print "store," h ",6e30," } }'"#
        let (status, stderr, directory) = try run("ulimit -v 2000000; \(dump) | XS convert - --from oxenstored --to json --max-nodes 50000 -o out.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(status == 65, "\(stderr)")
        #expect(stderr.contains("<stdin>: line 50004: more than 50000 nodes, the most xsconvert remembers"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path))
    }
}
