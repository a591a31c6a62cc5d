/// Well-known domain ids (xen/include/public/xen.h).
public enum DomainID {
    /// The highest id a real domain can have.
    public static let maxReal: UInt16 = 0x7FEF
    /// `DOMID_INVALID`: what a ring connection without a target domain carries as `tdomid`.
    public static let invalid: UInt16 = 0x7FF4
    /// `DOMID_ANY`: allowed in permissions by Xen 4.22.
    public static let any: UInt16 = 0x7FF5

    /// A domain id as people read it: the number, or `none` for `DOMID_INVALID` (what a ring
    /// connection without a target domain carries).
    public static func describe(_ domid: UInt16) -> String {
        domid == invalid ? "none" : String(domid)
    }
}
