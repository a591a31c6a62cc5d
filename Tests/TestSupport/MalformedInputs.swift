import Foundation

/// The malformed-input suite's table: damaged inputs of every format, each with the exit
/// status `xsconvert convert` must give and a fragment of its one-line message (after
/// `xsconvert: error: FILE: `). Run in process by `MalformedInputTests` (XSConvertKitTests) and
/// as a real process by `MalformedInputCLITests` (CLITests). Documented in docs/errors.md.
public struct MalformedInput: Sendable, CustomStringConvertible {
    public let name: String
    /// `--from`, if the format is named rather than detected.
    public let from: String?
    /// `--from-dialect`, for the seed layout.
    public let dialect: String?
    /// `--strict`: lines oxenstored would skip become errors.
    public let strict: Bool
    /// Limits set on the command line (`--max-expansion`: 2), for the cases about a limit.
    public let limits: [String: Int]
    public let bytes: @Sendable () throws -> [UInt8]
    /// The exit status (sysexits: 65 invalid data).
    public let status: Int32
    /// Part of the message: where (`at byte 24`, `line 3`) and what.
    public let message: String

    public var description: String { name }

    /// The command-line options the case is read with.
    public var options: [String] {
        (from.map { ["--from", $0] } ?? []) + (dialect.map { ["--from-dialect", $0] } ?? []) + (strict ? ["--strict"] : [])
            + limits.sorted { $0.key < $1.key }.flatMap { [$0.key, String($0.value)] }
    }

    init(_ name: String, from: String? = nil, dialect: String? = nil, strict: Bool = false, limits: [String: Int] = [:],
         status: Int32 = 65, _ message: String, _ bytes: @escaping @Sendable () throws -> [UInt8]) {
        self.name = name
        self.from = from
        self.dialect = dialect
        self.strict = strict
        self.limits = limits
        self.bytes = bytes
        self.status = status
        self.message = message
    }

    public static let all: [MalformedInput] =
        binaryHeader + binaryFraming + binaryFields + seed + oxenstored + legacy + json + gzip
        + unreadable + overLimits + unboundedText
}

// MARK: - Building bad bytes

/// A fixture's bytes as stored (an archive is not decompressed).
func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: Repository.fixture(name))))
}

extension Array where Element == UInt8 {
    func truncated(to count: Int) -> [UInt8] { Array(prefix(count)) }

    func replacing(at offset: Int, with bytes: [UInt8]) -> [UInt8] {
        var copy = self
        copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        return copy
    }

    func replacing(_ old: String, with new: String) -> [UInt8] {
        Array(String(decoding: self, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }

    func settingLE32(at offset: Int, _ value: UInt32) -> [UInt8] { replacing(at: offset, with: le32(value)) }
    func settingLE16(at offset: Int, _ value: UInt16) -> [UInt8] { replacing(at: offset, with: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    func settingBE32(at offset: Int, _ value: UInt32) -> [UInt8] { replacing(at: offset, with: le32(value).reversed()) }
}

func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

/// A little-endian version 1 stream: GLOBAL_DATA, then `records` (type, body), each framed
/// with a padded len, then END.
func stream(_ records: [(type: UInt32, body: [UInt8])]) -> [UInt8] {
    var bytes = utf8("xenstore") + [0, 0, 0, 1, 0, 0, 0, 0]
    for (type, body) in [(1, le32(3) + le32(UInt32(bitPattern: -1)))] + records + [(0, [])] {
        let padded = body + [UInt8](repeating: 0, count: (8 - body.count % 8) % 8)
        bytes += le32(type) + le32(UInt32(padded.count)) + padded
    }
    return bytes
}

/// A committed NODE_DATA body owned by dom0.
func nodeBody(path: [UInt8], value: [UInt8] = []) -> [UInt8] {
    le32(0) + le32(0) + le16(UInt16(path.count + 1)) + le16(UInt16(value.count)) + le16(0) + le16(1)
        + utf8("n") + [0] + le16(0) + path + [0] + value
}

/// `count` bytes of `byte`, gzip-compressed by the system's gzip (so a test file of a few
/// kilobytes can hold megabytes).
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-1"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(compressed)
}

/// `text`'s UTF-8.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

// MARK: - Binary stream

/// minimal.state_dump (344 bytes, little-endian v1), record by record: where each starts,
/// what it is and its len.
let minimalDump = "cxenstored/minimal.state_dump"
let minimalRecords: [(offset: Int, name: String, len: Int)] = [
    (16, "GLOBAL_DATA", 8), (32, "CONNECTION_DATA", 24), (64, "CONNECTION_DATA", 48),
    (120, "NODE_DATA", 40), (168, "NODE_DATA", 40), (216, "NODE_DATA", 24), (248, "NODE_DATA", 32),
    (288, "NODE_DATA", 40), (336, "END", 0),
]

extension MalformedInput {
    static let binaryHeader: [MalformedInput] = [
        .init("binary: empty", from: "binary", "at byte 0: input ends after 0 of the 16 bytes of the 16-byte stream header") {
            []
        },
        .init("binary: header cut at 8", from: "binary", "at byte 0: input ends after 8 of the 16 bytes") {
            try fixture(minimalDump).truncated(to: 8)
        },
        .init("binary: header cut at 15", from: "binary", "at byte 0: input ends after 15 of the 16 bytes") {
            try fixture(minimalDump).truncated(to: 15)
        },
        .init("binary: ident misspelt", from: "binary", "at byte 0: header: expected the ident 'xenstore'") {
            try fixture(minimalDump).replacing(at: 0, with: utf8("xenstorf"))
        },
        .init("binary: version 0", "at byte 8: header: version 0 is not supported; expected 1 or 2") {
            try fixture(minimalDump).settingBE32(at: 8, 0)
        },
        .init("binary: version 3", "at byte 8: header: version 3 is not supported") {
            try fixture(minimalDump).settingBE32(at: 8, 3)
        },
        .init("binary: version written little-endian", "at byte 8: header: version 16777216 is not supported") {
            try fixture(minimalDump).settingLE32(at: 8, 1)
        },
        .init("binary: reserved flag bit 1", "at byte 12: header: flags 0x2 set reserved bits; expected 0 (little-endian) or 1") {
            try fixture(minimalDump).settingBE32(at: 12, 2)
        },
        .init("binary: reserved flag bit 31", "at byte 12: header: flags 0x80000000 set reserved bits; expected 0 (little-endian) or 1") {
            try fixture(minimalDump).settingBE32(at: 12, 0x8000_0000)
        },
        .init("binary: big-endian flag on little-endian records", "at byte 24: input ends after 320 of the 134217728 bytes of the record type 16777216") {
            try fixture(minimalDump).settingBE32(at: 12, 1)
        },
    ]

    /// Truncation at every record boundary, inside every record header and inside every body;
    /// len fields made huge, short or misaligned.
    static let binaryFraming: [MalformedInput] =
        minimalRecords.dropLast().map { record in
            .init("binary: cut before \(record.name) at \(record.offset)", "at byte \(record.offset): the stream ends without an END record") {
                try fixture(minimalDump).truncated(to: record.offset)
            }
        }
        + minimalRecords.map { record in
            .init("binary: cut inside the header of \(record.name) at \(record.offset)", "at byte \(record.offset): the stream ends inside a record header (5 of 8 bytes)") {
                try fixture(minimalDump).truncated(to: record.offset + 5)
            }
        }
        + minimalRecords.dropLast().map { record in
            .init("binary: cut inside the body of \(record.name) at \(record.offset)", "\(record.name)") {
                try fixture(minimalDump).truncated(to: record.offset + 8 + record.len / 2)
            }
        }
        + minimalRecords.dropLast().map { record in
            .init("binary: len 0x7ffffff8 in \(record.name) at \(record.offset)", "len 2147483640") {
                try fixture(minimalDump).settingLE32(at: record.offset + 4, 0x7FFF_FFF8)
            }
        }
        + [
            .init("binary: len 0xffffffff", "at byte 128: input ends after 216 of the 4294967295 bytes of the NODE_DATA record at byte") {
                try fixture(minimalDump).settingLE32(at: 124, 0xFFFF_FFFF)
            },
            .init("binary: len 0x7ffffff8 in a 100-byte file", "at byte 72: input ends after 28 of the 2147483640 bytes of the CONNECTION_DATA record at") {
                try fixture(minimalDump).truncated(to: 100).settingLE32(at: 68, 0x7FFF_FFF8)
            },
            .init("binary: GLOBAL_DATA len 4", "at byte 28: GLOBAL_DATA: evtchn-fd needs 4 bytes but the record's len leaves 0") {
                try fixture(minimalDump).settingLE32(at: 20, 4)
            },
            .init("binary: CONNECTION_DATA len 8", "at byte 48: CONNECTION_DATA: domid needs 2 bytes but the record's len leaves 0") {
                try fixture(minimalDump).settingLE32(at: 36, 8)
            },
            .init("binary: NODE_DATA len 8", "at byte 136: NODE_DATA: path-len needs 2 bytes but the record's len leaves 0") {
                try fixture(minimalDump).settingLE32(at: 124, 8)
            },
            .init("binary: NODE_DATA len one record too long", "at byte 163: NODE_DATA: 13 bytes follow the record's fields; a padded len leaves at most") {
                try fixture(minimalDump).settingLE32(at: 124, 48)
            },
            .init("binary: END with a body", "at byte 344: input ends after 0 of the 8 bytes of the END record at byte 336 (len 8)") {
                try fixture(minimalDump).settingLE32(at: 340, 8)
            },
        ]

    /// Counts and lengths inside records that run past the record.
    static let binaryFields: [MalformedInput] = [
        .init("binary: NODE_DATA perm-count 0xffff", "at byte 168: NODE_DATA: perm 7 needs 1 byte but the record's len leaves 0") {
            try fixture(minimalDump).settingLE16(at: 128 + 14, 0xFFFF)
        },
        .init("binary: NODE_DATA path-len 0xffff", "at byte 148: NODE_DATA: path needs 65535 bytes but the record's len leaves 20") {
            try fixture(minimalDump).settingLE16(at: 128 + 8, 0xFFFF)
        },
        .init("binary: NODE_DATA value-len 0xffff", "at byte 163: NODE_DATA: value needs 65535 bytes but the record's len leaves 5") {
            try fixture(minimalDump).settingLE16(at: 128 + 10, 0xFFFF)
        },
        .init("binary: NODE_DATA path-len 0", "at byte 148: NODE_DATA: path length is 0, but it must count the terminating NUL") {
            try fixture(minimalDump).settingLE16(at: 128 + 8, 0)
        },
        .init("binary: NODE_DATA path without its NUL", "at byte 161: NODE_DATA: path does not end with a NUL at its stated length 14") {
            try fixture(minimalDump).settingLE16(at: 128 + 8, 14)
        },
        .init("binary: NODE_DATA perm-count 0 (the path is read from the perms)", "at byte 158: NODE_DATA: path does not end with a NUL at its stated length 15") {
            try fixture(minimalDump).settingLE16(at: 128 + 14, 0)
        },
        .init("binary: CONNECTION_DATA in-data-len 0xffff", "at byte 96: CONNECTION_DATA: in-data needs 65535 bytes but the record's len leaves 24") {
            try fixture(minimalDump).settingLE16(at: 72 + 16, 0xFFFF)
        },
        .init("binary: CONNECTION_DATA out-data-len 0xffffffff", "at byte 96: CONNECTION_DATA: out-data needs 4294967295 bytes but the record's len leaves 24") {
            try fixture(minimalDump).settingLE32(at: 72 + 20, 0xFFFF_FFFF)
        },
        .init("binary: CONNECTION_DATA out-resp-len over out-data-len", "out-resp-len 65535 exceeds out-data-len 19") {
            try fixture(minimalDump).settingLE16(at: 72 + 18, 0xFFFF)
        },
        .init("binary: NODE_DATA value-len past len", "at byte 332: NODE_DATA: value needs 9 bytes but the record's len leaves 4") {
            try fixture(minimalDump).settingLE16(at: 296 + 10, 9)
        },
    ]

    // MARK: - Seed dialect

    /// seed/minimal.bin (448 bytes, big-endian, unpadded len).
    static let seedRecords = [16, 32, 72, 112, 152, 192, 208, 248, 296, 368]

    static let seed: [MalformedInput] =
        seedRecords.map { offset in
            .init("seed: cut at \(offset)", from: "binary", dialect: "seed", "at byte \(offset)") {
                try fixture("seed/minimal.bin").truncated(to: offset)
            }
        }
        + seedRecords.dropFirst().map { offset in
            .init("seed: len 0x7ffffff8 at \(offset)", from: "binary", dialect: "seed", "2147483640") {
                try fixture("seed/minimal.bin").settingBE32(at: offset + 4, 0x7FFF_FFF8)
            }
        }
        + [
            .init("seed: node path length 0xffffffff", from: "binary", dialect: "seed", "at byte 244: seed NODE_DATA: path needs 4294967295 bytes but the record's len leaves 1") {
                try fixture("seed/minimal.bin").settingBE32(at: 208 + 8 + 8, 0xFFFF_FFFF)
            },
            .init("seed: watch path length 0xffffffff", from: "binary", dialect: "seed", "at byte 132: seed WATCH_DATA: wpath needs 4294967295 bytes but the record's len leaves 17") {
                try fixture("seed/minimal.bin").settingBE32(at: 112 + 8 + 4, 0xFFFF_FFFF)
            },
        ]

    // MARK: - oxenstored text dump

    /// A small dump: header, global, a domain with a watch, three nodes.
    static let dump = """
        $xenstored-dump-format
        global,3
        dom,0,0,1,2
        watch,0,2f6c6f63616c,746f6b
        store,2f,6e30,
        store,2f6c6f63616c,6e30,
        store,2f6c6f63616c2f78,6e3000723132,7879

        """

    static func dumpLine(_ line: Int, _ replacement: String) -> @Sendable () throws -> [UInt8] {
        {
            var lines = dump.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[line - 1] = replacement
            return utf8(lines.joined(separator: "\n"))
        }
    }

    static let oxenstored: [MalformedInput] = [
        .init("oxenstored: header misspelt", from: "oxenstored", "line 1: the first line is \"$xenstored-dump-formt\"; oxenstored refuses a dump whose first") {
            utf8(dump).replacing("$xenstored-dump-format", with: "$xenstored-dump-formt")
        },
        .init("oxenstored: header missing", from: "oxenstored", "line 1: the first line is \"global,3\"; oxenstored refuses a dump whose first line is not", dumpLine(1, "global,3")),
        .init("oxenstored: invalid hex in a path", from: "oxenstored", strict: true, "line 5: store: path field: 'g' at character 2 is not a hex digit (oxenstored skips this", dumpLine(5, "store,2g,6e30,")),
        .init("oxenstored: odd-length hex", from: "oxenstored", strict: true, "line 6: store: path field has an odd number of hex digits; its last character '6' is", dumpLine(6, "store,2f6c6f63616,6e30,")),
        .init("oxenstored: hex with a space", from: "oxenstored", strict: true, "line 7: store: value field: ' ' at character 3 is not a hex digit (oxenstored skips this", dumpLine(7, "store,2f6c6f63616c2f78,6e30,78 79")),
        .init("oxenstored: bad permission letter", from: "oxenstored", strict: true, "line 7: store /local/x: permission entry 1 'q0' has the letter 'q'; expected n, r, w or b", dumpLine(7, "store,2f6c6f63616c2f78,7130,7879")),
        .init("oxenstored: permission domid not a number", from: "oxenstored", strict: true, "line 7: store /local/x: permission entry 1 'nx' has no numeric domid after its letter", dumpLine(7, "store,2f6c6f63616c2f78,6e78,7879")),
        .init("oxenstored: empty permissions", from: "oxenstored", strict: true, "line 7: store /local/x: the permission string is empty (oxenstored skips this line;", dumpLine(7, "store,2f6c6f63616c2f78,,7879")),
        .init("oxenstored: store with two fields", from: "oxenstored", strict: true, "line 6: store: 2 fields, expected 4 (store,<hex path>,<hex perms>,<hex value>)", dumpLine(6, "store,2f6c6f63616c")),
        .init("oxenstored: unknown line kind", from: "oxenstored", strict: true, "line 2: unknown line kind 'globl' (oxenstored skips this line; strict reading refuses it)", dumpLine(2, "globl,3")),
        .init("oxenstored: global fd not a number", from: "oxenstored", strict: true, "line 2: global: rw-socket-fd 'three' is not a number (oxenstored skips this line;", dumpLine(2, "global,three")),
        .init("oxenstored: dom domid not a number", from: "oxenstored", strict: true, "line 3: dom: domid 'x' is not a number (oxenstored skips this line; strict reading refuses it)", dumpLine(3, "dom,x,0,1,2")),
        .init("oxenstored: dom port beyond 32 bits", from: "oxenstored", strict: true, "line 3: dom: local port 99999999999 is out of range (0–4294967295) (oxenstored skips this", dumpLine(3, "dom,0,0,1,99999999999")),
        .init("oxenstored: dom mfn beyond 64 bits", from: "oxenstored", strict: true, "line 3: dom: mfn '999999999999999999999' is not a number (oxenstored skips this line;", dumpLine(3, "dom,0,999999999999999999999,1,2")),
        .init("oxenstored: watch with bad hex", from: "oxenstored", strict: true, "line 4: watch: path field: 'z' at character 12 is not a hex digit (oxenstored skips this", dumpLine(4, "watch,0,2f6c6f63616z,746f6b")),
        .init("oxenstored: watch of no connection", from: "oxenstored", strict: true, "line 4: watch: no dom 9 line before it (oxenstored finds no such connection) (oxenstored", dumpLine(4, "watch,9,2f6c6f63616c,746f6b")),
        .init("oxenstored: node before its parent", from: "oxenstored", strict: true, "line 6: store /a/b: its parent has not been restored yet (oxenstored creates no parents)", dumpLine(6, "store,2f612f62,6e30,")),
        .init("oxenstored: cut inside the hex of a value", from: "oxenstored", strict: true, "line 7: store: value field has an odd number of hex digits; its last character '7' is") {
            utf8(dump).truncated(to: dump.utf8.count - 2)
        },
        .init("oxenstored: NUL byte in a line", from: "oxenstored", strict: true, "line 2: global: rw-socket-fd '3\\0' is not a number (oxenstored skips this line; strict reading", dumpLine(2, "global,3\u{0}")),
    ]

    // MARK: - oxenstored legacy db

    static let legacyDB = """
        /{n0}
        /local{n0}
        local/x{n0\\000r12} = value
        """

    static let legacy: [MalformedInput] = [
        .init("legacy: missing {", from: "oxenstored-legacy", "line 2: no {permissions} after the path (expected path{perms} or path{perms} = value)") {
            utf8(legacyDB).replacing("/local{n0}", with: "/localn0}")
        },
        .init("legacy: missing }", from: "oxenstored-legacy", "line 2: the permissions opened by { at character 7 are not closed by }") {
            utf8(legacyDB).replacing("/local{n0}", with: "/local{n0")
        },
        .init("legacy: bad permission letter", from: "oxenstored-legacy", strict: true, "line 3: permission entry 2 'z12' has the letter 'z'; expected n, r, w or b") {
            utf8(legacyDB).replacing("r12", with: "z12")
        },
        .init("legacy: bad escape", from: "oxenstored-legacy", "line 3: value: unknown escape \\q (character 24)") {
            utf8(legacyDB).replacing("= value", with: "= va\\qlue")
        },
        .init("legacy: decimal escape over 255", from: "oxenstored-legacy", "line 3: value: \\ followed by a digit needs three decimal digits of a byte value (000–255)") {
            utf8(legacyDB).replacing("= value", with: "= \\999")
        },
        .init("legacy: escape cut short", from: "oxenstored-legacy", "line 3: value: a lone \\ ends the text (character 22)") {
            utf8(legacyDB).replacing("= value", with: "= \\")
        },
        .init("legacy: value without ' = '", from: "oxenstored-legacy", "line 3: after the permissions' } comes \" value\"; expected \" = <value>\" or the end of the") {
            utf8(legacyDB).replacing("} = value", with: "} value")
        },
    ]

    // MARK: - JSON

    static let document = #"""
        {"format":"xsconvert-snapshot","version":1,"records":[{"kind":"global","socketFD":3},{"kind":"connection","id":1,"type":"ring","domid":0,"targetDomid":32756,"eventChannel":2},{"kind":"node","path":"/","value":"","permissions":["n0"]},{"kind":"node","path":"/a","value":{"base64":"AAE="},"permissions":["n0","r3"]}]}
        """#

    static func documentWith(_ old: String, _ new: String) -> @Sendable () throws -> [UInt8] {
        { utf8(document).replacing(old, with: new) }
    }

    static let json: [MalformedInput] =
        [20, 60, 100, 150, 200, 250].map { length in
            .init("json: cut at byte \(length)", from: "json", "JSON") { utf8(document).truncated(to: length) }
        }
        + [
            .init("json: empty", from: "json", "at byte 0: JSON: line 1, column 1: expected '{': an xsconvert JSON document is an object") { [] },
            .init("json: not an object", from: "json", "at byte 0: JSON: line 1, column 1: expected '{': an xsconvert JSON document is an object") {
                utf8("[1,2]")
            },
            .init("json: missing comma", from: "json", "at byte 43: JSON: line 1, column 44: expected ',' or '}' between members", documentWith(#""version":1,"#, #""version":1 "#)),
            .init("json: trailing comma", from: "json", "at byte 314: JSON: line 1, column 315: unexpected character ']' where a value was expected", documentWith("]}]}", "]},]}")),
            .init("json: wrong format marker", from: "json", "at $.format: expected \"xsconvert-snapshot\"", documentWith("xsconvert-snapshot", "snapshot")),
            .init("json: version 2", from: "json", "at $.version: version 2 is not supported; expected 1", documentWith(#""version":1"#, #""version":2"#)),
            .init("json: unknown record kind", from: "json", "at $.records[0].kind: unknown record kind \"globe\"; expected global, connection, watch,", documentWith(#""kind":"global""#, #""kind":"globe""#)),
            .init("json: path not a string", from: "json", "at $.records[3].path: expected a string or {\"base64\": \"…\"}, found the number 7", documentWith(#""path":"/a""#, #""path":7"#)),
            .init("json: bad base64", from: "json", "at $.records[3].value.base64: expected valid padded base64", documentWith("AAE=", "A!E=")),
            .init("json: bad permission letter", from: "json", "at $.records[3].permissions[1]: expected a permission such as \"n0\", \"r1\", \"b3!\" (letter,", documentWith(#""r3""#, #""r""#)),
            .init("json: domid beyond 16 bits", from: "json", "at $.records[1].domid: expected an integer from 0 to 65535, found the number 70000", documentWith(#""domid":0"#, #""domid":70000"#)),
            .init("json: negative connection id", from: "json", "at $.records[1].id: expected an integer from 0 to 4294967295, found the number -1", documentWith(#""id":1"#, #""id":-1"#)),
            .init("json: bad escape", from: "json", "at byte 260: JSON: line 1, column 261: unknown escape \\q", documentWith(#""path":"/a""#, #""path":"/\q""#)),
            .init("json: lone surrogate", from: "json", "at byte 264: JSON: line 1, column 265: a lone surrogate \\ud800", documentWith(#""path":"/a""#, #""path":"/\ud800""#)),
            .init("json: raw control character", from: "json", "at byte 259: JSON: line 1, column 260: a raw control character (0x1) in a string; it must be escaped", documentWith(#""path":"/a""#, "\"path\":\"/\u{1}\"")),
            .init("json: a record that is not an object", from: "json", "at $.records[0]: expected an object, found a number", documentWith(#"[{"kind":"global","socketFD":3},"#, "[1,")),
            .init("json: records not an array", from: "json", "at byte 53: JSON: line 1, column 54: expected '[': records is an array", documentWith(#""records":["#, #""records":{"a":["#)),
            .init("json: bytes after the document", from: "json", "at byte 315: JSON: line 1, column 316: text after the end of the document") {
                utf8(document + "{}")
            },
            .init("json: nested 100000 deep", from: "json", "at $.records[0]: expected an object, found an array") {
                utf8(#"{"format":"xsconvert-snapshot","version":1,"records":"# + String(repeating: "[", count: 100_000))
            },
        ]

    // MARK: - gzip

    /// The member around `content`: deflate's stored blocks, CRC32 and ISIZE computed.
    static func member(_ content: [UInt8], flags: UInt8 = 0, method: UInt8 = 8, extra: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = [0x1F, 0x8B, method, flags, 0, 0, 0, 0, 0, 0xFF] + extra
        var rest = content[...]
        repeat {
            let block = rest.prefix(0xFFFF)
            rest = rest.dropFirst(block.count)
            let count = UInt16(block.count)
            bytes += [rest.isEmpty ? 1 : 0, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8(~count >> 8)] + block
        } while !rest.isEmpty
        return bytes + le32(crc32(content)) + le32(UInt32(truncatingIfNeeded: content.count))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// minimal.state_dump in one member: 10-byte header, 5-byte block header, 344 bytes, 8-byte trailer.
    static func archive() throws -> [UInt8] { member(try fixture(minimalDump)) }

    static let gzip: [MalformedInput] = [
        .init("gzip: bad CRC32", "at byte 363: gzip: corrupt archive in member 1: CRC32 mismatch (the data does not match") {
            let a = try archive(); return a.replacing(at: a.count - 8, with: [a[a.count - 8] ^ 1])
        },
        .init("gzip: bad ISIZE", "at byte 367: gzip: corrupt archive in member 1: ISIZE mismatch (the data does not have") {
            let a = try archive(); return a.replacing(at: a.count - 4, with: [a[a.count - 4] &+ 1])
        },
        .init("gzip: cut inside the header", "at byte 6: gzip: the archive ends inside member 1, before its CRC32 and size: truncated") {
            try archive().truncated(to: 6)
        },
        .init("gzip: cut inside the data", "at byte 200: gzip: the archive ends inside member 1, before its CRC32 and size: truncated") {
            try archive().truncated(to: 200)
        },
        .init("gzip: cut inside the trailer", "at byte 364: gzip: the archive ends inside member 1, before its CRC32 and size: truncated") {
            let a = try archive(); return a.truncated(to: a.count - 3)
        },
        .init("gzip: reserved header flag", "at byte 4: gzip: corrupt archive in member 1: unknown header flags set") {
            try archive().replacing(at: 3, with: [0x20])
        },
        .init("gzip: method 7", "at byte 4: gzip: corrupt archive in member 1: unknown compression method") {
            member(try fixture(minimalDump), method: 7)
        },
        .init("gzip: FEXTRA longer than the file", "at byte 371: gzip: the archive ends inside member 1, before its CRC32 and size: truncated") {
            member(try fixture(minimalDump), flags: 0x04, extra: [0xFF, 0xFF, 1, 2])
        },
        .init("gzip: FNAME without its NUL", "at byte 25: gzip: the archive ends inside member 1, before its CRC32 and size: truncated") {
            member(utf8("x"), flags: 0x08).truncated(to: 10) + utf8("name-never-ends")
        },
        .init("gzip: invalid block type", "at byte 11: gzip: corrupt archive in member 1: invalid block type") {
            try archive().replacing(at: 10, with: [0x07])
        },
        .init("gzip: stored block length and complement disagree", "at byte 15: gzip: corrupt archive in member 1: invalid stored block lengths") {
            try archive().replacing(at: 13, with: [0])
        },
        .init("gzip: garbage after the member", "at byte 367: gzip: expected another gzip member (1f 8b) or the end of the archive") {
            try archive() + utf8("garbage!")
        },
        .init("gzip: second member cut short", "at byte 467: gzip: the archive ends inside member 2, before its CRC32 and size: truncated") {
            let a = try archive(); return a + a.truncated(to: 100)
        },
        .init("gzip: real archive cut in half", "at byte 259367: gzip: the archive ends inside member 1, before its CRC32 and size:") {
            let a = try fixture("seed/big-100k.bin.gz"); return a.truncated(to: a.count / 2)
        },
        .init("gzip: a valid archive of a truncated dump", "uncompressed): at byte 120: the stream ends without an END record") {
            member(try fixture(minimalDump).truncated(to: 120))
        },
    ]

    // MARK: - What no writer may write (issue 18, item 1)

    /// Records every reader refuses, since their output would not read back: a record of
    /// unknown type whose type is a known one, NUL inside a string the stream ends at a NUL,
    /// the seed's records of types it has no layout for, a stray xsconvert extension record, a
    /// JSON source no writer can keep.
    static let unreadable: [MalformedInput] =
        [(2, "CONNECTION_DATA"), (3, "WATCH_DATA"), (5, "NODE_DATA"), (8, "WATCH_DATA_EXTENDED")].map { type, name in
            .init("json: an unknown record of type \(type)", from: "json", "at $.records[4].type: type \(type) is \(name)'s, not an unknown type",
                  documentWith("]}]}", #"]},{"kind":"unknown","type":\#(type),"body":{"base64":"AAAAAAAAAAA="}}]}"#))
        }
        + [
            .init("json: a NUL in a path (\\u0000)", from: "json", #"at $.records[3].path: NODE_DATA path "/\0a" has a NUL at byte 1, which the stream cannot hold"#,
                  documentWith(#""path":"/a""#, #""path":"/\u0000a""#)),
            .init("json: a NUL in a path (base64)", from: "json", #"at $.records[3].path: NODE_DATA path "/\0" has a NUL at byte 1"#,
                  documentWith(#""path":"/a""#, #""path":{"base64":"LwA="}"#)),
            .init("json: a NUL in a watch path", from: "json", #"at $.records[4].path: WATCH_DATA path "/w\0" has a NUL at byte 2"#,
                  documentWith("]}]}", #"]},{"kind":"watch","connection":1,"path":"/w\u0000","token":"t"}]}"#)),
            .init("json: a NUL in a watch token", from: "json", #"at $.records[4].token: WATCH_DATA token "t\0" has a NUL at byte 1"#,
                  documentWith("]}]}", #"]},{"kind":"watch","connection":1,"path":"/w","token":"t\u0000"}]}"#)),
            .init("json: a NUL in a quota name", from: "json", #"at $.records[4].quotas: DOMAIN_DATA quota name "q\0" has a NUL at byte 1"#,
                  documentWith("]}]}", #"]},{"kind":"domain","domid":0,"quotas":[{"name":"q\u0000","value":1}]}]}"#)),
            .init("json: a node pending in conn-id 0", from: "json", "at $.records[3].pending: NODE_DATA /a: pending in a transaction of conn-id 0, which means a committed node",
                  documentWith(#""permissions":["n0","r3"]"#, #""permissions":["n0","r3"],"pending":{"connection":0,"transaction":1,"access":1}"#)),
            .init("json: a connection of another type that is a ring", from: "json", "at $.records[1].connType: CONNECTION_DATA conn-id 1: conn-type 0 is a ring, not another type",
                  documentWith(#""type":"ring","domid":0,"targetDomid":32756,"eventChannel":2"#, #""type":"other","connType":0,"spec":{"base64":"AAAAAAAAAAA="}"#)),
            .init("json: a source of binary version 7", from: "json", "at $.source.version: binary stream version 7 is not one xsconvert reads or writes (1 or 2)",
                  documentWith(#""version":1,"#, #""version":1,"source":{"format":"binary","version":7},"#)),
            .init("seed: a NUL in a node path", from: "binary", dialect: "seed", #"at byte 248: NODE_DATA path "/\0ocal" has a NUL at byte 1"#) {
                try fixture("seed/minimal.bin").replacing(at: 285, with: [0])
            },
            .init("seed: a NUL in a watch path", from: "binary", dialect: "seed", #"at byte 112: WATCH_DATA path "/\0ocal/domain" has a NUL at byte 1"#) {
                try fixture("seed/minimal.bin").replacing(at: 133, with: [0])
            },
        ]
        + [(6, "GLOBAL_QUOTA_DATA"), (7, "DOMAIN_DATA"), (8, "WATCH_DATA_EXTENDED")].map { type, name in
            .init("seed: a record of type \(type)", from: "binary", dialect: "seed", "at byte 192: \(name): the seed's layout has no such record") {
                try fixture("seed/minimal.bin").settingBE32(at: 192, UInt32(type))
            }
        }
        + [
            .init("binary: an XSCONVERT_OXENSTORED record after no record it extends", "at byte 32: record type 2020827905 is xsconvert's XSCONVERT_OXENSTORED, which must follow") {
                stream([(0x7873_6301, le32(2) + le32(9) + le32(1) + le32(0) + [1, 0, 0, 0, 0, 0, 0, 0])])
            },
        ]

    // MARK: - Limits (issue 18, items 4 and 5)

    /// Fields over what any daemon accepts, lengths that claim more than a record may hold, a
    /// JSON value of the wrong type refused at its first byte, an archive that expands too far.
    static let overLimits: [MalformedInput] = [
        .init("binary: a node path of 4000 bytes", "at byte 32: NODE_DATA path of 4000 bytes is over the limit of 3072") {
            stream([(5, nodeBody(path: utf8("/") + [UInt8](repeating: UInt8(ascii: "a"), count: 3999)))])
        },
        .init("binary: a value of 5000 bytes", "at byte 32: NODE_DATA /: a value of 5000 bytes is over the limit of 4096") {
            stream([(5, nodeBody(path: utf8("/"), value: [UInt8](repeating: 1, count: 5000)))])
        },
        .init("binary: a value within a raised limit but not the record size", limits: ["--max-value-size": 5000, "--max-record-size": 1000],
              "at byte 36: NODE_DATA has len 5024, over the limit of 1064 bytes for one record") {
            stream([(5, nodeBody(path: utf8("/"), value: [UInt8](repeating: 1, count: 5000)))])
        },
        .init("binary: len 0xfffffff0 in an archive of 5 MiB", "uncompressed): at byte 20: record type 99 has len 4294967280, over the limit of 4194368 bytes for one record") {
            try gzipped(utf8("xenstore") + [0, 0, 0, 1, 0, 0, 0, 0] + le32(99) + le32(0xFFFF_FFF0) + [UInt8](repeating: 0, count: 5 << 20))
        },
        .init("json: a node 100 000 levels deep", from: "json", "at $.records[3].path: a string longer than 3072 bytes, the limit for a path",
              documentWith(#""path":"/a""#, "\"path\":\"" + String(repeating: "/a", count: 100_000) + "\"")),
        .init("json: an array where a path goes", from: "json", #"at $.records[3].path: expected a string or {"base64": "…"}, found an array"#,
              documentWith(#""path":"/a""#, #""path":["# + String(repeating: "1,", count: 100_000) + "1]")),
        .init("json: a string where an integer goes", from: "json", "at $.records[1].domid: expected an integer, found a string",
              documentWith(#""domid":0"#, "\"domid\":\"" + String(repeating: "x", count: 100_000) + "\"")),
        .init("json: a member name of 100 000 bytes", from: "json", "a member name longer than 64 bytes",
              documentWith(#""kind":"global""#, "\"" + String(repeating: "k", count: 100_000) + "\":1")),
        .init("json: a number of 100 digits", from: "json", "a number longer than 40 characters",
              documentWith(#""socketFD":3"#, #""socketFD":"# + String(repeating: "9", count: 100))),
        .init("json: a member given twice", from: "json", #"at $.records[0].socketFD: the member "socketFD" is given twice"#,
              documentWith(#""socketFD":3"#, #""socketFD":3,"socketFD":4"#)),
        .init("json: pending data over the record size", from: "json", limits: ["--max-record-size": 16],
              "at $.records[1].pendingOutput.base64: base64 text of more than 24 characters (18 bytes), the limit for the data of one record",
              documentWith(#""eventChannel":2"#, #""eventChannel":2,"pendingOutput":{"base64":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#)),
        .init("gzip: expands more than allowed", from: "json", limits: ["--max-expansion": 4, "--max-record-size": 1024],
              "gzip: the first ") {
            try gzipped(utf8(document).dropLast(4) + [UInt8](repeating: 0x20, count: 1 << 20) + utf8("]}"))
        },
        .init("oxenstored: a store line of 100 000 fields", from: "oxenstored", strict: true, "line 6: store: 100001 fields, expected 4",
              dumpLine(6, "store" + String(repeating: ",", count: 100_000))),
        .init("json: 65536 permissions", from: "json", "at $.records[3].permissions: more than 65535 elements",
              documentWith(#""permissions":["n0","r3"]"#, #""permissions":["# + String(repeating: #""n0","#, count: 65536) + #""n0"]"#)),
        .init("oxenstored: a path of 4000 bytes", from: "oxenstored", "line 6: NODE_DATA path of 4000 bytes is over the limit of 3072",
              dumpLine(6, "store,2f" + String(repeating: "61", count: 3999) + ",6e30,")),
        .init("legacy: a value of 5000 bytes", from: "oxenstored-legacy", "line 3: NODE_DATA /local/x: a value of 5000 bytes is over the limit of 4096") {
            utf8(legacyDB).replacing("= value", with: "= " + String(repeating: "v", count: 5000))
        },
    ]

    /// Text without end: a first line of NULs (`cat /dev/zero`), a line of 17 MiB of commas.
    static let unboundedText: [MalformedInput] = [
        .init("oxenstored: a first line of 1 MiB of NULs", from: "oxenstored", #"line 1: the first line is "\0\0\0"#) {
            [UInt8](repeating: 0, count: 1 << 20)
        },
        .init("oxenstored: a line of 17 MiB of commas", from: "oxenstored", "uncompressed): line 2: the line is longer than 16842752 bytes") {
            try gzipped(utf8("$xenstored-dump-format\n") + [UInt8](repeating: UInt8(ascii: ","), count: 17 << 20) + [0x0A])
        },
    ]
}
