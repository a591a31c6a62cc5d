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

            Once (and again after changing the new daemon's options or quotas):
            \(setupToC)

            Each switch: the listing before; the check (exit 0: clear; 65: what stands in \
            the way, listed); the live update; the wait for its outcome (exit 0: switched; \
            1: not, with the reason):
            \(switchToC)

            The runbook: docs/live-switch.md.
            """,
        subcommands: [LiveSwitchSetupCommand.self, LiveSwitchCheckCommand.self, LiveSwitchWaitCommand.self, LiveSwitchSuccessorCommand.self]
    )

    /// The examples, each line short enough that help never wraps it (so that they paste);
    /// README and the runbook give the same (a test holds them to it).
    static let setupToC = """
          xsconvert live-switch setup --to xenstored-4.17 \\
            --daemon /usr/lib/xen-4.17/bin/xenstored \\
            --option --pid-file --option /run/xenstore.pid \\
            --original /usr/lib/xen-4.17/bin/oxenstored -o /etc/xen/xsconvert/to-c
        """
    static let setupToOxenstored = """
          xsconvert live-switch setup --to oxenstored \\
            --daemon /usr/lib/xen-4.17/bin/oxenstored \\
            --option --config-file --option /etc/xen/oxenstored.conf \\
            --option --pid-file --option /run/xenstore.pid \\
            --original /usr/lib/xen-4.17/bin/xenstored -o /etc/xen/xsconvert/to-ox
        """
    static let switchToC = """
          xenstore-ls -f -p / >/root/xenstore-before.ls
          xsconvert live-switch check --config /etc/xen/xsconvert/to-c.conf
          xenstore-control live-update -t 60 /etc/xen/xsconvert/to-c
          xsconvert live-switch wait --config /etc/xen/xsconvert/to-c.conf
        """
}
