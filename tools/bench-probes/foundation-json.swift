// Benchmark probe: Foundation's JSONSerialization on an xsconvert JSON document, for
// comparison with xsconvert's own reader and writer (tools/bench). Parses the document,
// counts its records, and encodes it again.
import Foundation

let data = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
let records = object["records"] as! [Any]
let encoded = try JSONSerialization.data(withJSONObject: object)
FileHandle.standardError.write("\(records.count) records, \(encoded.count) bytes re-encoded\n".data(using: .utf8)!)
