import Glibc

/// The kernel's rules for sticky, world-writable directories (`/tmp`), applied by xsconvert
/// itself. It follows an output's symbolic links and renames a complete file over the one
/// they name, so the kernel's own checks on `open` (`fs.protected_symlinks`,
/// `fs.protected_regular`, `fs.protected_fifos`) never see what it does. Without them, any
/// user could plant `/tmp/out.json` before a root `xsconvert … -o /tmp/out.json`: a link to a
/// file of theirs choosing (which root would replace), a file whose permissions the output
/// would take, or a FIFO that would receive the output.
///
/// In a directory that is sticky and world-writable:
/// - a symbolic link is followed only when it is owned by the caller (the effective user) or
///   by the directory's owner;
/// - an existing file, FIFO or device is written over only when it is owned by the caller or
///   by the directory's owner.
///
/// Elsewhere nothing is checked: whoever can write the directory could change it anyway.
enum StickyDirectories {
    /// Throws unless following the symbolic link `link` (owned by `owner`) is allowed; `name`
    /// is the output as the user named it (the link itself, or the first of a chain of links).
    static func checkFollowing(_ link: String, owner: uid_t, output name: String) throws {
        try check(link, owner: owner, output: name, what: "a symbolic link", rule: "protected_symlinks", verb: "followed")
    }

    /// Throws unless writing over the existing file `path` (`lstat`'s `info`) is allowed.
    static func checkReplacing(_ path: String, info: stat, output name: String) throws {
        let (what, rule): (String, String?) = switch info.st_mode & S_IFMT {
        case S_IFREG: ("a file", "protected_regular")
        case S_IFIFO: ("a FIFO", "protected_fifos")
        case S_IFCHR, S_IFBLK: ("a device", nil)
        default: ("an entry", nil)
        }
        try check(path, owner: info.st_uid, output: name, what: what, rule: rule, verb: "written over")
    }

    private static func check(_ path: String, owner: uid_t, output name: String, what: String, rule: String?, verb: String) throws {
        let caller = geteuid()
        guard owner != caller else { return }
        let directory = Files.directory(of: path)
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_ISVTX != 0, info.st_mode & S_IWOTH != 0,
              owner != info.st_uid else { return }
        let subject = path == name ? "is \(what)" : "leads to \(path), \(what)"
        let why = rule.map { " (the kernel's \($0) rule)" } ?? ""
        throw ConversionError(
            .cannotCreate, file: name,
            "\(subject) owned by \(userName(owner)) in \(directory), a sticky world-writable directory owned by "
                + "\(userName(info.st_uid)); it is \(verb) only when you (uid \(caller)) or the directory's owner own it"
                + "\(why): remove it, or write elsewhere")
    }
}
