/// Turns the lines of one text format into records (one mapper per format).
protocol LineMapper {
    /// Handles line number `number` (without its `\n`), queueing what it produced.
    mutating func map(_ line: ArraySlice<UInt8>, number: Int, into queue: inout MappedRecordQueue) throws
    /// Queues what the end of the input adds; `lastLine` is the number of the last line.
    mutating func finish(lastLine: Int, into queue: inout MappedRecordQueue) throws
}

/// Reads a line-based input through a `LineMapper`, returning its records one by one. A line
/// may be at most the limits' `textRecordLength` long, and each record must keep `RecordRules`
/// within the limits.
final class LineRecordReader<Mapper: LineMapper>: RecordReader {
    let input: ByteInput
    let info: StreamInfo
    let limits: ReadLimits
    private var mapper: Mapper
    private var queue: MappedRecordQueue
    private var lineNumber: Int
    private var finished = false
    private(set) var location: SourceLocation = .line(1)

    /// `linesRead` lines (a header) have been consumed already.
    init(input: ByteInput, info: StreamInfo, mapper: Mapper, options: ReadOptions, diagnostics: Diagnostics, linesRead: Int = 0) {
        self.input = input
        self.info = info
        self.limits = options.limits
        self.mapper = mapper
        queue = MappedRecordQueue(file: input.name, strict: options.strict, diagnostics: diagnostics)
        lineNumber = linesRead
    }

    func next() throws -> Record? {
        while true {
            if let (record, line) = queue.pop() {
                location = .line(line)
                try RecordRules.check(record, within: limits, file: input.name, at: location)
                return record
            }
            if finished { return nil }
            guard let (text, ending) = try input.readLine(maxLength: limits.textRecordLength) else {
                finished = true
                try mapper.finish(lastLine: lineNumber, into: &queue)
                continue
            }
            lineNumber += 1
            if ending == .overLimit {
                throw ConversionError(
                    .data, file: input.name, at: .line(lineNumber),
                    "the line is longer than \(limits.textRecordLength) bytes, more than any record within the limits needs (\"\(Bytes(text.prefix(Bytes.excerptLength)).excerpt)…\")",
                    remedy: .raiseLimit(.recordSize))
            }
            try mapper.map(text, number: lineNumber, into: &queue)
        }
    }
}
