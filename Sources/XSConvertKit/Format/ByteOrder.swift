/// Byte order of a binary stream's records.
public enum ByteOrder: String, Hashable, Sendable, CaseIterable {
    case little
    case big

    /// The order of the machine running xsconvert (what its own C xenstored would read).
    public static var native: ByteOrder { 1.littleEndian == 1 ? .little : .big }
}
