import Glibc
/// What a live switch trusts, it checks first, as sshd's StrictModes does: the daemon runs the
/// successor script as root, the successor reads its configuration and execs the daemon the
/// configuration names (or the one it restarts). Anyone who can change one of these files, or
/// replace it through a directory on its path, could run their own program as root in the
/// xenstore daemon's place.
///
/// A file passes when it is a regular file, owned by root (or by the user checking, as sshd
/// allows), and writable by nobody else; and every directory from `/` down to it, and every
/// symbolic link on the way, is owned by root and writable by nobody else. A directory others
/// may write passes only with its sticky bit set (like `/tmp`): there only an entry's owner can
/// rename or remove it, and the entry below is checked to be root's. The path is checked as
/// given and again with its links resolved.
public enum StrictModes {
    /// Why `path` (described as `what`, "the configuration") cannot be trusted; empty when it
    /// can.
    public static func problems(_ path: String, what: String) -> [String] {
        problems(path, what: what, directory: false)
    }

    /// Why a file written into the directory `path` could not be trusted (its path up to
    /// `/`, the directory itself judged as one on the way); empty when it could.
    public static func problems(directory path: String, what: String) -> [String] {
        problems(path, what: what, directory: true)
    }

    private static func problems(_ path: String, what: String, directory: Bool) -> [String] {
        guard path.hasPrefix("/") else { return ["\(what) \(path) is not an absolute path"] }
        var found = problems(alongLiteral: path, what: what, directory: directory)
        if found.isEmpty, let resolved = realPath(path), resolved != path {
            found = problems(alongLiteral: resolved, what: what + " (\(path))", directory: directory)
        }
        return found
    }

    private static func problems(alongLiteral path: String, what: String, directory: Bool) -> [String] {
        let components = path.split(separator: "/")
        var prefixes = ["/"]
        for component in components {
            prefixes.append((prefixes.last == "/" ? "" : prefixes.last!) + "/" + component)
        }
        let own = geteuid()
        for (index, prefix) in prefixes.enumerated() {
            let isLast = index == prefixes.count - 1, isFile = isLast && !directory
            var info = stat()
            guard lstat(prefix, &info) == 0 else {
                return ["\(what) \(path) cannot be examined: \(prefix): \(systemErrorText())"]
            }
            let type = info.st_mode & S_IFMT, mode = info.st_mode & 0o7777
            if info.st_uid != 0 && info.st_uid != own {
                return ["\(what) \(path) is refused: \(prefix) is owned by \(userName(info.st_uid)), not root"]
            }
            if type == S_IFLNK { continue }  // a link's own mode means nothing; its owner is checked
            let writable = mode & 0o022
            if writable != 0 && !(type == S_IFDIR && !isFile && mode & S_ISVTX != 0) {
                let who = writable == 0o022 ? "its group and everyone" : writable == 0o020 ? "its group" : "everyone"
                return ["\(what) \(path) is refused: \(prefix) can be written by \(who) (mode \(octal(mode))), not only by root"]
            }
            if isLast && type != (directory ? S_IFDIR : S_IFREG) {
                return ["\(what) \(path) is not a \(directory ? "directory" : "regular file")"]
            }
        }
        return []
    }

    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
