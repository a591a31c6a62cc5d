import Foundation
import TestSupport
import Testing
import XSConvertKit

/// The malformed-input suite in process: every case of `MalformedInput.all` (Tests/TestSupport),
/// read from a file as the CLI reads it, fails with a `ConversionError` of the documented
/// kind whose one-line description names the file and holds the expected fragment.
/// `MalformedInputCLITests` runs the same table through the real process.
@Suite struct MalformedInputTests {
    /// The exit status the CLI gives an error (Sources/xsconvert/Reporting.swift).
    static func status(_ kind: ConversionError.Kind) -> Int32 {
        switch kind {
        case .usage: 64
        case .data, .loss: 65
        case .cannotOpen: 66
        case .cannotCreate: 73
        case .io: 74
        }
    }

    /// The limits the case's options set (Sources/xsconvert/ReadLimitOptions.swift).
    static func limits(_ options: [String: Int]) -> ReadLimits {
        var limits = ReadLimits()
        let names: [String: ReadLimits.Limit] = [
            "--max-path-length": .pathLength, "--max-value-size": .valueLength, "--max-record-size": .recordSize,
            "--max-expansion": .expansion,
        ]
        for (option, value) in options { limits[names[option]!] = value }
        return limits
    }

    @Test func theSuiteHasAHundredCases() {
        #expect(MalformedInput.all.count >= 100)
        #expect(Set(MalformedInput.all.map(\.name)).count == MalformedInput.all.count, "names are unique")
    }

    @Test(arguments: MalformedInput.all)
    func failsCleanly(_ bad: MalformedInput) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("malformed-\(UUID().uuidString)").path
        try Data(try bad.bytes()).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let limits = Self.limits(bad.limits)
            let input = try Files.openInput(path, limits: limits)
            let output = ByteOutput(sink: MemorySink(), name: "out")
            _ = try Converter().convert(input, from: bad.from, to: output, format: "json",
                                        readOptions: ReadOptions(strict: bad.strict, dialect: bad.dialect, limits: limits),
                                        diagnostics: Diagnostics())
            Issue.record("\(bad.name): read without an error (\(bad.options))")
        } catch let error as ConversionError {
            let text = error.description
            #expect(Self.status(error.kind) == bad.status, "\(bad.name): \(text)")
            #expect(text.hasPrefix(path + ": ") || text.hasPrefix(path + " (uncompressed): "), "\(bad.name): \(text)")
            #expect(text.contains(bad.message), "\(bad.name): \(text)")
            #expect(!text.contains("\n"), "\(bad.name): \(text)")
        }
    }
}
