import Foundation
import Glibc
import Testing
import XSConvertKit

/// Files the live switch trusts must be changeable by root alone, as sshd's StrictModes
/// wants (the tests run as root: other users' files are made by chown to nobody).
@Suite(.serialized) struct StrictModesTests {
    final class Folder {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/dir", withIntermediateDirectories: true)
            chmod(path, 0o755)
            chmod(path + "/dir", 0o755)
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: path + "/dir/file"))
            chmod(path + "/dir/file", 0o644)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let nobody: uid_t = 65534

    @Test func rootsFileInRootsDirectoriesPasses() throws {
        let folder = try Folder()
        #expect(StrictModes.problems(folder.path + "/dir/file", what: "the file") == [])
        #expect(StrictModes.problems("/bin/sh", what: "the shell") == [])  // through /bin -> usr/bin on merged-/usr systems
    }

    @Test(arguments: [(0o664 as mode_t, "its group"), (0o646, "everyone"), (0o666, "its group and everyone")])
    func aFileOthersCanWriteIsRefused(_ mode: mode_t, _ who: String) throws {
        let folder = try Folder()
        chmod(folder.path + "/dir/file", mode)
        let problems = StrictModes.problems(folder.path + "/dir/file", what: "the file")
        #expect(problems == ["the file \(folder.path)/dir/file is refused: \(folder.path)/dir/file can be written by \(who) (mode 0\(String(mode, radix: 8))), not only by root"])
    }

    @Test func anotherUsersFileIsRefused() throws {
        guard geteuid() == 0 else { return }  // only root can give a file away
        let folder = try Folder()
        #expect(chown(folder.path + "/dir/file", Self.nobody, gid_t(Self.nobody)) == 0)
        let problems = StrictModes.problems(folder.path + "/dir/file", what: "the file")
        #expect(problems.count == 1 && problems[0].contains("/dir/file is owned by nobody (uid 65534), not root"), "\(problems)")
    }

    /// A directory on the way that others can write (or own) lets them replace the file.
    @Test func aDirectoryOthersCanChangeIsRefused() throws {
        let folder = try Folder()
        chmod(folder.path + "/dir", 0o777)
        #expect(StrictModes.problems(folder.path + "/dir/file", what: "the file").first?.contains("\(folder.path)/dir can be written by its group and everyone (mode 0777)") == true)
        chmod(folder.path + "/dir", 0o755)
        guard geteuid() == 0 else { return }
        #expect(chown(folder.path + "/dir", Self.nobody, gid_t(Self.nobody)) == 0)
        #expect(StrictModes.problems(folder.path + "/dir/file", what: "the file").first?.contains("\(folder.path)/dir is owned by nobody") == true)
    }

    /// Like /tmp: others may write the directory, but only an entry's owner may replace it.
    @Test func aStickyDirectoryIsAcceptedAboveRootsEntries() throws {
        let folder = try Folder()
        chmod(folder.path + "/dir", 0o1777)
        #expect(StrictModes.problems(folder.path + "/dir/file", what: "the file") == [])
        chmod(folder.path + "/dir/file", 0o1777)
        #expect(!StrictModes.problems(folder.path + "/dir/file", what: "the file").isEmpty)  // not for the file itself
    }

    /// A link is checked as a path component (its owner), and the file it leads to as well.
    @Test func linksAreFollowedAndChecked() throws {
        let folder = try Folder()
        let link = folder.path + "/link"
        #expect(symlink(folder.path + "/dir/file", link) == 0)
        #expect(StrictModes.problems(link, what: "the file") == [])
        chmod(folder.path + "/dir", 0o777)
        #expect(StrictModes.problems(link, what: "the file").first?.contains("\(folder.path)/dir can be written") == true)
        chmod(folder.path + "/dir", 0o755)
        guard geteuid() == 0 else { return }
        #expect(lchown(link, Self.nobody, gid_t(Self.nobody)) == 0)
        #expect(StrictModes.problems(link, what: "the file").first?.contains("\(link) is owned by nobody") == true)
    }

    /// A folder to write into: judged as a directory on the way (sticky passes, as /tmp).
    @Test func foldersAreJudgedAsDirectoriesOnTheWay() throws {
        let folder = try Folder()
        #expect(StrictModes.problems(directory: folder.path + "/dir", what: "the folder") == [])
        chmod(folder.path + "/dir", 0o1777)
        #expect(StrictModes.problems(directory: folder.path + "/dir", what: "the folder") == [])
        chmod(folder.path + "/dir", 0o775)
        #expect(StrictModes.problems(directory: folder.path + "/dir", what: "the folder").first?.contains("can be written by its group (mode 0775)") == true)
        chmod(folder.path + "/dir", 0o755)
        #expect(StrictModes.problems(directory: folder.path + "/dir/file", what: "the folder") == ["the folder \(folder.path)/dir/file is not a directory"])
    }

    @Test func relativeAndMissingPathsAreRefused() throws {
        #expect(StrictModes.problems("relative/file", what: "the file") == ["the file relative/file is not an absolute path"])
        #expect(StrictModes.problems("/nonexistent/file", what: "the file").first?.contains("cannot be examined: /nonexistent") == true)
    }
}
