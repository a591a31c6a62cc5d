import Foundation
import PropertyBased
import TestSupport
import Testing
import XSConvertKit

/// Issue 18's first rule, over generated snapshots in every pair of formats: every reader
/// refuses what no writer may write (`RecordRules`), so any input a reader accepts converts,
/// as the CLI converts it, to output that reads back: to the same snapshot where the output's
/// format holds everything and nothing was reported dropped, and always to output that is its
/// own conversion (written again, the same bytes).
@Suite struct ReadBackProperties {
    /// A form a snapshot is read from or written in.
    struct Encoding: CustomStringConvertible, Sendable {
        var description: String
        var format: String
        var write = WriteOptions()
        var read = ReadOptions()
        /// Writes every record the model holds.
        var lossless = false
    }

    static let readable: [Encoding] = [
        Encoding(description: "binary LE v2", format: "binary", write: WriteOptions(byteOrder: .little, streamVersion: 2), lossless: true),
        Encoding(description: "binary BE v1", format: "binary", write: WriteOptions(byteOrder: .big, streamVersion: 1)),
        Encoding(description: "seed", format: "binary", write: WriteOptions(dialect: "seed"), read: ReadOptions(dialect: "seed")),
        Encoding(description: "oxenstored", format: "oxenstored"),
        Encoding(description: "json", format: "json", lossless: true),
    ]
    static let listing = Encoding(description: "xenstore-ls", format: "xenstore-ls")

    /// Converts `bytes` as `xsconvert convert --allow-loss --create-parents` does.
    static func convert(_ bytes: Bytes, from source: Encoding, to target: Encoding, diagnostics: Diagnostics = .init()) throws -> Bytes {
        var options = target.write
        options.allowLoss = true
        options.createMissingParents = true
        let sink = MemorySink()
        _ = try Converter().convert(
            ByteInput(bytes: bytes, name: "input"), from: source.format, to: ByteOutput(sink: sink, name: "output"),
            format: target.format, readOptions: source.read, writeOptions: options, diagnostics: diagnostics)
        return sink.bytes
    }

    @Test(arguments: readable, readable + [listing])
    func anAcceptedInputConvertsToOutputThatReadsBack(_ source: Encoding, _ target: Encoding) async {
        let registry = FormatRegistry.standard
        await propertyCheck(count: 50, input: SnapshotGen.anySnapshot) { snapshot in
            // The snapshot in the source's form (what that form cannot hold dropped): an input
            // its reader accepts.
            var sourceOptions = source.write
            sourceOptions.allowLoss = true
            let input = try registry.adapter(named: source.format).write(snapshot, options: sourceOptions)
            let (read, _) = try registry.adapter(named: source.format).read(input, options: source.read)

            let diagnostics = Diagnostics()
            let output = try Self.convert(input, from: source, to: target, diagnostics: diagnostics)
            guard target.format != Self.listing.format else { return }
            let (back, _) = try registry.adapter(named: target.format).read(output, options: target.read)
            #expect(try Self.convert(output, from: target, to: target) == output, "not its own conversion")
            guard target.lossless, !diagnostics.entries.contains(where: { $0.severity == .dropped }) else { return }
            if source.format == "json", target.format != "json" {
                // Arranged in the order the stream needs, missing parents created.
                #expect(read.records.allSatisfy(back.records.contains), "\(read.records) -> \(back.records)")
            } else {
                #expect(back.records == read.records)
            }
        }
    }

    /// The inputs kept from fuzzing (Tests/Fixtures/regressions/TARGET/), as their target
    /// reads them, converted to every readable format: each output reads back and is its own
    /// conversion, as the fuzz targets check (docs/fuzzing.md).
    @Test func fuzzingsInputsConvertToOutputThatReadsBack() throws {
        let root = Repository.fixture("regressions")
        let sources: [String: Encoding] = [
            "binary": Encoding(description: "binary", format: "binary"),
            "seed": Encoding(description: "seed", format: "binary", read: ReadOptions(dialect: "seed")),
            "json": Encoding(description: "json", format: "json"),
        ]
        for target in try FileManager.default.contentsOfDirectory(atPath: root) {
            let source = try #require(sources[target], "a regression folder for a target this test does not read: \(target)")
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + target) {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + target + "/" + name)))
                for output in Self.readable {
                    guard let converted = try? Self.convert(bytes, from: source, to: output) else { continue }
                    #expect(try Self.convert(converted, from: output, to: output) == converted, "\(target)/\(name) as \(output)")
                }
            }
        }
    }
}
