import Foundation
import Testing
import TestSupport

/// `xsconvert convert --target X` and `xsconvert validate --target X` as a user runs them, on
/// each input with a fault a daemon cannot take: the conversion refuses it, or reports what it
/// changed and writes what validate passes (the in-process run over every input is
/// `TargetAgreementTests`).
@Suite struct TargetAgreementCLITests {
    static let targets = ["xenstored-4.17", "xenstored-4.21", "xenstored-4.22", "oxenstored"]

    @Test(arguments: TargetFault.all)
    func whatConvertWritesValidatePasses(_ fault: TargetFault) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input")
        try Data(fault.bytes).write(to: input)
        for target in Self.targets {
            let output = directory.appendingPathComponent("out-\(target)")
            let converted = try CLI.run(["convert", input.path, "--target", target, "--allow-loss", "-o", output.path]
                                        + (fault.from.map { ["--from", $0] } ?? []))
            guard converted.status == 0 else {
                #expect(converted.status == 65 && converted.stderr.contains("error: "), "\(target): \(converted.stderr)")
                #expect(!FileManager.default.fileExists(atPath: output.path))
                continue
            }
            #expect(!converted.stderr.isEmpty, "\(target): shaped without a word")
            let validated = try CLI.run(["validate", output.path, "--target", target, "-q"])
            #expect(validated.status == 0, "\(target): \(validated.stdoutText)")
        }
    }
}
