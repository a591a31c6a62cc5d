/// Where in an input something was found.
public enum SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// A byte offset from the start of the (uncompressed) input.
    case byte(UInt64)
    /// A 1-based line number of a text input.
    case line(Int)
    /// A path inside a structured document, e.g. a JSON path `$.nodes[3].path`.
    case path(String)

    public var description: String {
        switch self {
        case .byte(let offset): "at byte \(offset)"
        case .line(let line): "line \(line)"
        case .path(let path): "at \(path)"
        }
    }
}

/// Every failure xsconvert reports: what kind (which decides the exit status), which file,
/// where in it, and what was expected.
public struct ConversionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure it is: it decides the command's exit status.
    public enum Kind: Hashable, Sendable {
        /// The command line is wrong (unknown format, conflicting options).
        case usage
        /// The input is not valid for its format.
        case data
        /// The input cannot be opened.
        case cannotOpen
        /// The output cannot be created or written.
        case cannotCreate
        /// Reading failed at the system level.
        case io
        /// Writing would lose data and the user did not allow it.
        case loss
    }

    /// What kind of failure.
    public var kind: Kind
    /// The file it is about, if any.
    public var file: String?
    /// Where in that file, if known.
    public var location: SourceLocation?
    /// What was found and what was expected, in one line.
    public var message: String
    /// Further lines (e.g. the list of what a conversion would lose).
    public var details: [String]
    /// What the user can do about it (a program says it in its own terms).
    public var remedy: Remedy?

    /// A failure of `kind` about `file` at `location`.
    public init(
        _ kind: Kind, file: String? = nil, at location: SourceLocation? = nil, _ message: String,
        details: [String] = [], remedy: Remedy? = nil
    ) {
        self.kind = kind
        self.file = file
        self.location = location
        self.message = message
        self.details = details
        self.remedy = remedy
    }

    /// `FILE: at byte N: message`, then one indented line per detail.
    public var description: String {
        var head = ""
        if let file { head += file + ": " }
        if let location { head += location.description + ": " }
        head += message
        return ([head] + details.map { "  " + $0 }).joined(separator: "\n")
    }
}
