import Foundation

/// Checks JSON documents against Schemas/xsconvert-snapshot.schema.json with Python's
/// jsonschema (tools/validate-json): an independent validator, one process per call.
public enum SchemaValidation {
    /// `nil` if every document is valid, else the validator's report.
    public static func problems(_ documents: [[UInt8]]) throws -> String? {
        let root = Repository.root
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, document) in documents.enumerated() {
            try Data(document).write(to: directory.appendingPathComponent("\(index).json"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root + "/tools/validate-json", root + "/Schemas/xsconvert-snapshot.schema.json", directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 && report.contains("\(documents.count) of \(documents.count) documents valid") ? nil : report
    }
}
