import ArgumentParser
import XSConvertKit

struct LiveSwitchSuccessorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "successor",
        abstract: "Run by a daemon's live update, through the script 'live-switch setup' writes.",
        discussion: """
            Runs in the daemon's process after it wrote its dump: oxenstored runs it as \
            'SUCCESSOR --live --restart ARGS' (and first with --help, to check it), C xenstored \
            as 'SUCCESSOR ARGS -U'; ARGUMENTS are those, after --. It converts the dump for \
            the daemon the configuration names, checks it, and execs that daemon; if \
            anything stands in the way it execs ORIGINAL with ARGUMENTS, on its own dump, \
            and says why on stderr, in syslog and in the status file. With --help last \
            (oxenstored's check) it only says whether a switch could be attempted (exit 0) \
            or not (exit 1).
            """
    )

    @Option(help: ArgumentHelp("The configuration 'live-switch setup' wrote.", valueName: "path"))
    var config: String

    @Option(help: ArgumentHelp("The running daemon's executable, restarted if the switch cannot be made.", valueName: "path"))
    var original: String

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The arguments the daemon ran the successor with.", valueName: "arguments"))
    var arguments: [String] = []

    func run() throws {
        try LiveSwitchSuccessor(config: config, original: original, arguments: arguments).run()
    }
}
