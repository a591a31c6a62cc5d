/// The records that lines of a text input produced, waiting to be returned one by one, and
/// the one place that turns a mapping's remarks into diagnostics or errors: what oxenstored
/// would skip is a warning by default and an error under `--strict`.
struct MappedRecordQueue {
    let file: String
    let strict: Bool
    let diagnostics: Diagnostics
    private var records: [(record: Record, line: Int)] = []
    private var nextIndex = 0

    init(file: String, strict: Bool, diagnostics: Diagnostics) {
        self.file = file
        self.strict = strict
        self.diagnostics = diagnostics
    }

    /// Whether no record is waiting.
    var isEmpty: Bool { nextIndex >= records.count }

    /// The next waiting record and the line it came from.
    mutating func pop() -> (record: Record, line: Int)? {
        guard nextIndex < records.count else {
            if nextIndex > 0 { records.removeAll(keepingCapacity: true); nextIndex = 0 }
            return nil
        }
        defer { nextIndex += 1 }
        return records[nextIndex]
    }

    /// Queues what line `line` produced and reports what the mapping said about it.
    mutating func take(_ output: OxenstoredMapping.Output, line: Int) throws {
        if let skipped = output.skipped { try skip(skipped, line: line) }
        for warning in output.warnings { diagnostics.warn(warning, file: file, at: .line(line)) }
        for made in output.synthesized { diagnostics.synthesized(made, file: file) }
        for record in output.records { records.append((record, line)) }
    }

    /// A line oxenstored would skip: an error when reading strictly, else a warning.
    func skip(_ problem: String, line: Int) throws {
        if strict {
            throw ConversionError(.data, file: file, at: .line(line), problem + " (oxenstored skips this line; strict reading refuses it)")
        }
        diagnostics.warn(problem + "; line skipped, as oxenstored skips it", file: file, at: .line(line))
    }

    /// Something read anyway; `refusedWhenStrict` makes it an error when reading strictly.
    func remark(_ message: String, refusedWhenStrict: Bool, line: Int) throws {
        if strict, refusedWhenStrict {
            throw ConversionError(.data, file: file, at: .line(line), message + " (strict reading refuses it)")
        }
        diagnostics.warn(message, file: file, at: .line(line))
    }
}
