import Glibc
import ArgumentParser
import XSConvertKit

struct LiveSwitchWaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait until the same process answers as the daemon a switch turns it into.",
        discussion: """
            Run it right after 'xenstore-control live-update' returns (which it does as soon \
            as the client is answered, before the new daemon has restored). It asks the \
            process listening on the socket until that process runs the configuration's \
            daemon and /tool/xenstored names it. Exit status: 0 switched; 1 not within \
            --timeout, or the switch was refused and the daemon that ran before was \
            restarted (the reason, from the status file, is printed), or nothing answers \
            (after a "switched" status: the new daemon may have died after the exec).

            Example:
              xenstore-control live-update -t 60 /etc/xen/xsconvert/to-c && \\
                xsconvert live-switch wait --config /etc/xen/xsconvert/to-c.conf
            """
    )

    @Option(help: ArgumentHelp("The configuration 'live-switch setup' wrote.", valueName: "path"))
    var config: String

    @Option(help: ArgumentHelp("The daemons' socket (default: the configuration's).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("The daemon's pid before the switch (default: whichever process listens).", valueName: "pid"))
    var pid: Int32?

    @Option(help: ArgumentHelp("How long to wait, in seconds.", valueName: "seconds"))
    var timeout: Double = 30

    func run() throws {
        try Reporting.run(diagnostics: Diagnostics(), quiet: false) {
            let configuration = try LiveSwitchConfiguration(contentsOf: config)
            let path = socket ?? configuration.socket
            let start = seconds(on: CLOCK_REALTIME)
            var last: DaemonProbe?
            while true {
                let probe = try? DaemonProbe.probe(socket: path)
                if let probe { last = probe }
                if let probe, probe.isRunning(configuration.daemon), pid == nil || probe.pid == pid {
                    print("pid \(probe.pid) is \(configuration.target.name) now: \(configuration.daemon) answers on \(path)")
                    return
                }
                if probe?.toolXenstored != nil, let refused = recentRefusal(configuration.statusFile, since: start - 300) {
                    print("the switch was refused; pid \(probe?.pid ?? 0) runs \(probe?.executable ?? "?") again:\n\(refused)")
                    throw ExitCode(1)
                }
                guard seconds(on: CLOCK_REALTIME) - start < timeout else { break }
                usleep(100_000)
            }
            let seen = last.map { "pid \($0.pid) runs \($0.executable ?? "?") (/tool/xenstored: \($0.toolXenstored ?? "no answer"))" } ?? "nothing answers on \(path)"
            print("not switched within \(timeout) s: \(seen)")
            if let status = try? Files.openInput(configuration.statusFile).readToEnd() {
                print("last status (\(configuration.statusFile)): " + String(decoding: status, as: UTF8.self), terminator: "")
                if last == nil, status.starts(with: Array("switched:".utf8)) {
                    print("the new daemon was exec'd, and nothing answers: it may have died after the exec (docs/live-switch.md, \"If the new daemon dies after the exec\")")
                }
            }
            throw ExitCode(1)
        }
    }

    /// The status file's text, if it records a refused switch and changed after `since`.
    func recentRefusal(_ path: String, since: Double) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, Double(info.st_mtim.tv_sec) >= since,
              let text = try? Files.openInput(path).readToEnd(), text.starts(with: Array("refused:".utf8)) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
