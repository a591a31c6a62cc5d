import TestSupport
import Testing
import XSConvertKit

/// The JSON Schema and the reader agree on a permission's short form (issue #24: the schema
/// took any character as the letter, `" 1"` and `"é1"`, and any domid, `"n65536"`, which the
/// reader refuses): for each string, the schema accepts the document exactly when the reader
/// reads it.
@Suite struct PermissionSchemaAgreementTests {
    static let candidates = [
        "n0", "r1", "b3!", "x1", "~7", "#2", "\"1", "\\1", "n65535", "n00001", "n65536", "n99999", "n", "1", "!1", "n-1",
        " 1", "é1", "n1!!", "nn1", "n1 ",
    ]

    static func document(permission: String) throws -> Bytes {
        let snapshot = Snapshot(records: [.node(Node(path: "/", permissions: ["n0"]))])
        let written = String(decoding: try snapshot.serializedBytes(as: .json), as: UTF8.self)
        var escaped = ""
        for scalar in permission.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        let replaced = written.replacingOccurrences(of: #""permissions":["n0"]"#, with: #""permissions":[""# + escaped + #""]"#)
        #expect(replaced.contains(#""permissions":[""# + escaped + #""]"#))
        return Bytes(utf8: replaced)
    }

    @Test(arguments: candidates) func schemaAcceptsWhatTheReaderReads(_ permission: String) throws {
        let document = try Self.document(permission: permission)
        let read = (try? Snapshot(bytes: document, format: .json)) != nil
        let valid = try SchemaValidation.problems([document]) == nil
        #expect(read == valid, "\"\(permission)\": the reader \(read ? "reads" : "refuses") it, the schema \(valid ? "accepts" : "refuses") it")
    }
}
