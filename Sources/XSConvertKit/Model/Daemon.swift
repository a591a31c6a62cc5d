/// The two xenstore daemons, where their behaviour differs.
public enum Daemon: String, Hashable, Sendable, CaseIterable {
    /// C xenstored: children in insertion order; special nodes `@…` have no parent.
    case c
    /// oxenstored: children sorted by name; special nodes are children of `/`.
    case oxenstored
}
