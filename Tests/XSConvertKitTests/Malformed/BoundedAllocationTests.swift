import Foundation
import TestSupport
import Testing
import XSConvertKit

/// No length or count field makes a reader ask for more memory than the input holds, and
/// inputs kept from fuzzing (Tests/Fixtures/regressions/TARGET/) fail cleanly.
@Suite struct BoundedAllocationTests {
    /// Serves bytes and remembers the largest buffer it was asked to fill: what `ByteInput`
    /// allocated to read into.
    final class RecordingSource: ByteSource {
        let bytes: [UInt8]
        var position = 0
        var largestRequest = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            largestRequest = max(largestRequest, buffer.count)
            let n = min(buffer.count, bytes.count - position)
            buffer.copyBytes(from: bytes[position..<(position + n)])
            position += n
            return n
        }
    }

    /// The 100-byte file (Tests/Fixtures/regressions/binary/len-7ffffff8-in-100-bytes): the
    /// first bytes of minimal.state_dump with a CONNECTION_DATA len of 0x7ffffff8. Each
    /// reader must fail with the truncation, having asked for one 64 KiB chunk, not 4 MiB
    /// (the bug: `ByteInput` sized its buffer by the len asked for).
    @Test(arguments: [nil, "seed"])
    func hugeLenInASmallFileCostsOneChunk(_ dialect: String?) throws {
        let source = RecordingSource(try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("regressions/binary/len-7ffffff8-in-100-bytes"))).map { $0 })
        #expect(throws: ConversionError.self) {
            _ = try BinaryStreamAdapter().readSnapshot(ByteInput(source: source, name: "small"), options: ReadOptions(dialect: dialect), diagnostics: Diagnostics())
        }
        #expect(source.largestRequest <= 1 << 16)
    }

    /// A JSON string, base64 value or text line claims nothing in advance; a long one in a
    /// real input still reads in chunks that grow with what has arrived. (A node of 65535
    /// permissions, the most a node can have: a line of 917 KB.)
    @Test func aLargeRecordStillReads() throws {
        let count = 65535
        let permissions = (0..<count).map { "r\(10000 + $0 % 50000)" }.joined(separator: "\0")
        let hex = Array(permissions.utf8).map { String(format: "%02x", $0) }.joined()
        let dump = "$xenstored-dump-format\nstore,2f,6e30,\nstore,2f78,\(hex),\n"
        #expect(dump.utf8.count > 900_000)
        let source = RecordingSource(Array(dump.utf8))
        let diagnostics = Diagnostics()
        let (snapshot, _) = try OxenstoredAdapter().readSnapshot(ByteInput(source: source, name: "big"), diagnostics: diagnostics)
        #expect(snapshot.nodes.contains { $0.permissions.count == count }, "\(diagnostics.entries)")
        #expect(source.largestRequest <= 1 << 22)
    }

    /// A JSON value of the wrong type is refused as soon as its type is known: for 2 MB of
    /// array where a path goes, or of string where an integer goes, the reader has read no
    /// more than its first chunk when it fails.
    @Test(arguments: [(#""path":"/a""#, #""path":["#), (#""value":"""#, #""value":{"base64":["#), (#""permissions":["n0"]"#, #""permissions":"#)])
    func aValueOfTheWrongTypeIsRefusedAtItsStart(_ old: String, _ new: String) throws {
        let record = #"{"kind":"node","path":"/a","value":"","permissions":["n0"]}"#.replacingOccurrences(of: old, with: new)
        let document = #"{"format":"xsconvert-snapshot","version":1,"records":["# + record + String(repeating: "1,", count: 1 << 20)
        let source = RecordingSource(Array(document.utf8))
        let input = ByteInput(source: source, name: "wrong")
        #expect(throws: ConversionError.self) { _ = try JSONAdapter().readSnapshot(input, diagnostics: Diagnostics()) }
        #expect(source.position <= 1 << 17, "read \(source.position) bytes")
    }

    /// Every input kept from fuzzing (or review) reads as its target, or fails with a
    /// `ConversionError` naming it; written as binary, so a JSON input's nodes are ordered
    /// (regressions/json/deep-orphan-2000: one node 2000 levels deep without parents, which
    /// took memory quadratic in its depth; see ParentOrderTests).
    @Test func regressionInputsFailCleanly() throws {
        let root = Repository.fixture("regressions")
        for target in try FileManager.default.contentsOfDirectory(atPath: root) {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + target) {
                let path = root + "/" + target + "/" + name
                let format: String? = ["binary", "seed"].contains(target) ? "binary" : target == "any" || target == "gzip" ? nil : target
                do {
                    _ = try Converter().convert(
                        Files.openInput(path), from: format, to: ByteOutput(sink: MemorySink(), name: "out"), format: "binary",
                        readOptions: ReadOptions(dialect: target == "seed" ? "seed" : nil), writeOptions: WriteOptions(allowLoss: true),
                        diagnostics: Diagnostics())
                } catch let error as ConversionError {
                    #expect(error.file?.hasPrefix(path) == true, "\(path): \(error)")
                }
            }
        }
    }
}
