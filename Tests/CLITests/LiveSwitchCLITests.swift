import Foundation
import TestSupport
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
        /// at 42 that no dump names. With `probeFirst`, that process first runs the successor's
        /// `--help` probe, as oxenstored does. Waits for the whole exec chain to end.
        func runSuccessor(_ arguments: [String] = ["--live", "--restart", "--no-fork"], probeFirst: Bool = false) throws -> (status: Int32, stderr: String) {
            let launcher = """
                import os, socket, sys
                listener = socket.socket(socket.AF_UNIX)
                if os.path.exists(sys.argv[1] + "/socket"): os.unlink(sys.argv[1] + "/socket")
                listener.bind(sys.argv[1] + "/socket"); listener.listen()
                os.dup2(listener.fileno(), 20); os.dup2(os.eventfd(0), 21)
                a, b = socket.socketpair(); os.dup2(a.fileno(), 22)
                os.dup2(os.open(sys.argv[1] + "/canary", os.O_RDONLY | os.O_CREAT), 42)
                if os.environ.get("PROBE_FIRST"):
                    probe = os.fork()
                    if probe == 0: os.execv(sys.argv[2], sys.argv[2:] + ["--help"])
                    os.waitpid(probe, 0)
                os.execv(sys.argv[2], sys.argv[2:])
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", launcher, path, CLI.executable.path, "live-switch", "successor", "--config",
                                 path + "/to-c.conf", "--original", path + "/original", "--"] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["LD_LIBRARY_PATH"] = path + "/lib"
            environment["FAKE_EVTCHN_LOG"] = path + "/evtchn.log"
            if probeFirst { environment["PROBE_FIRST"] = "1" }
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let stderr = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
        }

        /// `live-switch check --config NAME`, with the stand-in libxenevtchn.
        func check(_ name: String) throws -> CLI.Result {
            try CLI.launch(URL(fileURLWithPath: "/usr/bin/env"), ["LD_LIBRARY_PATH=" + path + "/lib",
                           CLI.executable.path, "live-switch", "check", "--config", path + "/" + name])
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
        // its share of the pause, from the dump's writing (just now) to the exec, phase by phase
        let share = bench.read("status").firstMatch(
            of: /xsconvert's share (\d+)\.\d{3} s \(from the dump's writing to this exec \d+\.\d{3} s: start-up \d+\.\d{3}, configuration \d+\.\d{3}, (.*); \d+ page faults after start-up\)\n/)
        #expect(share.map { Int($0.1)! < 60 } == true, "\(bench.read("status"))")
        let phases = share.map { String($0.2).split(separator: ", ").map { $0.split(separator: " ").dropLast().joined(separator: " ") } }
        #expect(phases == ["strict modes", "dump read", "converted", "written and validated", "fds and libxenevtchn", "VIRQ hand-over",
                           "dump written", "client answered"], "\(bench.read("status"))")
        let validation = try CLI.run(["validate", bench.path + "/state_dump", "--target", "xenstored-4.17"])
        #expect(validation.status == 0, "\(validation.stdoutText)")
        #expect(bench.read("original.report").isEmpty)
    }

    /// oxenstored's `--help` probe is part of the pause: its time is recorded beside the
    /// status file, and the switch the same daemon then starts counts it in its share.
    @Test func theProbeCountsInTheShare() throws {
        let bench = try Bench()
        #expect(try bench.setUp().status == 0)
        try bench.writeDump()
        let run = try bench.runSuccessor(probeFirst: true)
        #expect(run.status == 0 && run.stderr.contains("live-switch: a switch can be attempted (checked in "), "\(run.stderr)")
        let status = bench.read("status")
        let share = status.firstMatch(of: #/xsconvert's share (\d+\.\d{3}) s \(the --help probe (\d+\.\d{3}) s: start-up [0-9.]+, configuration [0-9.]+, strict modes [0-9.]+, libxenevtchn loaded [0-9.]+; \d+ page faults after start-up; from the dump's writing to this exec (\d+\.\d{3}) s: start-up /#)
        #expect(share.map { abs(Double($0.1)! - Double($0.2)! - Double($0.3)!) <= 0.0015 } == true, "\(status)")
        #expect(!FileManager.default.fileExists(atPath: bench.path + "/status.probe"), "the probe's record outlived the switch")
        // a probe another daemon ran does not count
        try bench.write("the --help probe run by pid 1 took 9.000 s: start-up 9.000\n", to: "status.probe")
        try bench.writeDump()
        _ = try bench.runSuccessor()
        #expect(!bench.read("status").contains("--help probe") && bench.read("status").contains("xsconvert's share "), "\(bench.read("status"))")
        // nor does a FIFO in its place hold the switch up
        #expect(mkfifo(bench.path + "/status.probe", 0o644) == 0)
        try bench.writeDump()
        let withFIFO = try bench.runSuccessor()
        #expect(withFIFO.status == 0 && bench.read("status").hasPrefix("switched: ") && !bench.read("status").contains("--help probe"), "\(withFIFO.stderr)")
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

    /// `-o` relative to where setup runs: the successor runs from the daemon's working
    /// directory, so every path it is given is absolute.
    @Test func setupWritesAbsolutePaths() throws {
        let bench = try Bench()
        try FileManager.default.createDirectory(atPath: bench.path + "/lsw", withIntermediateDirectories: false)
        let result = try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--daemon", bench.path + "/daemon",
                                  "--original", bench.path + "/original", "-o", "lsw/to-c"] ,
                                 in: URL(fileURLWithPath: bench.path))
        #expect(result.status == 0, "\(result.stderr)")
        let real = URL(fileURLWithPath: bench.path).resolvingSymlinksInPath().path
        #expect(bench.read("lsw/to-c").contains("live-switch successor --config '\(real)/lsw/to-c.conf' --original"), "\(bench.read("lsw/to-c"))")
        #expect(bench.read("lsw/to-c.conf").contains("\nsuccessor = \(real)/lsw/to-c\noriginal = \(bench.path)/original\n"))
        #expect(result.stdoutText.contains("xenstore-control live-update -t 60 \(real)/lsw/to-c\n"))
    }

    /// Written by root for root: the successor 0755, its configuration 0644, replacing files
    /// of looser modes.
    @Test func setupWritesFilesOnlyRootCanChange() throws {
        let bench = try Bench()
        try bench.write("old", to: "to-c.conf", mode: 0o666)
        #expect(try bench.setUp().status == 0)
        for (name, mode) in [("to-c", 0o755), ("to-c.conf", 0o644)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: bench.path + "/" + name)
            #expect(attributes[.posixPermissions] as? Int == mode && attributes[.ownerAccountID] as? Int == Int(geteuid()), "\(name)")
        }
    }

    /// Run by another user, setup writes files that user owns, which a switch refuses: it
    /// says so.
    @Test func setupByAnotherUserWarns() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let bench = try Bench()
        try FileManager.default.createDirectory(atPath: bench.path + "/mine", withIntermediateDirectories: false)
        chown(bench.path + "/mine", 65534, 65534)
        let result = try CLI.launch(URL(fileURLWithPath: "/usr/bin/setpriv"), [
            "--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path, "live-switch", "setup", "--to", "xenstored-4.17",
            "--daemon", bench.path + "/daemon", "--original", bench.path + "/original", "-o", bench.path + "/mine/to-c"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: not run as root: \(bench.path)/mine/to-c and \(bench.path)/mine/to-c.conf are owned by uid 65534, and a switch, run as root, refuses files another user owns"), "\(result.stderr)")
    }

    /// Like sshd's StrictModes: an executable someone other than root can change is refused
    /// by setup, and a configuration by the switch (which then restarts the running daemon).
    @Test func filesOthersCanChangeAreRefused() throws {
        let bench = try Bench()
        chmod(bench.path + "/daemon", 0o775)
        let groupWritable = try bench.setUp()
        #expect(groupWritable.status == 65 && groupWritable.stderr.contains("--daemon \(bench.path)/daemon is refused: \(bench.path)/daemon can be written by its group (mode 0775)"), "\(groupWritable.stderr)")
        chmod(bench.path + "/daemon", 0o755)
        if geteuid() == 0 {
            chown(bench.path + "/original", 65534, 65534)
            let foreign = try bench.setUp()
            #expect(foreign.status == 65 && foreign.stderr.contains("\(bench.path)/original is owned by nobody (uid 65534), not root"), "\(foreign.stderr)")
            chown(bench.path + "/original", 0, 0)
        }
        try FileManager.default.createDirectory(atPath: bench.path + "/open", withIntermediateDirectories: false)
        chmod(bench.path + "/open", 0o777)
        let openFolder = try CLI.run(["live-switch", "setup", "--to", "xenstored-4.17", "--daemon", bench.path + "/daemon",
                                      "--original", bench.path + "/original", "-o", bench.path + "/open/to-c"])
        #expect(openFolder.status == 73 && openFolder.stderr.contains("the folder of -o \(bench.path)/open is refused: \(bench.path)/open can be written by its group and everyone (mode 0777)"), "\(openFolder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.path + "/open/to-c") && !FileManager.default.fileExists(atPath: bench.path + "/open/to-c.conf"))
        #expect(try bench.setUp().status == 0)
        try bench.writeDump()
        chmod(bench.path + "/to-c.conf", 0o666)
        let probe = try bench.runSuccessor(["--live", "--restart", "--help"])
        #expect(probe.status == 1 && probe.stderr.contains("to-c.conf can be written by its group and everyone (mode 0666)"), "\(probe.stderr)")
        let run = try bench.runSuccessor()
        #expect(run.status == 0 && bench.read("daemon.report").isEmpty && bench.read("original.report").hasPrefix("args: --live --restart"))
        // (not in the configuration's status file: nothing it says is trusted)
        #expect(run.stderr.contains("live-switch: refused: ") && run.stderr.contains("to-c.conf can be written by"), "\(run.stderr)")
        chmod(bench.path + "/to-c.conf", 0o644)
        chmod(bench.path + "/to-c", 0o775)  // the successor script, which the configuration names
        _ = try bench.runSuccessor()
        #expect(bench.read("status").contains("the successor \(bench.path)/to-c is refused: \(bench.path)/to-c can be written by its group (mode 0775)"), "\(bench.read("status"))")
        #expect(bench.read("daemon.report").isEmpty)
        chmod(bench.path + "/to-c", 0o755)
        if geteuid() == 0 {
            chown(bench.path + "/daemon", 65534, 65534)
            _ = try bench.runSuccessor()
            #expect(bench.read("status").contains("daemon is owned by nobody (uid 65534), not root"), "\(bench.read("status"))")
            #expect(bench.read("daemon.report").isEmpty)
        }
    }

    /// Every reason at once, in the status file the operator reads: here a quota and the
    /// new daemon gone.
    @Test func theSwitchListsEveryReason() throws {
        let bench = try Bench()
        #expect(try bench.setUp(["--option", "-E", "--option", "2"]).status == 0)
        try bench.writeDump()
        try FileManager.default.removeItem(atPath: bench.path + "/daemon")
        _ = try bench.runSuccessor()
        let status = bench.read("status")
        #expect(status.contains("domain 1 owns 3 nodes, over the 2 a domain may own") && status.contains("daemon cannot be run"), "\(status)")
        #expect(status.contains("xenstore-control is answered OK all the same"), "\(status)")
        #expect(bench.read("original.report").hasPrefix("args: --live --restart"))
    }

    /// The exec of the new daemon fails after every check passed and xenstore-control was
    /// answered: the VIRQ is put back, the running daemon restarted, and the outcome is in the
    /// status file (replacing the "switched" line) and on stderr, saying the OK meant nothing.
    @Test func aFailedExecAfterTheAnswerRollsBackVisibly() throws {
        let bench = try Bench()
        try bench.write("#!/nonexistent/interpreter\n", to: "daemon", mode: 0o755)
        #expect(try bench.setUp().status == 0)
        try bench.writeDump()
        let run = try bench.runSuccessor()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(bench.read("original.report").hasPrefix("args: --live --restart --no-fork\n"))
        #expect(bench.read("evtchn.log") == "unbind 21 7\nbind 21 3\n")
        let status = bench.read("status")
        #expect(status.hasPrefix("refused: pid ") && status.contains("cannot run \(bench.path)/daemon: No such file or directory"), "\(status)")
        #expect(status.contains("xenstore-control is answered OK all the same: its exit status 0 does not mean the switch was made"))
        #expect(run.stderr.contains("live-switch: switched: ") && run.stderr.contains("live-switch: refused: "), "\(run.stderr)")
    }

    /// Run by hand with the arguments a daemon passes: refused before anything is done, and
    /// the "original" daemon is not started in the caller's shell.
    @Test func successorRunByHandRefuses() throws {
        let bench = try Bench()
        #expect(try bench.setUp().status == 0)
        try bench.writeDump()
        for arguments in [["--live", "--restart", "--no-fork"], ["-N", "-U"]] {
            let result = try CLI.run(["live-switch", "successor", "--config", bench.path + "/to-c.conf", "--original", bench.path + "/original", "--"] + arguments)
            #expect(result.status == 64 && result.stderr.contains("not run by a daemon's live update: this process holds no listening socket"), "\(result.stderr)")
        }
        #expect(bench.read("original.report").isEmpty && bench.read("daemon.report").isEmpty && bench.read("status").isEmpty)
    }

    /// A stand-in daemon serving `store` (path: (value, permissions)) on `socket` as both
    /// daemons answer dom0: XS_DIRECTORY (E2BIG over 100 bytes of names, then
    /// XS_DIRECTORY_PART in parts of at most 60 bytes), XS_READ, XS_GET_PERMS,
    /// XS_IS_DOMAIN_INTRODUCED (the domids in `introduced`) and C's `quota DOMID` report (the
    /// open transactions in `transactions`). Killed when the result is released.
    final class StandInDaemon {
        let process = Process()

        init(socket: String, store: [String: (String, [String])], introduced: [Int], transactions: [Int: Int]) throws {
            let entries = store.map { "\($0.key.debugDescription): (\($0.value.0.debugDescription), \($0.value.1.debugDescription))" }
            let daemon = """
                import os, socket, struct, sys
                store = {\(entries.joined(separator: ", "))}
                introduced = \(introduced)
                transactions = {\(transactions.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}
                def children(path):
                    prefix = path.rstrip("/") + "/"
                    return sorted(p[len(prefix):] for p in store if p.startswith(prefix) and p != "/" and "/" not in p[len(prefix):])
                def answer(kind, args):
                    if kind == 0 and args[0] == "quota":
                        return "Domain %s:\\nnodes            :        3 (max     1000)\\ntransactions     : %8d (max       10)\\n" % (args[1], transactions.get(int(args[1]), 0)) + "\\0"
                    if kind == 17:
                        return "T\\0" if int(args[0]) in introduced else "F\\0"
                    if args[0] not in store:
                        return None
                    if kind == 1:
                        names = "".join(c + "\\0" for c in children(args[0]))
                        return names if len(names) <= 100 else "E2BIG"
                    if kind == 20:
                        names, offset = "".join(c + "\\0" for c in children(args[0])), int(args[1])
                        part = ""
                        for name in names[offset:].split("\\0")[:-1]:
                            if len(part) + len(name) + 1 > 60: return "7\\0" + part
                            part += name + "\\0"
                        return "7\\0" + part + "\\0"
                    if kind == 2:
                        return store[args[0]][0]
                    if kind == 3:
                        return "".join(p + "\\0" for p in store[args[0]][1])
                server = socket.socket(socket.AF_UNIX); server.bind(sys.argv[1]); server.listen()
                open(sys.argv[1] + ".ready", "w").close()
                while True:
                    connection, _ = server.accept()
                    while True:
                        header = connection.recv(16, socket.MSG_WAITALL)
                        if len(header) < 16: break
                        kind, req, tx, length = struct.unpack("<IIII", header)
                        args = connection.recv(length, socket.MSG_WAITALL).decode().split("\\0")
                        reply = answer(kind, args)
                        if reply is None or reply == "E2BIG":
                            kind, reply = 16, ("ENOENT" if reply is None else reply) + "\\0"
                        data = reply.encode()
                        connection.sendall(struct.pack("<IIII", kind, req, tx, len(data)) + data)
                    connection.close()
                """
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", daemon, socket]
            try process.run()
            while !FileManager.default.fileExists(atPath: socket + ".ready") {
                guard process.isRunning else { throw CocoaError(.executableLoad) }
                usleep(10_000)
            }
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)  // (SIGTERM may be ignored here)
            process.waitUntilExit()
        }

        /// The executable the stand-in runs (what /proc/PID/exe names).
        var executable: String { URL(fileURLWithPath: "/proc/\(process.processIdentifier)/exe").resolvingSymlinksInPath().path }
    }

    /// A host's store as dom0 reads it: guests 1 and 2, each with its ring address, and a
    /// directory longer than one reply.
    static func hostStore() -> [String: (String, [String])] {
        var store: [String: (String, [String])] = ["/": ("", ["n0"]), "/local": ("", ["n0"]), "/local/domain": ("", ["n0"]),
                                                   "/local/domain/0": ("", ["n0"]), "/tool": ("", ["n0"]), "/tool/many": ("", ["n0"])]
        for domid in [1, 2] {
            for (name, value) in [("", ""), ("/name", "guest-\(domid)"), ("/store", ""), ("/store/ring-ref", "\(1_052_948 + domid)"), ("/store/port", "\(domid + 1)")] {
                store["/local/domain/\(domid)\(name)"] = (value, ["n\(domid)", "r0"])
            }
        }
        for index in 0..<30 { store["/tool/many/entry-\(index)"] = ("\(index)", ["n0"]) }
        return store
    }

    /// `check` on a host where nothing stands in the way of a switch to oxenstored: exit 0,
    /// every node read (through XS_DIRECTORY_PART where a directory is long).
    @Test func checkFindsNothingInTheWay() throws {
        let bench = try Bench()
        let daemon = try StandInDaemon(socket: bench.path + "/socket", store: Self.hostStore(), introduced: [1, 2], transactions: [:])
        try bench.write("quota-maxentity = 10\n", to: "oxenstored.conf")
        let setup = try CLI.run(["live-switch", "setup", "--to", "oxenstored", "--daemon", bench.path + "/daemon", "--option", "--config-file",
                                 "--option", bench.path + "/oxenstored.conf", "--original", daemon.executable, "--socket", bench.path + "/socket",
                                 "-o", bench.path + "/to-ox"])
        #expect(setup.status == 0, "\(setup.stderr)")
        let result = try bench.check("to-ox.conf")
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText == "pid \(daemon.process.processIdentifier) (\(daemon.executable)) -> oxenstored: nothing stands in the way (46 nodes read, 2 guests)\n")
    }

    /// Every reason at once, without a live update: a quota, a stub domain's target, a guest
    /// without its ring address, open transactions, a configuration others can write; exit 65.
    @Test func checkListsEveryReasonTheSwitchWouldBeRefused() throws {
        let bench = try Bench()
        var store = Self.hostStore()
        store["/local/domain/2/store/ring-ref"] = nil
        store["/local/domain/3"] = ("", ["n0", "r3"])
        store["/local/domain/3/target"] = ("2", ["n0", "r3"])
        for index in 0..<12 { store["/local/domain/1/data-\(index)"] = ("x", ["n1"]) }
        let daemon = try StandInDaemon(socket: bench.path + "/socket", store: store, introduced: [1, 2, 3], transactions: [0: 1, 1: 2])
        try bench.write("quota-maxentity = 10\n", to: "oxenstored.conf")
        #expect(try CLI.run(["live-switch", "setup", "--to", "oxenstored", "--daemon", bench.path + "/daemon", "--option", "--config-file",
                             "--option", bench.path + "/oxenstored.conf", "--original", daemon.executable, "--socket", bench.path + "/socket",
                             "-o", bench.path + "/to-ox"]).status == 0)
        chmod(bench.path + "/to-ox.conf", 0o646)
        let result = try bench.check("to-ox.conf")
        #expect(result.status == 65, "\(result.stdoutText)\(result.stderr)")
        for reason in ["- the configuration \(bench.path)/to-ox.conf is refused: \(bench.path)/to-ox.conf can be written by everyone (mode 0646)",
                       "- over oxenstored's quota: domain 1 owns 17 nodes, over the 10 a domain may own",
                       "- domain 3 is a device-model stub domain acting for domain 2 (/local/domain/3/target): oxenstored's dump cannot hold that link",
                       "- domain 2 has no valid store/ring-ref: oxenstored maps a guest's ring by the frame its store/ring-ref names",
                       "- domain 3 has no valid store/ring-ref or store/port",
                       "- domain 0 has 1 open transaction: ", "- domain 1 has 2 open transactions: "] {
            #expect(result.stdoutText.contains(reason), "\(reason)\n\(result.stdoutText)")
        }
        #expect(result.stdoutText.hasPrefix("pid \(daemon.process.processIdentifier) (\(daemon.executable)) -> oxenstored: the switch would be refused:\n"))
    }

    /// The commands `--help` shows, joined across `\` continuations, comments dropped.
    static func commands(in text: String) -> [String] {
        var commands: [String] = [], current = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            line = line.trimmingCharacters(in: .whitespaces)
            let continues = line.hasSuffix("\\")
            if continues { line.removeLast() }
            current += (current.isEmpty ? "" : " ") + line.trimmingCharacters(in: .whitespaces)
            if !continues {
                if current.hasPrefix("xsconvert live-switch") || current.hasPrefix("xenstore-control live-update") { commands.append(current) }
                current = ""
            }
        }
        return commands
    }

    /// The examples agree everywhere: each command `--help` shows is in the runbook (set-up and
    /// switch) and README (set-up); no example gives `-N`, which changes nothing; no line of
    /// an example in `--help` is longer than help's width, so none is wrapped inside a command.
    @Test func examplesAgreeEverywhere() throws {
        let help = try ["live-switch", "live-switch setup"].map { try CLI.run($0.split(separator: " ").map(String.init) + ["--help"]).stdoutText }
        let shown = help.flatMap(Self.commands)
        #expect(shown.count == 6 && shown.filter { $0.hasPrefix("xsconvert live-switch setup") }.count == 3, "\(shown)")
        let runbook = Self.commands(in: try String(contentsOfFile: Repository.root + "/docs/live-switch.md", encoding: .utf8))
        let readme = Self.commands(in: try String(contentsOfFile: Repository.root + "/README.md", encoding: .utf8))
        for command in shown {
            #expect(runbook.contains(command), "the runbook lacks: \(command)")
            if command.contains("to-c") { #expect(readme.contains(command), "README lacks: \(command)") }
        }
        for command in shown + runbook + readme {
            #expect(!command.contains("--option -N") && !command.contains("--option --no-fork"), "\(command)")
        }
        for line in help.joined(separator: "\n").split(separator: "\n") where line.hasPrefix("  xsconvert") || line.hasPrefix("    --") {
            #expect(line.count < 80, "\(line)")
        }
    }

    /// Arguments no daemon passes: not run by a daemon.
    /// The same through the command line as the successor script writes it (answered before
    /// ArgumentParser parses anything) and any other spelling (parsed by it).
    @Test(arguments: [["--config", "/nonexistent"], ["--config=/nonexistent"]])
    func successorRunByHandIsAUsageError(_ config: [String]) throws {
        let result = try CLI.run(["live-switch", "successor"] + config + ["--original", "/bin/true", "--", "-N"])
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
        // the new daemon exec'd, then gone: nothing answers, and wait says where to look
        try bench.write("target = oxenstored\ndaemon = /usr/sbin/oxenstored\nsource-dump = a\ntarget-dump = b\nsocket = \(bench.path)/gone\nstatus-file = \(bench.path)/status\n", to: "to-ox.conf")
        try bench.write("switched: pid 1: C xenstored -> oxenstored (…): …\n", to: "status")
        let died = try CLI.run(["live-switch", "wait", "--config", bench.path + "/to-ox.conf", "--timeout", "0.3"])
        #expect(died.status == 1 && died.stdoutText.contains("not switched within 0.3 s: nothing answers on \(bench.path)/gone"), "\(died.stdoutText)")
        #expect(died.stdoutText.contains("it may have died after the exec (docs/live-switch.md"), "\(died.stdoutText)")
    }
}
