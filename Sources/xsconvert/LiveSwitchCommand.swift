import ArgumentParser
import XSConvertKit

struct LiveSwitchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-switch",
        abstract: "Switch a running host between oxenstored and C xenstored in place (same process).",
        discussion: """
            Each daemon's own live update writes its state and execs a new binary in the same \
            process. Made that binary, xsconvert turns the state into what the other daemon \
            restores, checks it, and execs that daemon: its listening socket, connected \
            clients, their watches and the guests' rings carry over. If anything stands in the \
            way it execs the daemon that was running, on its own state, instead (rollback), \
            and says why on stderr, in syslog and in the status file.

            Once:
              xsconvert live-switch setup --to xenstored-4.17 \\
                --daemon /usr/lib/xen-4.17/bin/xenstored --option -N \\
                --original /usr/lib/xen-4.17/bin/oxenstored -o /etc/xen/xsconvert/to-c

            Switch:
              xenstore-control live-update -t 60 /etc/xen/xsconvert/to-c
              xsconvert live-switch wait --config /etc/xen/xsconvert/to-c.conf

            The runbook: docs/live-switch.md.
            """,
        subcommands: [LiveSwitchSetupCommand.self, LiveSwitchWaitCommand.self, LiveSwitchSuccessorCommand.self]
    )
}
