import Foundation
import Glibc
import Testing

/// Issue 23, item 6: in a sticky world-writable directory (as `/tmp`) an output's symbolic
/// link is followed, and an existing file written over, only when the caller or the
/// directory's owner owns it — the kernel's protected_symlinks, protected_regular and
/// protected_fifos rules, which never see xsconvert's own link-following and rename. The
/// other user is `nobody`: the tests run as root, and give links and files away with
/// `lchown`.
@Suite(.enabled(if: geteuid() == 0, "needs root, to give files to another user"))
struct PlantedLinkCLITests {
    static let fixture = CLI.fixture("cxenstored/minimal.state_dump")
    static let victimText = Data("a root-owned file the output must not replace\n".utf8)
    static let nobody: uid_t = getpwnam("nobody").map { $0.pointee.pw_uid } ?? 65534

    /// A test directory (0755, root's) holding `victim` (a root-owned file) and `sticky`, a
    /// directory of mode 1777 owned by `stickyOwner`.
    struct Bench {
        let root: URL
        var sticky: URL { root.appendingPathComponent("sticky") }
        var victim: URL { root.appendingPathComponent("victim") }

        init(stickyOwner: uid_t = 0, stickyMode: mode_t = 0o1777) throws {
            root = try CLI.temporaryDirectory()
            try PlantedLinkCLITests.victimText.write(to: victim)
            try FileManager.default.createDirectory(at: sticky, withIntermediateDirectories: false)
            #expect(chmod(sticky.path, stickyMode) == 0)
            #expect(chown(sticky.path, stickyOwner, gid_t.max) == 0)
        }

        /// A symbolic link `name` in the sticky directory, to `target`, owned by `owner`.
        func plantLink(_ name: String, to target: String, owner: uid_t) throws -> String {
            let link = sticky.appendingPathComponent(name).path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(lchown(link, owner, gid_t.max) == 0)
            return link
        }

        func stickyContents() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: sticky.path).sorted()
        }

        func victimUntouched() throws -> Bool {
            try Data(contentsOf: victim) == PlantedLinkCLITests.victimText
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    func convert(to output: String) throws -> CLI.Result {
        try CLI.run(["convert", Self.fixture, "--to", "binary", "-o", output])
    }

    func wroteTheFixture(_ path: URL) throws -> Bool {
        try Data(contentsOf: path) == Data(contentsOf: URL(fileURLWithPath: Self.fixture))
    }

    /// Another user's link in a sticky directory: exit 73, a message naming the link, its
    /// owner and the rule; the file it points to and the directory are as they were.
    @Test func anotherUsersLinkIsRefused() throws {
        let bench = try Bench()
        defer { bench.remove() }
        let link = try bench.plantLink("out", to: bench.victim.path, owner: Self.nobody)
        let result = try convert(to: link)
        #expect(result.status == 73)
        #expect(result.stderr == """
            xsconvert: error: \(link): is a symbolic link owned by nobody (uid \(Self.nobody)) in \(bench.sticky.path), \
            a sticky world-writable directory owned by root (uid 0); it is followed only when you (uid 0) or the \
            directory's owner own it (the kernel's protected_symlinks rule): remove it, or write elsewhere

            """)
        #expect(try bench.victimUntouched())
        #expect(try bench.stickyContents() == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: bench.root.path).sorted() == ["sticky", "victim"])
    }

    /// Refused too when the planted link is the second of a chain (the first root's own), and
    /// when the output is compressed or written by `live-switch setup`.
    @Test func aPlantedLinkFurtherOnIsRefused() throws {
        let bench = try Bench()
        defer { bench.remove() }
        let planted = try bench.plantLink("planted", to: bench.victim.path, owner: Self.nobody)
        let first = try bench.plantLink("out", to: "planted", owner: 0)
        let result = try convert(to: first)
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("xsconvert: error: \(first): leads to \(planted), a symbolic link owned by nobody"))
        let archive = try CLI.run(["convert", Self.fixture, "--to", "json", "--gzip", "-o", first])
        #expect(archive.status == 73 && archive.stderr.contains("protected_symlinks"), "\(archive.stderr)")
        let setup = try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--daemon", "/bin/true",
                                 "--original", "/bin/true", "-o", planted])
        #expect(setup.status == 73 && setup.stderr.contains("protected_symlinks"), "\(setup.stderr)")
        #expect(try bench.victimUntouched())
        #expect(try bench.stickyContents() == ["out", "planted"])
    }

    /// What the rule lets through: a link the caller owns; one the sticky directory's owner
    /// owns; another user's link in a directory that is not sticky, or not world-writable.
    struct Allowed: Sendable, CustomTestStringConvertible {
        var linkOwner: uid_t, directoryOwner: uid_t, directoryMode: mode_t
        var testDescription: String { "link uid \(linkOwner), directory uid \(directoryOwner), mode \(String(directoryMode, radix: 8))" }
    }

    @Test(arguments: [
        Allowed(linkOwner: 0, directoryOwner: 0, directoryMode: 0o1777),
        Allowed(linkOwner: nobody, directoryOwner: nobody, directoryMode: 0o1777),
        Allowed(linkOwner: nobody, directoryOwner: 0, directoryMode: 0o0777),
        Allowed(linkOwner: nobody, directoryOwner: 0, directoryMode: 0o1775),
    ])
    func allowedLinksAreFollowed(_ allowed: Allowed) throws {
        let bench = try Bench(stickyOwner: allowed.directoryOwner, stickyMode: allowed.directoryMode)
        defer { bench.remove() }
        let link = try bench.plantLink("out", to: bench.victim.path, owner: allowed.linkOwner)
        let result = try convert(to: link)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try wroteTheFixture(bench.victim))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == bench.victim.path)
    }

    /// Another user's file or FIFO in a sticky directory is not written over (the output would
    /// take the file's permissions, or go to whoever reads the FIFO); the caller's own is.
    @Test(arguments: [true, false])
    func anotherUsersFileIsNotReplaced(_ fifo: Bool) throws {
        let bench = try Bench()
        defer { bench.remove() }
        let path = bench.sticky.appendingPathComponent("out")
        if fifo {
            #expect(mkfifo(path.path, 0o666) == 0)
        } else {
            try Data("theirs".utf8).write(to: path)
        }
        #expect(chmod(path.path, 0o4666) == 0 || fifo)
        #expect(chown(path.path, Self.nobody, gid_t.max) == 0)
        let result = try convert(to: path.path)
        #expect(result.status == 73)
        let kind = fifo ? "a FIFO" : "a file"
        let rule = fifo ? "protected_fifos" : "protected_regular"
        #expect(result.stderr.hasPrefix("xsconvert: error: \(path.path): is \(kind) owned by nobody (uid \(Self.nobody))"), "\(result.stderr)")
        #expect(result.stderr.contains("(the kernel's \(rule) rule)"))
        #expect(try bench.stickyContents() == ["out"])
        if !fifo {
            #expect(try Data(contentsOf: path) == Data("theirs".utf8))
            #expect(chown(path.path, 0, gid_t.max) == 0)
            #expect(chmod(path.path, 0o640) == 0)
            let own = try convert(to: path.path)
            #expect(own.status == 0, "\(own.stderr)")
            #expect(try wroteTheFixture(path))
            #expect((try FileManager.default.attributesOfItem(atPath: path.path)[.posixPermissions] as? Int) == 0o640)
        }
    }

    /// A file another user owns elsewhere may be replaced, and keeps its permissions, but
    /// never set-user-ID or set-group-ID on a file that is now root's.
    @Test func aReplacedFileOfAnotherUserLosesSetID() throws {
        let bench = try Bench()
        defer { bench.remove() }
        let path = bench.root.appendingPathComponent("theirs")
        try Data("theirs".utf8).write(to: path)
        #expect(chown(path.path, Self.nobody, gid_t.max) == 0)
        #expect(chmod(path.path, 0o6755) == 0)
        let result = try convert(to: path.path)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(stat(path.path, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o755)
        #expect(info.st_uid == 0)
    }

    /// `live-switch setup` gives its successor script mode 0755 on the file before it is put in
    /// place, also when it replaces a file of another mode.
    @Test func setupSetsTheScriptsModeBeforeRenaming() throws {
        let bench = try Bench()
        defer { bench.remove() }
        let script = bench.root.appendingPathComponent("to-c")
        try Data("old".utf8).write(to: script)
        #expect(chmod(script.path, 0o600) == 0)
        let result = try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--daemon", "/bin/true",
                                  "--original", "/bin/true", "-o", script.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: script.path)[.posixPermissions] as? Int) == 0o755)
    }
}
