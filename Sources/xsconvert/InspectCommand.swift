import Glibc
import ArgumentParser
import XSConvertKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a snapshot: format, version, byte order, records, connections, nodes.",
        discussion: """
            Example:
              xsconvert inspect /var/run/xenstored/state_dump
              xsconvert inspect --tree archive/host1.gz | less
            """
    )

    @Argument(help: "The snapshot to read, or - for standard input.", completion: .file())
    var input: String = Files.standardStream

    @OptionGroup(title: "Reading")
    var reading: ReadingOptions

    @OptionGroup
    var deprecated: DeprecatedInputDialect

    @Flag(help: "Also show the store as an indented tree, and how many nodes each domain owns.")
    var tree = false

    @Flag(name: .shortAndLong, help: "Do not print warnings.")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        try Reporting.run(diagnostics: diagnostics, quiet: quiet) {
            let reading = try deprecated.folded(into: reading)
            let source = try reading.open(input)
            let adapter = try reading.adapter(for: source)
            let inspection = try Inspection(
                source, adapter: adapter, options: reading.readOptions, keepingNodes: tree, diagnostics: diagnostics)
            print(InspectionReport(inspection, archive: source.gzip).text, terminator: "")
            if tree {
                print("tree:")
                for line in TreeRendering.lines(of: inspection.nodes) { print("  " + line) }
                print("nodes by owner:")
                for (domid, count) in TreeRendering.ownerCounts(of: inspection.nodes) { print("  dom\(domid): \(count)") }
            }
        }
    }
}

/// The text `inspect` prints.
struct InspectionReport {
    let inspection: Inspection
    let archive: GzipDecoder?

    init(_ inspection: Inspection, archive: GzipDecoder? = nil) {
        self.inspection = inspection
        self.archive = archive
    }

    /// What the restored daemon inherits: `listening socket fd 3, event channel fd 4, DOM_EXC
    /// port 5` (each only where the input records it).
    func describe(_ global: GlobalData?) -> String {
        guard let global else { return "no GLOBAL_DATA (no listening socket or event-channel fd recorded)" }
        return [global.socketFD < 0 ? "no listening socket" : "listening socket fd \(global.socketFD)",
                global.eventChannelFD.map { "event channel fd \($0)" } ?? "event channel fd not recorded",
                global.domExcPort.map { "DOM_EXC port \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }

    var text: String {
        let i = inspection
        var lines = [
            "file:        \(archive?.name ?? i.name)",
            "format:      \(i.info.description)",
            "size:        \(i.size) bytes",
        ]
        if let archive { lines += describe(archive, uncompressed: i.size) }
        lines.append("records:     \(i.recordCount)")
        for kind in i.counts.keys.sorted() {
            lines.append("  \(kind.rawValue.padding(19))\(String(i.counts[kind]!).leftPadding(8))")
        }
        for (type, count) in i.unknownTypes.sorted(by: { $0.key < $1.key }) {
            lines.append("  unknown type \(type): \(count)")
        }
        if i.otherUnknownRecords > 0 {
            lines.append("  unknown, of other types: \(i.otherUnknownRecords)")
        }
        let rings = i.connections.filter { if case .ring = $0.endpoint { true } else { false } }.count
        let sockets = i.connections.filter { if case .socket = $0.endpoint { true } else { false } }.count
        lines.append("daemon:      " + describe(i.global))
        lines.append("connections: \(i.connections.count) (\(rings) ring, \(sockets) socket)")
        for connection in i.connections { lines.append("  " + describe(connection)) }
        lines.append("nodes:       \(i.committedNodes) committed (\(i.specialNodes) special), \(i.pendingNodes) pending in transactions, \(i.valueBytes) value bytes")
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ archive: GzipDecoder, uncompressed: UInt64) -> [String] {
        var lines = ["gzip:        \(archive.compressedOffset) bytes compressed, \(archive.members) member\(archive.members == 1 ? "" : "s")"]
        guard let metadata = archive.metadata else { return lines }
        if let name = metadata.fileName { lines.append("  name:      \(name)") }
        if metadata.modificationTime != 0 {
            var seconds = time_t(metadata.modificationTime)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            var text = [Int8](repeating: 0, count: 32)
            strftime(&text, text.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
            lines.append("  mtime:     " + String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        if let comment = metadata.comment {
            lines.append("  comment:   \(comment.trimmingTrailingSpaces)")
        }
        return lines
    }

    private func describe(_ c: Inspection.ConnectionSummary) -> String {
        var text = "conn \(c.id): "
        switch c.endpoint {
        case .ring(let ring):
            text += "ring domid \(ring.domid)"
            if ring.targetDomid != DomainID.invalid { text += " target \(ring.targetDomid)" }
            text += ring.eventChannel.map { " evtchn \($0)" } ?? " evtchn unknown"
            if let mfn = ring.mfn { text += " mfn \(mfn)" }
            if let port = ring.remotePort { text += " remote-port \(port)" }
        case .socket(let fd):
            text += "socket fd \(fd)"
        case .other(let type, let spec):
            text += "type \(type) spec \(spec.escapedForDisplay)"
        }
        if let id = c.uniqueID { text += " unique-id \(id)" }
        text += ", \(c.watches) watch\(c.watches == 1 ? "" : "es")"
        if c.pendingInputBytes > 0 { text += ", \(c.pendingInputBytes) bytes pending in" }
        if c.pendingOutputBytes > 0 {
            text += ", \(c.pendingOutputBytes) bytes pending out"
            if c.partialResponseLength > 0 { text += " (\(c.partialResponseLength) of a partial response)" }
        }
        return text
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
