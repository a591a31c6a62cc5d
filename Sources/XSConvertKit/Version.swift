/// xsconvert's version, recorded in the archives it writes.
public enum XSConvertKitVersion {
    public static let current = "0.1.0"
}
