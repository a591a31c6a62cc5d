import Testing
@testable import XSConvertKit

/// Damaged dumps: every read either succeeds or fails with a `ConversionError` naming a line;
/// nothing traps. The damage is deterministic (a fixed-seed generator), so a failure repeats.
@Suite struct OxenstoredRobustnessTests {
    static let alphabet = Bytes(utf8: ",\n\\{}=/@-0123456789abcdefxXnrwb \r") + [0, 0xFF]

    func damaged(_ original: Bytes, seed: UInt64) -> Bytes {
        var generator = SplitMix64(seed: seed)
        var bytes = original
        for _ in 0..<(1 + generator.below(8)) {
            let offset = generator.below(bytes.count)
            switch generator.below(3) {
            case 0: bytes[offset] = Self.alphabet[generator.below(Self.alphabet.count)]
            case 1: bytes.remove(at: offset)
            default: bytes.insert(Self.alphabet[generator.below(Self.alphabet.count)], at: offset)
            }
        }
        return bytes
    }

    @Test(arguments: [("oxenstored/basic.dump", "oxenstored"), ("oxenstored/basic.dump.legacy", "oxenstored-legacy")])
    func damagedDumpsReadOrFailCleanly(_ fixture: String, _ format: String) throws {
        let original = try Fixtures.bytes(fixture)
        let adapter = try FormatRegistry.standard.adapter(named: format)
        for seed in UInt64(1)...60 {
            for strict in [false, true] {
                do {
                    let (snapshot, _) = try adapter.read(damaged(original, seed: seed), options: ReadOptions(strict: strict))
                    // Whatever was read can be written back as text (with loss allowed).
                    _ = try OxenstoredAdapter().write(snapshot, options: WriteOptions(allowLoss: true))
                } catch let error as ConversionError {
                    if case .line = error.location {} else { Issue.record("seed \(seed): \(error) has no line") }
                }
            }
        }
    }
}
