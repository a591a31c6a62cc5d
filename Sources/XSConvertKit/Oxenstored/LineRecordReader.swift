/// Turns the lines of one text format into records (one mapper per format).
protocol LineMapper {
    /// Handles line number `number` (without its `\n`), queueing what it produced.
    mutating func map(_ line: ArraySlice<UInt8>, number: Int, into queue: inout MappedRecordQueue) throws
    /// Queues what the end of the input adds; `lastLine` is the number of the last line.
    mutating func finish(lastLine: Int, into queue: inout MappedRecordQueue) throws
}

/// Reads a line-based input through a `LineMapper`, returning its records one by one.
final class LineRecordReader<Mapper: LineMapper>: RecordReader {
    let input: ByteInput
    let info: StreamInfo
    private var mapper: Mapper
    private var queue: MappedRecordQueue
    private var lineNumber: Int
    private var finished = false
    private(set) var location: SourceLocation = .line(1)

    /// `linesRead` lines (a header) have been consumed already.
    init(input: ByteInput, info: StreamInfo, mapper: Mapper, options: ReadOptions, diagnostics: Diagnostics, linesRead: Int = 0) {
        self.input = input
        self.info = info
        self.mapper = mapper
        queue = MappedRecordQueue(file: input.name, strict: options.strict, diagnostics: diagnostics)
        lineNumber = linesRead
    }

    func next() throws -> Record? {
        while true {
            if let (record, line) = queue.pop() {
                location = .line(line)
                return record
            }
            if finished { return nil }
            guard let (text, _) = try input.readLine() else {
                finished = true
                try mapper.finish(lastLine: lineNumber, into: &queue)
                continue
            }
            lineNumber += 1
            try mapper.map(text, number: lineNumber, into: &queue)
        }
    }
}
