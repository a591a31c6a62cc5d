import Testing
@testable import XSConvertKit

/// Damaged dumps: every read either succeeds or fails with a `ConversionError` naming a line;
/// nothing traps. The damage is deterministic (a fixed-seed generator), so a failure repeats.
@Suite struct OxenstoredRobustnessTests {
    /// SplitMix64: small, deterministic, good enough to pick bytes and offsets.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let alphabet = Bytes(utf8: ",\n\\{}=/@-0123456789abcdefxXnrwb \r") + [0, 0xFF]

    func damaged(_ original: Bytes, seed: UInt64) -> Bytes {
        var generator = Generator(state: seed)
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
