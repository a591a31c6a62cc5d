import Glibc
import XSConvertKit

/// The readers there is a fuzz target for. `tools/fuzz` lists them with `--list`.
enum FuzzTarget: String, CaseIterable {
    /// The binary migration stream, standard layout (LE/BE, v1/v2, every record type).
    case binary
    /// The binary stream read as the seed patch's dialect.
    case seed
    /// oxenstored's `$xenstored-dump-format` text dump.
    case oxenstored
    /// oxenstored's legacy `path{perms} = value` db.
    case legacy = "oxenstored-legacy"
    /// A JSON document.
    case json
    /// A gzip archive, decompressed to the end (through, not into memory: a bomb is no bug).
    case gzip
    /// As the CLI reads a file it was not told the format of: gzip decoded if it is an
    /// archive, the format detected.
    case any

    static let environmentVariable = "XSCONVERT_FUZZ_TARGET"

    static let selected: FuzzTarget = {
        guard let value = getenv(environmentVariable).map({ String(cString: $0) }) else {
            fatalError("set \(environmentVariable) to one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let target = FuzzTarget(rawValue: value) else {
            fatalError("\(environmentVariable)=\(value) names no target; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// The formats read output is written back in, picked by the input's size so a crash repeats.
    static let outputFormats = ["binary", "oxenstored", "json", "xenstore-ls"]

    func run(_ bytes: Bytes) throws {
        switch self {
        case .binary: try convert(bytes, from: "binary")
        case .seed: try convert(bytes, from: "binary", dialect: "seed")
        case .oxenstored, .legacy, .json: try convert(bytes, from: rawValue)
        case .any: try convert(bytes, from: nil)
        case .gzip:
            let decoder = try GzipDecoder(source: ByteInput(bytes: bytes, name: "fuzz-input"), name: "fuzz-input")
            let input = ByteInput(source: decoder, name: "fuzz-input (uncompressed)")
            while try input.skip(1 << 16) > 0 {}
        }
    }

    /// What `Files.openInput` does with a file: an archive is read through its decoder.
    static func decompressing(_ raw: ByteInput) throws -> ByteInput {
        guard GzipDecoder.matches(try raw.peek(2)) else { return raw }
        return ByteInput(source: try GzipDecoder(source: raw, name: raw.name), name: raw.name + " (uncompressed)")
    }

    /// Reads `bytes` as `format` (strict when the size is odd) and writes what was read in
    /// one of the output formats into memory, losses allowed: a reader that accepts an input
    /// must hand on records every writer can take. Then issue 18's rule: the output reads back
    /// (a `ConversionError` there is a finding, not a refusal), and written again in its own
    /// format it is the same bytes.
    func convert(_ bytes: Bytes, from format: String?, dialect: String? = nil) throws {
        let raw = ByteInput(bytes: bytes, name: "fuzz-input")
        let sink = MemorySink()
        let target = Self.outputFormats[bytes.count % Self.outputFormats.count]
        _ = try Converter().convert(
            self == .any ? Self.decompressing(raw) : raw, from: format, to: ByteOutput(sink: sink, name: "fuzz-output"),
            format: target, readOptions: ReadOptions(strict: bytes.count % 2 == 1, dialect: dialect),
            writeOptions: WriteOptions(allowLoss: true), diagnostics: Diagnostics())
        guard target != "xenstore-ls" else { return }
        let again = MemorySink()
        do {
            _ = try Converter().convert(
                ByteInput(bytes: sink.bytes, name: "fuzz-output"), from: target, to: ByteOutput(sink: again, name: "again"),
                format: target, writeOptions: WriteOptions(allowLoss: true), diagnostics: Diagnostics())
        } catch let error as ConversionError {
            fatalError("\(rawValue): the \(target) output of an accepted input does not read back: \(error)")
        }
        if !Self.same(again.bytes, sink.bytes) {
            fatalError("\(rawValue): the \(target) output of an accepted input, read and written again, is not the same")
        }
    }

    /// Whether `a` and `b` are the same bytes, compared by `memcmp`: the array's own `==`
    /// compares in instrumented code, a sanitizer hook a byte.
    static func same(_ a: Bytes, _ b: Bytes) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { a in b.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }
}
