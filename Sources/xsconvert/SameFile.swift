import Glibc
import XSConvertKit

/// Refuses to write a conversion over its own input: the output is renamed over its target
/// when complete, so the input would be replaced (and, were the input still being read,
/// lost). Files are compared by device and inode, so another path, a hard link or a symbolic
/// link to the input is caught as well as the same name; standard input and output count
/// when they are regular files (`convert - -o state < state`).
enum SameFile {
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    static func refuseOverwriting(input: String, with output: String) throws {
        guard let source = identity(of: input, standardFD: 0), source == identity(of: output, standardFD: 1) else { return }
        let outputName = output == Files.standardStream ? "<stdout>" : output
        let inputName = input == Files.standardStream ? "<stdin>" : input
        let how = output == input ? "" : " (\(inputName), under another name)"
        throw ConversionError(.usage, file: outputName, "is the input file\(how); write the output to another file, then move it")
    }

    /// The regular file `path` names (or the standard stream `-` is), nil for anything else
    /// or a file that does not exist.
    static func identity(of path: String, standardFD: Int32) -> Identity? {
        var info = stat()
        let found = path == Files.standardStream ? fstat(standardFD, &info) : stat(path, &info)
        guard found == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
