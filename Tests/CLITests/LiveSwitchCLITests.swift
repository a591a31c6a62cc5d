import Foundation
import Testing

/// `xsconvert live-switch` through the real executable: the set-up, the successor run as a
/// daemon runs it (its fds placed by a launcher that then execs it, as a daemon does) with a
/// stand-in for the new daemon and for libxenevtchn, the rollback, and the wait.
@Suite(.serialized) struct LiveSwitchCLITests {
    /// A work folder with the stand-ins: `daemon` and `original` record how they were run
    /// (arguments, one environment setting, open fds) in `<name>.report`; `lib/` holds a
    /// libxenevtchn.so.1 that records its calls in `evtchn.log`.
    final class Bench {
        let folder: URL
        var path: String { folder.path }

        init() throws {
            folder = try CLI.temporaryDirectory()
            for name in ["daemon", "original"] {
                try write("""
                    #!/usr/bin/env python3
                    import os, sys
                    lines = ["args: " + " ".join(sys.argv[1:]), "env: " + os.environ.get("LIVE_SWITCH_TEST", "unset")]
                    for name in sorted(os.listdir("/proc/self/fd"), key=int):
                        try:
                            target = os.readlink("/proc/self/fd/" + name)
                        except OSError:
                            continue  # the listing's own fd, closed by now
                        if int(name) > 2:
                            lines.append("fd %s %s" % (name, target))
                    open("\(path)/\(name).report", "w").write("\\n".join(lines) + "\\n")
                    """, to: name, mode: 0o755)
            }
            try FileManager.default.createDirectory(atPath: path + "/lib", withIntermediateDirectories: true)
            try write("""
                #include <stdio.h>
                #include <stdlib.h>
                struct handle { int fd; };
                static void note(const char *what, int fd, unsigned n) {
                    FILE *f = fopen(getenv("FAKE_EVTCHN_LOG"), "a");
                    if (f) { fprintf(f, "%s %d %u\\n", what, fd, n); fclose(f); }
                }
                void *xenevtchn_fdopen(void *log, int fd, unsigned flags) {
                    struct handle *h = malloc(sizeof *h); h->fd = fd; return h;
                }
                int xenevtchn_bind_virq(struct handle *h, unsigned virq) { note("bind", h->fd, virq); return 33; }
                int xenevtchn_unbind(struct handle *h, unsigned port) { note("unbind", h->fd, port); return 0; }
                """, to: "fake.c")
            let compiler = Process()
            compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            compiler.arguments = [Self.compiler, "-shared", "-fPIC", "-o", path + "/lib/libxenevtchn.so.1", path + "/fake.c"]
            try compiler.run()
            compiler.waitUntilExit()
            precondition(compiler.terminationStatus == 0, "cannot build the stand-in libxenevtchn")
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// The Swift toolchain's C compiler (it ships clang), else the system's.
        static let compiler: String = {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            return ["clang", "cc", "gcc"].first { name in
                path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
            } ?? "cc"
        }()

        func write(_ text: String, to name: String, mode: Int = 0o644) throws {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + "/" + name)
        }

        func read(_ name: String) -> String {
            (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
        }

        /// `live-switch setup` of a switch from oxenstored to C 4.17 (daemon: the stand-in).
        func setUp(_ extra: [String] = []) throws -> CLI.Result {
            try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--daemon", path + "/daemon", "--option", "-N",
                         "--env", "LIVE_SWITCH_TEST=new", "--original", path + "/original", "--source-dump", path + "/db",
                         "--target-dump", path + "/state_dump", "--status-file", path + "/status", "-o", path + "/to-c"] + extra)
        }

        /// Runs the successor as oxenstored would, from a process whose fds are those `dump`
        /// names: a listening socket at 20, an event channel at 21, a client at 22, and a file
        /// at 42 that no dump names. Waits for the whole exec chain to end.
        func runSuccessor(_ arguments: [String] = ["--live", "--restart", "--no-fork"]) throws -> (status: Int32, stderr: String) {
            let launcher = """
                import os, socket, sys
                listener = socket.socket(socket.AF_UNIX)
                if os.path.exists(sys.argv[1] + "/socket"): os.unlink(sys.argv[1] + "/socket")
                listener.bind(sys.argv[1] + "/socket"); listener.listen()
                os.dup2(listener.fileno(), 20); os.dup2(os.eventfd(0), 21)
                a, b = socket.socketpair(); os.dup2(a.fileno(), 22)
                os.dup2(os.open(sys.argv[1] + "/canary", os.O_RDONLY | os.O_CREAT), 42)
                os.execv(sys.argv[2], sys.argv[2:])
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", launcher, path, CLI.executable.path, "live-switch", "successor", "--config",
                                 path + "/to-c.conf", "--original", path + "/original", "--"] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["LD_LIBRARY_PATH"] = path + "/lib"
            environment["FAKE_EVTCHN_LOG"] = path + "/evtchn.log"
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let stderr = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
        }

        /// oxenstored's dump with guest 1, whose nodes and ring address are in the store.
        func writeDump() throws {
            let hex = { (text: String) in text.utf8.map { String(format: "%02x", $0) }.joined() }
            var lines = ["$xenstored-dump-format", "global,20", "evtchn-dev,21,7", "dom,0,0,1,2", "dom,1,1052949,2,3", "socket,22",
                         "watch,-22,\(hex("/local")),\(hex("tok"))"]
            for (node, owner) in [("/", 0), ("/local", 0), ("/local/domain", 0), ("/local/domain/1", 1), ("/local/domain/1/a", 1), ("/local/domain/1/b", 1)] {
                lines.append("store,\(hex(node)),\(hex("n\(owner)")),")
            }
            try write(lines.joined(separator: "\n") + "\n", to: "db")
        }
    }

    @Test func setupWritesTheSuccessorAndItsConfiguration() throws {
        let bench = try Bench()
        let result = try bench.setUp(["--option", "-E", "--option", "5", "--option", "--entry-size=3000", "--option", "-M100"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("switch:  xenstore-control live-update -t 60 \(bench.path)/to-c"))
        let configuration = bench.read("to-c.conf")
        for line in ["target = xenstored-4.17", "daemon = \(bench.path)/daemon", "daemon-option = -N", "daemon-option = --entry-size=3000",
                     "daemon-environment = LIVE_SWITCH_TEST=new", "quota-node-size = 3000", "quota-path-max = 100", "quota-nodes-per-domain = 5"] {
            #expect(configuration.contains("\n" + line + "\n"), "\(line)")
        }
        let script = bench.read("to-c")
        #expect(script.hasPrefix("#!/bin/sh\n"))
        #expect(script.contains("live-switch successor --config '\(bench.path)/to-c.conf' --original '\(bench.path)/original' -- \"$@\""))
        #expect(FileManager.default.isExecutableFile(atPath: bench.path + "/to-c"))
    }

    /// oxenstored's quotas come from its configuration file, named among its options.
    @Test func setupReadsOxenstoredsQuotas() throws {
        let bench = try Bench()
        try bench.write("quota-maxsize = 4096\nquota-path-max = 900\nquota-maxentity = 77\n", to: "oxenstored.conf")
        let result = try CLI.run(["live-switch", "setup", "--to", "oxenstored", "--daemon", bench.path + "/daemon",
                                  "--option", "--config-file", "--option", bench.path + "/oxenstored.conf", "--original", bench.path + "/original",
                                  "-o", bench.path + "/to-ox"])
        #expect(result.status == 0, "\(result.stderr)")
        let configuration = bench.read("to-ox.conf")
        #expect(configuration.contains("source-dump = /var/run/xenstored/state_dump\ntarget-dump = /var/run/xenstored/db\n"))
        #expect(configuration.contains("quota-node-size = 4096\nquota-path-max = 900\nquota-nodes-per-domain = 77\n"))
    }

    @Test(arguments: [(["--daemon", "relative"], 64, "give the executable's absolute path"),
                      (["--daemon", "/nonexistent/xenstored"], 66, "/nonexistent/xenstored: cannot be run")])
    func setupRefusesWhatCannotRun(_ options: [String], _ status: Int32, _ message: String) throws {
        let bench = try Bench()
        let result = try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--original", bench.path + "/original",
                                  "-o", bench.path + "/to-c"] + options)
        #expect(result.status == status && result.stderr.contains(message), "\(result.stderr)")
    }

    /// oxenstored's check of its successor (--help last): 0 when a switch could be attempted.
    @Test func oxenstoredsCheck() throws {
        let bench = try Bench()
        #expect(try bench.setUp().status == 0)
        let check = try bench.runSuccessor(["--live", "--restart", "--no-fork", "--help"])
        #expect(check.status == 0 && check.stderr.contains("live-switch: a switch can be attempted (checked in "), "\(check.stderr)")
        try FileManager.default.removeItem(atPath: bench.path + "/daemon")
        let refused = try bench.runSuccessor(["--live", "--restart", "--help"])
        #expect(refused.status == 1 && refused.stderr.contains("daemon cannot be run"), "\(refused.stderr)")
        #expect(bench.read("original.report").isEmpty)
    }

    /// The switch: the new daemon runs in the same process with its restore arguments and
    /// environment, the dump's fds and no other; the VIRQ released on the inherited handle.
    @Test func switchesToTheNewDaemon() throws {
        let bench = try Bench()
        #expect(try bench.setUp().status == 0)
        try bench.writeDump()
        let run = try bench.runSuccessor()
        #expect(run.status == 0, "\(run.stderr)")
        let report = bench.read("daemon.report")
        #expect(report.hasPrefix("args: -N -U\nenv: new\n"), "\(report)\n\(run.stderr)")
        #expect(report.contains("fd 20 socket:") && report.contains("fd 21 anon_inode:[eventfd]") && report.contains("fd 22 socket:"))
        #expect(!report.contains("fd 42"), "the fd no dump names reached the new daemon:\n\(report)")
        #expect(report.split(separator: "\n").filter { $0.hasPrefix("fd ") }.count == 3, "\(report)")
        #expect(bench.read("evtchn.log") == "unbind 21 7\n")
        #expect(bench.read("status").hasPrefix("switched: pid "))
        #expect(run.stderr.contains("live-switch: switched: ") && run.stderr.contains("no live-update client asked within 3.0 s"))
        // its share of the pause, from the dump's writing (just now) to the exec
        let share = bench.read("status").firstMatch(of: /xsconvert's share (\d+)\.(\d{3}) s \(from the dump's writing to this exec\)/)
        #expect(share.map { Int($0.1)! < 60 } == true, "\(bench.read("status"))")
        let validation = try CLI.run(["validate", bench.path + "/state_dump", "--target", "xenstored-4.17"])
        #expect(validation.status == 0, "\(validation.stdoutText)")
        #expect(bench.read("original.report").isEmpty)
    }

    /// Refused (guest 1 owns more nodes than C would let it): the running daemon is exec'd
    /// again with the arguments it gave and every fd it passed on; the event channel untouched.
    @Test func rollsBackToTheRunningDaemon() throws {
        let bench = try Bench()
        #expect(try bench.setUp(["--option", "-E", "--option", "2"]).status == 0)
        try bench.writeDump()
        let run = try bench.runSuccessor()
        #expect(run.status == 0, "\(run.stderr)")
        let report = bench.read("original.report")
        #expect(report.hasPrefix("args: --live --restart --no-fork\nenv: unset\n"), "\(report)\n\(run.stderr)")
        for fd in ["20", "21", "22", "42"] { #expect(report.contains("fd \(fd) "), "\(fd)") }
        #expect(bench.read("evtchn.log").isEmpty)
        #expect(bench.read("daemon.report").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.path + "/state_dump"))
        let reason = "over xenstored-4.17's quota: domain 1 owns 3 nodes, over the 2 a domain may own"
        #expect(bench.read("status").contains("refused: pid ") && bench.read("status").contains(reason))
        #expect(run.stderr.contains("live-switch: refused: ") && run.stderr.contains(reason), "\(run.stderr)")
    }

    /// Arguments no daemon passes: not run by a daemon.
    @Test func successorRunByHandIsAUsageError() throws {
        let result = try CLI.run(["live-switch", "successor", "--config", "/nonexistent", "--original", "/bin/true", "--", "-N"])
        #expect(result.status == 64 && result.stderr.contains("run by a daemon's live update"), "\(result.stderr)")
    }

    /// `wait` asks the process listening on the socket until it runs the new daemon and says so.
    @Test func waitSeesTheNewDaemonOrTheRefusal() throws {
        let bench = try Bench()
        // A daemon that answers every read with its own executable, as oxenstored does for
        // /tool/xenstored; it says which when ready.
        let daemon = """
            import os, socket, struct, sys
            server = socket.socket(socket.AF_UNIX); server.bind(sys.argv[1]); server.listen()
            executable = os.path.realpath("/proc/self/exe")
            with open(sys.argv[1] + ".tmp", "w") as ready: ready.write(executable)
            os.rename(sys.argv[1] + ".tmp", sys.argv[1] + ".ready")
            while True:
                connection, _ = server.accept()
                kind, req, tx, length = struct.unpack("<IIII", connection.recv(16)); connection.recv(length)
                connection.sendall(struct.pack("<IIII", kind, req, tx, len(executable)) + executable.encode())
                connection.close()
            """
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", daemon, bench.path + "/socket"]
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }  // (SIGTERM may be ignored here)
        while !FileManager.default.fileExists(atPath: bench.path + "/socket.ready") { usleep(10_000) }
        let executable = bench.read("socket.ready")
        try bench.write("target = oxenstored\ndaemon = \(executable)\nsource-dump = a\ntarget-dump = b\nsocket = \(bench.path)/socket\nstatus-file = \(bench.path)/status\n", to: "to-ox.conf")
        let switched = try CLI.run(["live-switch", "wait", "--config", bench.path + "/to-ox.conf", "--timeout", "5"])
        #expect(switched.status == 0, "\(switched.stdoutText)\(switched.stderr)")
        #expect(switched.stdoutText == "pid \(server.processIdentifier) is oxenstored now: \(executable) answers on \(bench.path)/socket\n")
        try bench.write("target = oxenstored\ndaemon = /usr/sbin/oxenstored\nsource-dump = a\ntarget-dump = b\nsocket = \(bench.path)/socket\nstatus-file = \(bench.path)/status\n", to: "to-ox.conf")
        try bench.write("refused: pid 1: C xenstored -> oxenstored: a reason; restarting C\n", to: "status")
        let refused = try CLI.run(["live-switch", "wait", "--config", bench.path + "/to-ox.conf", "--timeout", "5"])
        #expect(refused.status == 1 && refused.stdoutText.contains("the switch was refused") && refused.stdoutText.contains("a reason"))
        try FileManager.default.removeItem(atPath: bench.path + "/status")
        let late = try CLI.run(["live-switch", "wait", "--config", bench.path + "/to-ox.conf", "--timeout", "0.3"])
        #expect(late.status == 1 && late.stdoutText.contains("not switched within 0.3 s: pid \(server.processIdentifier) runs \(executable)"))
    }
}
