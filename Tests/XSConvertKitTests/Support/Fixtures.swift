import TestSupport
import XSConvertKit

/// Test inputs under `Tests/Fixtures`: copies of real dumps from the shared corpus.
enum Fixtures {
    static func path(_ name: String) -> String { Repository.fixture(name) }

    static func bytes(_ name: String) throws -> Bytes {
        try Files.openInput(path(name)).readToEnd()
    }

    /// The real C xenstored 4.17 dumps.
    static let cxenstoredDumps = ["minimal.state_dump", "basic.state_dump", "pending-io.state_dump"].map { "cxenstored/" + $0 }

    /// The real C xenstored 4.21.2 dumps (version 2, and one version 1), restorable or not.
    static let cxenstored421Dumps = ["minimal", "basic", "basic-v1", "forced-transaction", "permref-unrestorable"]
        .map { "cxenstored-4.21/\($0).state_dump" }

    /// The real C xenstored 4.22.0 dumps (quota-depth holds 4.22.0's broken WATCH_DATA_EXTENDED).
    static let cxenstored422Dumps = ["basic", "permref", "quota-depth"].map { "cxenstored-4.22/\($0).state_dump" }

    /// The real oxenstored 4.17 live-update text dumps.
    static let oxenstoredDumps = ["basic.dump", "guests200.dump"].map { "oxenstored/" + $0 }
}

/// Convenience for tests: whole-snapshot reading and writing in memory.
extension FormatAdapter {
    func read(_ bytes: Bytes, options: ReadOptions = .init(), diagnostics: Diagnostics = .init()) throws -> (Snapshot, StreamInfo) {
        try readSnapshot(ByteInput(bytes: bytes, name: "test-input"), options: options, diagnostics: diagnostics)
    }

    func write(_ snapshot: Snapshot, source: StreamInfo? = nil, options: WriteOptions = .init(), diagnostics: Diagnostics = .init()) throws -> Bytes {
        let sink = MemorySink()
        try writeSnapshot(snapshot, to: ByteOutput(sink: sink, name: "test-output"), source: source, options: options, diagnostics: diagnostics)
        return sink.bytes
    }
}
