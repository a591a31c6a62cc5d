/// Reads oxenstored's live-update text dump (FORMATS.md §2): checks the header, then parses
/// each line with `DumpLine` and maps it with `OxenstoredMapping.Reading`.
enum OxenstoredDumpReader {
    static func make(input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> LineRecordReader<Mapper> {
        try checkHeader(input)
        return LineRecordReader(
            input: input, info: StreamInfo(format: OxenstoredAdapter.formatName), mapper: Mapper(),
            options: options, diagnostics: diagnostics, linesRead: 1)
    }

    /// Consumes the first line, which must be exactly `$xenstored-dump-format` (oxenstored
    /// refuses the whole file otherwise).
    private static func checkHeader(_ input: ByteInput) throws {
        let header = String(decoding: DumpLine.header, as: UTF8.self)
        guard let (first, _) = try input.readLine(maxLength: 4096) else {
            throw ConversionError(.data, file: input.name, at: .line(1), "the input is empty; an oxenstored dump starts with the line \(header)")
        }
        guard first.elementsEqual(DumpLine.header) else {
            let hint = first.last == 0x0D ? " (it ends with \\r: CRLF line endings, which oxenstored refuses)" : ""
            throw ConversionError(
                .data, file: input.name, at: .line(1),
                "the first line is \"\(Bytes(first.prefix(80)).escapedForDisplay)\(first.count > 80 ? "…" : "")\"\(hint); oxenstored refuses a dump whose first line is not exactly \(header)")
        }
    }

    struct Mapper: LineMapper {
        private var mapping = OxenstoredMapping.Reading(hasGlobalState: true)

        mutating func map(_ text: ArraySlice<UInt8>, number: Int, into queue: inout MappedRecordQueue) throws {
            switch DumpLine.parse(text) {
            case .skipped(let problem):
                try queue.skip(problem, line: number)
            case .line(let line, let remarks):
                for remark in remarks {
                    try queue.remark(remark.message, refusedWhenStrict: remark.refusedWhenStrict, line: number)
                }
                try queue.take(mapping.map(line), line: number)
            }
        }

        mutating func finish(lastLine: Int, into queue: inout MappedRecordQueue) throws {
            try queue.take(mapping.finish(), line: lastLine)
        }

        static var hasPlainLines: Bool { true }
        /// Where the path of the node built last lies in its record (nil for a watch), and its
        /// fingerprint.
        private var plainPath: Range<Int>?
        private var plainFingerprint: UInt64 = 0

        mutating func buildPlain(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> RecordType? {
            switch DumpLine.buildPlain(line, into: record) {
            case .store(let path)?:
                plainFingerprint = SeenPaths.fingerprint(record.bytes(path))
                guard mapping.takesPlainNode(at: record.bytes(path), fingerprint: plainFingerprint) else { return nil }
                plainPath = path
                return .nodeData
            case .watch(let owner)?:
                guard let connection = mapping.plainWatchConnection(owner: owner) else { return nil }
                record.setWatchConnection(connection)
                plainPath = nil
                return .watchData
            case nil:
                return nil
            }
        }

        mutating func tookPlain(_ record: RecordBuffer) {
            if let plainPath { mapping.restoredPlainNode(at: record.bytes(plainPath), fingerprint: plainFingerprint) }
        }
    }
}
