/// Byte order of a binary stream's records.
public enum ByteOrder: String, Hashable, Sendable, CaseIterable {
    /// Least significant byte first (x86, the default).
    case little
    /// Most significant byte first.
    case big

    /// The order of the machine running xsconvert (what its own C xenstored would read).
    public static var native: ByteOrder { 1.littleEndian == 1 ? .little : .big }
}
