/// Opening inputs and creating outputs by the names users type: a path, or `-` for standard
/// input / standard output.
public enum Files {
    /// The name `-` stands for standard input or output.
    public static let standardStream = "-"

    public static func openInput(_ path: String) throws -> ByteInput {
        if path == standardStream {
            return ByteInput(source: FileDescriptorSource(fd: 0, name: "<stdin>", closesOnDeinit: false), name: "<stdin>")
        }
        return ByteInput(source: try FileDescriptorSource(path: path), name: path)
    }

    /// An output that appears under `path` only once it is complete (written to a temporary
    /// file and renamed), or standard output for `-`.
    public static func createOutput(_ path: String) throws -> ByteOutput {
        if path == standardStream {
            return ByteOutput(sink: FileDescriptorSink(fd: 1, name: "<stdout>"), name: "<stdout>")
        }
        return ByteOutput(sink: try AtomicFileSink(path: path), name: path)
    }
}
