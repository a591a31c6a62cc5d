import Glibc

/// Settings that exist for the project's tests on a real hypervisor (tools/interop/xen), never
/// for a host. One is read from the environment only while `flagFile` exists as a regular
/// file that root owns and no one else can write, so that an environment a daemon inherited
/// by accident cannot change what a switch does.
public enum TestOnlySetting: String, CaseIterable, Sendable {
    /// `XSCONVERT_TEST_NO_DOMEXC_HANDOVER=1`: a switch to oxenstored does not bind VIRQ_DOM_EXC
    /// and gives oxenstored port 0, so no guest's death reaches it (the negative control of the
    /// release check: @releaseDomain must then not fire).
    case noDomExcHandover = "XSCONVERT_TEST_NO_DOMEXC_HANDOVER"

    /// The file that must exist, root's and writable by root alone, for any setting to be read.
    public static let flagFile = "/run/xsconvert-test-only"

    /// Whether the setting is on: `NAME=1` in the environment, and the flag file in place.
    public var isOn: Bool {
        guard let value = getenv(rawValue) else { return false }
        return isOn(value: String(cString: value), flagFile: Self.flagFile)
    }

    /// Whether the setting is on with `value` in the environment and `flagFile` as the flag.
    public func isOn(value: String?, flagFile: String) -> Bool {
        value == "1" && Self.flagFileInPlace(flagFile)
    }

    static func flagFileInPlace(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return false }
        return status.st_mode & S_IFMT == S_IFREG && status.st_uid == 0 && status.st_mode & (S_IWGRP | S_IWOTH) == 0
    }
}
