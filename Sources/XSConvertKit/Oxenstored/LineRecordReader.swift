import Glibc

/// Turns the lines of one text format into records (one mapper per format).
protocol LineMapper {
    /// Handles line number `number` (without its `\n`), queueing what it produced.
    mutating func map(_ line: ArraySlice<UInt8>, number: Int, into queue: inout MappedRecordQueue) throws
    /// Queues what the end of the input adds; `lastLine` is the number of the last line.
    mutating func finish(lastLine: Int, into queue: inout MappedRecordQueue) throws

    /// Whether the format has plain lines, which `buildPlain` builds straight into a record.
    static var hasPlainLines: Bool { get }
    /// Builds `line` into `record` if it is plain and maps to that record and nothing else
    /// (see `DumpLine.Plain`), and returns the record's type; nil for a line `map` reads.
    mutating func buildPlain(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> RecordType?
    /// The record `buildPlain` built last was taken as it is.
    mutating func tookPlain(_ record: RecordBuffer)
}

extension LineMapper {
    static var hasPlainLines: Bool { false }
    mutating func buildPlain(_ line: UnsafeRawBufferPointer, into record: RecordBuffer) -> RecordType? { nil }
    mutating func tookPlain(_ record: RecordBuffer) {}
}

/// Reads a line-based input through a `LineMapper`, returning its records one by one. A line
/// may be at most the limits' `textRecordLength` long, and each record must keep `RecordRules`
/// within the limits. The mappers remember each node's path (oxenstored admits a node only
/// below one it restored), so at most `limits.nodes` nodes are read.
final class LineRecordReader<Mapper: LineMapper>: RecordReader {
    let input: ByteInput
    let info: StreamInfo
    let limits: ReadLimits
    // Unchecked at run time: one caller at a time, no overlapping access (see ByteInput).
    @exclusivity(unchecked) private var mapper: Mapper
    @exclusivity(unchecked) private var queue: MappedRecordQueue
    @exclusivity(unchecked) private var lineNumber: Int
    @exclusivity(unchecked) private var finished = false
    @exclusivity(unchecked) private var nodesRead = 0
    @exclusivity(unchecked) private(set) var location: SourceLocation = .line(1)
    /// Where a plain line's record is built (see `lendRecords`).
    private let record = RecordBuffer()

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
                if case .node = record { try countNode() }
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

    /// Counts a node read, up to `limits.nodes`.
    private func countNode() throws {
        nodesRead += 1
        guard nodesRead > limits.nodes else { return }
        var error = ReadLimits.tooManyNodes(limits.nodes, at: location)
        error.file = input.name
        throw error
    }
}

extension LineRecordReader: RecordViewReader {
    /// Lends the records of the plain lines from the current one on (see `LineMapper.buildPlain`),
    /// built straight from the input's buffer; stops before a line that is not plain, which
    /// `next()` reads, or when records are waiting from lines read before.
    func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int) {
        guard Mapper.hasPlainLines else { return (0, 0) }
        var records = 0, nodes = 0, stopped = false
        while !finished, !stopped, queue.isEmpty {
            try input.fill(atLeast: 1)
            let used = try input.withBuffered(input.available) { span in
                try span.withUnsafeBytes { bytes in
                    var at = 0
                    while at < bytes.count {
                        guard let found = memchr(bytes.baseAddress! + at, 0x0A, bytes.count - at) else { break }
                        let end = UnsafeRawPointer(found) - bytes.baseAddress!
                        let line = UnsafeRawBufferPointer(rebasing: bytes[at..<end])
                        guard line.count <= limits.textRecordLength, let type = mapper.buildPlain(line, into: record),
                              try record.withView(as: type, within: limits, { view in
                                  location = .line(lineNumber + 1)
                                  let took = try take(view)
                                  if took, type == .nodeData { try countNode() }
                                  return took
                              }) == true else {
                            stopped = true
                            break
                        }
                        mapper.tookPlain(record)
                        lineNumber += 1
                        records += 1
                        if type == .nodeData { nodes += 1 }
                        at = end + 1
                    }
                    return at
                }
            }
            input.consume(used)
            guard !stopped else { break }
            // The next line is not whole in the buffer: read on, unless the input ended or the
            // line is already too long (`next()` reads and reports it).
            let buffered = input.available
            guard buffered <= limits.textRecordLength else { break }
            try input.fill(atLeast: buffered + 1)
            if input.available == buffered { break }
        }
        return (records, nodes)
    }
}
