import XSConvertKit

/// The library says what can be done about a fault in its own terms (`Remedy`); the command
/// line says it with the option that does it.
extension Remedy {
    var hint: String {
        switch self {
        case .allowLoss: "--allow-loss writes it anyway and reports what it dropped"
        case .createMissingParents: "--create-parents creates them"
        case .nameInputFormat: "name it with --from"
        case .readDialect(let dialect): "try --from-dialect \(dialect)"
        case .shape(for: let target): "convert --target \(target.name) writes what it restores"
        case .raiseLimit(let limit): "\(ReadLimitOptions.option(for: limit)) raises it"
        case .listeningSocket: "--socket-fd names the fd at which it inherits one"
        }
    }

    /// `text` with the hint: at the end of its first line when it has one line, else as a
    /// line of its own after the others.
    static func append(_ remedy: Remedy?, to text: String) -> String {
        guard let remedy else { return text }
        return text.contains("\n") ? text + "\n  (\(remedy.hint))" : text + " (\(remedy.hint))"
    }
}

extension ConversionError {
    /// The message as the command line shows it, with the remedy's option.
    var withHint: String { Remedy.append(remedy, to: description) }
}

extension Diagnostic {
    var withHint: String { Remedy.append(remedy, to: description) }
}

extension ValidationReport.Finding {
    var withHint: String { Remedy.append(remedy, to: description) }
}
