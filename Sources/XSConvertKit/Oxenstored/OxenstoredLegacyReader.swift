/// Reads oxenstored's legacy persistent db / SIGUSR1 debug dump: nodes only, one a line.
/// Nothing reads this form back (oxenstored 4.17's own reader fails on the first line), so a
/// malformed line is an error; a node below a parent not yet read is skipped as the text
/// dump's would be.
enum OxenstoredLegacyReader {
    static func make(input: ByteInput, options: ReadOptions, diagnostics: Diagnostics) throws -> LineRecordReader<Mapper> {
        if try input.isAtEnd() {
            throw ConversionError(.data, file: input.name, at: .line(1), "the input is empty; expected lines of path{perms} = value")
        }
        return LineRecordReader(
            input: input, info: StreamInfo(format: OxenstoredLegacyAdapter.formatName), mapper: Mapper(),
            options: options, diagnostics: diagnostics)
    }

    struct Mapper: LineMapper {
        private var mapping = OxenstoredMapping.Reading(hasGlobalState: false)

        mutating func map(_ text: ArraySlice<UInt8>, number: Int, into queue: inout MappedRecordQueue) throws {
            if text.isEmpty {
                try queue.remark("an empty line; ignored", refusedWhenStrict: true, line: number)
                return
            }
            switch LegacyLine.parse(text) {
            case .failure(let problem):
                throw ConversionError(.data, file: queue.file, at: .line(number), problem.message)
            case .success(let line):
                try queue.take(mapping.mapNode(path: line.path, permissions: line.permissions, value: line.value), line: number)
            }
        }

        mutating func finish(lastLine: Int, into queue: inout MappedRecordQueue) throws {
            try queue.take(mapping.finish(), line: lastLine)
        }
    }
}
