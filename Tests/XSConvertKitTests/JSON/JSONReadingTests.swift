import Testing
import XSConvertKit

/// Invalid documents are rejected with the JSON path (or, for syntax, the byte offset) of the
/// fault; documents in any order become restorable binary streams.
@Suite struct JSONReadingTests {
    let json = JSONAdapter()

    func document(_ records: String, header: String = #""format":"xsconvert-snapshot","version":1"#) -> Bytes {
        Bytes(utf8: "{" + header + #","records":["# + records + "]}")
    }

    func fault(_ bytes: Bytes) -> ConversionError? {
        do {
            _ = try json.read(bytes)
            return nil
        } catch let error as ConversionError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        (#"{"kind":"node","value":"","permissions":[]}"#, "$.records[0]", "missing the member \"path\""),
        (#"{"kind":"node","path":7,"value":"","permissions":[]}"#, "$.records[0].path", "expected a string or {\"base64\""),
        (#"{"kind":"node","path":{"base64":"@@@"},"value":"","permissions":[]}"#, "$.records[0].path.base64", "expected valid padded base64"),
        (#"{"kind":"node","path":"/a","value":"","permissions":["x"]}"#, "$.records[0].permissions[0]", "expected a permission"),
        (#"{"kind":"node","path":"/a","value":"","permissions":[],"colour":"red"}"#, "$.records[0].colour", "unknown member \"colour\""),
        (#"{"kind":"watch","connection":-1,"path":"/a","token":"t"}"#, "$.records[0].connection", "expected an integer from 0 to 4294967295"),
        (#"{"kind":"connection","id":1,"type":"ring","domid":70000,"targetDomid":0}"#, "$.records[0].domid", "expected an integer from 0 to 65535"),
        (#"{"kind":"connection","id":1,"type":"pipe"}"#, "$.records[0].type", "expected \"ring\", \"socket\" or \"other\""),
        (#"{"kind":"tree"}"#, "$.records[0].kind", "unknown record kind \"tree\""),
        (#"{"kind":"transaction","connection":1,"id":2},{"kind":"global","socketFD":"3"}"#, "$.records[1].socketFD", "expected an integer"),
    ])
    func rejectsWithTheJSONPath(_ records: String, _ path: String, _ message: String) {
        let error = fault(document(records))
        #expect(error?.location == .path(path))
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    /// A hand-edited, indented document: a syntax error names its line and column (in
    /// characters, as an editor counts them: `é` is one), past the scanner's first 64 KiB
    /// chunk (issue #24).
    @Test func syntaxErrorsNameLineAndColumn() throws {
        let text = "{\n" + String(repeating: "\n", count: 70_000)
            + "  \"format\": \"xsconvert-snapshot\",\n  \"version\": 1,\n  \"records\": [\n"
            + "    {\"kind\": \"node\", \"path\": \"/é\" \"value\": \"\"}\n  ]\n}\n"
        let error = fault(Bytes(utf8: text))
        #expect(error?.message == "JSON: line 70005, column 35: expected ',' or '}' in an object", "\(error?.message ?? "")")
    }

    @Test func rejectsSyntaxErrorsWithTheByteOffset() {
        let broken = document(#"{"kind":"transaction","connection":1,"id":2"#)
        let error = fault(broken)
        #expect(error?.message.hasPrefix("JSON: line 1, column \(broken.count - 1): expected") == true, "\(error?.message ?? "")")
        #expect(error?.location == .byte(UInt64(broken.count - 2)))
        #expect(fault(Bytes(utf8: #"{"format":"something else","version":1,"records":[]}"#))?.location == .path("$.format"))
        #expect(fault(Bytes(utf8: #"{"format":"xsconvert-snapshot","version":2,"records":[]}"#))?.location == .path("$.version"))
        #expect(fault(Bytes(utf8: #"{"format":"xsconvert-snapshot","version":1}"#))?.message.contains("records") == true)
        #expect(fault(document("") + Bytes(utf8: " trailing"))?.message.contains("after the end") == true)
        #expect(fault(Bytes(utf8: "{\"format\":\"\\ud800\"}")) != nil)
    }

    /// A name (here the source's format) is text: bytes that are not UTF-8 are refused, not
    /// repaired into something longer that the document's own limits would then refuse (found
    /// by fuzzing the JSON reader: Tests/Fixtures/regressions/json/source-format-not-utf8).
    @Test func refusesANameThatIsNotUTF8() {
        let header = Bytes(utf8: #"{"format":"xsconvert-snapshot","version":1,"source":{"format":"binary"#)
            + Bytes(repeating: 0xEC, count: 41) + Bytes(utf8: #""},"records":[]}"#)
        let error = fault(header)
        #expect(error?.location == .path("$.source.format"))
        #expect(error?.message.contains("expected UTF-8 text") == true, "\(String(describing: error))")
    }

    /// Members in any order, whitespace anywhere, escapes resolved.
    @Test func readsAnyValidSpelling() throws {
        let text = "{ \"records\" : [ { \"token\":\"t\\u00e9\\ud83d\\ude00\", \"path\":\"\\/a\", \"connection\":1, \"kind\":\"watch\" } ],\n \"version\":1, \"format\":\"xsconvert-snapshot\" }"
        let (snapshot, _) = try json.read(Bytes(utf8: text))
        #expect(snapshot.watches == [Watch(connectionID: 1, path: Bytes(utf8: "/a"), token: Bytes(utf8: "té😀"))])
    }

    /// A document imposes no order; a binary stream written from it has the special nodes
    /// first and parents before children, connections with their watches.
    @Test func binaryFromAShuffledDocumentIsRestorable() throws {
        let records = #"""
            {"kind":"node","path":"/local/domain/0/name","value":"Domain-0","permissions":["n0"]},
            {"kind":"watch","connection":1,"path":"/local","token":"t"},
            {"kind":"node","path":"/local/domain/0","value":"","permissions":["n0"]},
            {"kind":"node","path":"@releaseDomain","value":"","permissions":["n0"]},
            {"kind":"connection","id":1,"type":"ring","domid":0,"targetDomid":32756,"eventChannel":2},
            {"kind":"node","path":"/local","value":"","permissions":["n0"]},
            {"kind":"global","socketFD":-1,"eventChannelFD":-1},
            {"kind":"node","path":"/local/domain","value":"","permissions":["n0"]}
            """#
        let output = MemorySink()
        _ = try Converter().convert(ByteInput(bytes: document(records)), to: ByteOutput(sink: output, name: "out"), format: "binary",
                                    diagnostics: Diagnostics())
        let (snapshot, _) = try BinaryStreamAdapter().read(output.bytes)
        #expect(snapshot.records.map(\.kind) == [.global, .connection, .watch, .node, .node, .node, .node, .node])
        #expect(snapshot.nodes.map { String(decoding: $0.path, as: UTF8.self) }
                == ["@releaseDomain", "/local", "/local/domain", "/local/domain/0", "/local/domain/0/name"])
    }

    /// The same for oxenstored's text, which skips a node whose parent came after it: every
    /// node of a shuffled document is written, parents first.
    @Test func oxenstoredTextFromAShuffledDocumentKeepsEveryNode() throws {
        let records = #"""
            {"kind":"node","path":"/local/domain/0/name","value":"Domain-0","permissions":["n0"]},
            {"kind":"node","path":"/local/domain/0","value":"","permissions":["n0"]},
            {"kind":"node","path":"/","value":"","permissions":["n0"]},
            {"kind":"node","path":"/local","value":"","permissions":["n0"]},
            {"kind":"global","socketFD":-1},
            {"kind":"node","path":"/local/domain","value":"","permissions":["n0"]}
            """#
        let output = MemorySink()
        let diagnostics = Diagnostics()
        _ = try Converter().convert(ByteInput(bytes: document(records)), to: ByteOutput(sink: output, name: "out"), format: "oxenstored",
                                    writeOptions: WriteOptions(allowLoss: true), diagnostics: diagnostics)
        let stores = String(decoding: output.bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("store,") }
        let paths = stores.map { line in
            let hex = Array(line.split(separator: ",", omittingEmptySubsequences: false)[1].utf8)
            return String(decoding: stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16)! },
                          as: UTF8.self)
        }
        #expect(paths.filter { !$0.hasPrefix("/@") } == ["/", "/local", "/local/domain", "/local/domain/0", "/local/domain/0/name"])
        #expect(!diagnostics.entries.contains { $0.severity == .dropped }, "\(diagnostics.entries)")
    }

    @Test func missingParentsAreListedOrCreated() throws {
        let records = #"{"kind":"node","path":"/a/b/c","value":"","permissions":["n0","r2"]}"#
        #expect {
            try Converter().convert(ByteInput(bytes: document(records)), to: ByteOutput(sink: MemorySink(), name: "out"),
                                    format: "binary", diagnostics: Diagnostics())
        } throws: { error in
            (error as? ConversionError)?.details == ["- /a", "- /a/b"]
        }
        let output = MemorySink(), diagnostics = Diagnostics()
        _ = try Converter().convert(ByteInput(bytes: document(records)), to: ByteOutput(sink: output, name: "out"), format: "binary",
                                    writeOptions: WriteOptions(createMissingParents: true), diagnostics: diagnostics)
        let (snapshot, _) = try BinaryStreamAdapter().read(output.bytes)
        #expect(snapshot.nodes.map { String(decoding: $0.path, as: UTF8.self) } == ["/a", "/a/b", "/a/b/c"])
        #expect(diagnostics.entries.first?.description == "synthesized: 2 × missing parent, with its nearest ancestor's permissions (e.g. /a)")
    }
}

@Suite struct JSONDamageTests {
    /// Damaged documents either read or fail with a data error; nothing traps. Seeded, so a
    /// failure repeats.
    @Test func damagedDocumentsNeverCrash() throws {
        let (snapshot, info) = try BinaryStreamAdapter().read(try Fixtures.bytes("cxenstored/basic.state_dump"))
        let document = try JSONAdapter().write(snapshot, source: info, options: WriteOptions(pretty: true))
        let alphabet = Bytes(utf8: "{}[]\",:\\u0123456789abcdefnulltrue-+.eE ") + [0x00, 0xC3, 0xFF, 0x0A]
        var generator = SplitMix64(seed: 0x150A)
        for _ in 0..<400 {
            var damaged = document
            for _ in 0..<(1 + generator.below(4)) {
                let index = generator.below(damaged.count)
                switch generator.below(3) {
                case 0: damaged[index] = alphabet[generator.below(alphabet.count)]
                case 1: damaged.remove(at: index)
                default: damaged.insert(alphabet[generator.below(alphabet.count)], at: index)
                }
            }
            do { _ = try JSONAdapter().read(damaged) } catch let error as ConversionError { #expect(error.kind == .data) }
        }
    }
}
