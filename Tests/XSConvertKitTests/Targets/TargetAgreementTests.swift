import Testing
import TestSupport
import XSConvertKit

/// `convert --target X` and `validate --target X` agree, for every target profile, on every
/// malformed input, every input with a fault a daemon cannot take (`TargetFault`) and every
/// corpus dump: what convert writes passes validate; what validate finds nothing to say about
/// converts without loss; and each fault is shaped with a reported change, or refused.
@Suite struct TargetAgreementTests {
    struct Input: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String?
        var options: ReadOptions
        var bytes: @Sendable () throws -> [UInt8]
        var isFault = false
        var testDescription: String { name }
    }

    static let corpus = Fixtures.cxenstoredDumps + Fixtures.oxenstoredDumps + Fixtures.cxenstored421Dumps + Fixtures.cxenstored422Dumps
        + ["oxenstored/basic.dump.legacy", "seed/host.bin", "seed/minimal.bin", "seed/pending-data.bin", "json/depth-watch.json"]

    static let inputs: [Input] =
        MalformedInput.all.map { bad in
            Input(name: "malformed: \(bad.name)", from: bad.from, options: ReadOptions(strict: bad.strict, dialect: bad.dialect), bytes: bad.bytes)
        }
        + TargetFault.all.map { fault in
            Input(name: "fault: \(fault.name)", from: fault.from, options: ReadOptions(), bytes: { fault.bytes }, isFault: true)
        }
        + corpus.map { name in Input(name: name, options: ReadOptions(), bytes: { try Fixtures.bytes(name) }) }

    /// The output of `convert --target`, or nil where it refuses; what it said.
    func convert(_ input: Input, for target: TargetProfile, allowLoss: Bool) throws -> (Bytes?, Diagnostics) {
        let diagnostics = Diagnostics()
        let sink = MemorySink()
        do {
            _ = try Converter().convert(ByteInput(bytes: try input.bytes(), name: "in"), from: input.from, to: ByteOutput(sink: sink, name: "out"),
                                        target: target, readOptions: input.options, writeOptions: WriteOptions(allowLoss: allowLoss),
                                        diagnostics: diagnostics)
            return (sink.bytes, diagnostics)
        } catch is ConversionError {
            return (nil, diagnostics)
        }
    }

    /// What `validate --target` says of `bytes` (nil where it cannot read them), and the
    /// reader's own warnings.
    func validate(_ bytes: Bytes, from: String?, options: ReadOptions = .init(), for target: TargetProfile) -> (ValidationReport?, Diagnostics) {
        let diagnostics = Diagnostics()
        let input = ByteInput(bytes: bytes, name: "in")
        guard let adapter = try? Converter().readerAdapter(for: input, named: from) else { return (nil, diagnostics) }
        return (try? Validator.validate(input, adapter: adapter, target: target, options: options, diagnostics: diagnostics), diagnostics)
    }

    /// The output of converting to `target`'s format without a target, and whether it warned
    /// that the daemon would not restore it; nil where the conversion refuses.
    func write(_ input: Input, asFormatOf target: TargetProfile) throws -> (bytes: Bytes, warned: Bool)? {
        let diagnostics = Diagnostics()
        let sink = MemorySink()
        do {
            _ = try Converter().convert(ByteInput(bytes: try input.bytes(), name: "in"), from: try input.from.map { try SnapshotFormat(named: $0) },
                                        to: ByteOutput(sink: sink, name: "out"), as: target.outputFormat,
                                        readOptions: input.options, diagnostics: diagnostics)
        } catch is ConversionError {
            return nil
        }
        return (sink.bytes, diagnostics.entries.contains { $0.message.contains("would not restore") })
    }

    /// The faults of an input's framing, which a conversion writes framed anew.
    static let framing: Set<Rule> = [.unpaddedLength, .lengthOverrun, .watchLayout]

    /// Whether `input` is in the very encoding a conversion for `target` writes.
    func isInFormat(of target: TargetProfile, _ input: Input) throws -> Bool {
        let bytes = ByteInput(bytes: try input.bytes(), name: "in")
        guard let adapter = try? Converter().readerAdapter(for: bytes, named: input.from),
              let info = try? adapter.makeReader(bytes, options: input.options, diagnostics: Diagnostics()).info else { return false }
        let wanted = target.outputFormat
        return info.format == wanted.name && (wanted.streamVersion.map { $0 == info.version } ?? true)
            && (wanted.byteOrder.map { $0 == info.byteOrder } ?? true)
    }

    /// Validate and convert's warning agree: writing a target's format without a target warns
    /// exactly when validate of what it wrote fails; and, for an input already in that very
    /// encoding, validate of the input fails (its framing aside, which a conversion writes
    /// anew) exactly when the conversion warns or refuses.
    @Test(arguments: inputs)
    func validateFailsExactlyWhenConvertWarns(_ input: Input) throws {
        for target in TargetProfile.all {
            let written = try write(input, asFormatOf: target)
            if let written {
                let (report, _) = validate(written.bytes, from: target.format, for: target)
                #expect(written.warned == (report?.isValid != true),
                        "\(target.name): convert warned: \(written.warned), validate of its output: \(report.map(\.description) ?? "unreadable")")
            }
            let (verdict, _) = validate(try input.bytes(), from: input.from, options: input.options, for: target)
            guard let verdict, try isInFormat(of: target, input) else { continue }
            #expect(verdict.errorCount == verdict.errors.count || verdict.unlistedFindings > 0)
            let valid = verdict.errors.allSatisfy { Self.framing.contains($0.rule) }
            #expect(valid == (written.map { !$0.warned } ?? false),
                    "\(target.name): convert \(written.map { $0.warned ? "warned" : "was silent" } ?? "refused"), validate: \(verdict)")
        }
    }

    @Test(arguments: inputs)
    func convertAndValidateAgree(_ input: Input) throws {
        for target in TargetProfile.all {
            let (output, said) = try convert(input, for: target, allowLoss: true)
            if let output {
                let (validator, _) = validate(output, from: target.format, for: target)
                #expect(validator?.errors == [], "\(target.name): convert --target wrote what validate --target refuses: \(validator?.errors.map(\.description) ?? ["unreadable"])")
                if input.isFault {
                    #expect(!said.entries.isEmpty, "\(target.name): the fault was shaped without a word")
                }
            }
            let (verdict, readerSaid) = validate(try input.bytes(), from: input.from, options: input.options, for: target)
            if let verdict, verdict.findings.isEmpty, !readerSaid.entries.contains(where: { $0.severity == .warning }) {
                let (lossless, _) = try convert(input, for: target, allowLoss: false)
                #expect(lossless != nil, "\(target.name): validate --target finds nothing, but convert --target refuses it")
            }
        }
    }
}
