import ArgumentParser
import XSConvertKit

struct LiveSwitchCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Before a switch: list every reason it would be refused, without starting a live update.",
        discussion: """
            Reads the running store over the daemon's socket, as dom0 sees it, and the files \
            the switch trusts, and lists every reason the switch the configuration describes \
            would be refused: the store over the new daemon's quotas (nodes a guest owns, node \
            size, path length); a device-model stub domain acting for a guest (its \
            /local/domain/N/target); for a switch to oxenstored, a guest without a valid \
            store/ring-ref or store/port, and open transactions (C xenstored's quota report); \
            a configuration, successor or executable that cannot be run or that someone other \
            than root could change; the event-channel library missing; the daemon already \
            switched, or not the one the successor would restart. Nothing is changed.

            What only the daemon's dump shows (data queued on a ring, a domain's own quotas) \
            is still checked by the switch itself, which then rolls back.

            Exit status: 0 nothing stands in the way; 65 something does (each reason on its \
            own line); 64, 66, 74 the check itself could not be made.

            Example:
              xsconvert live-switch check --config /etc/xen/xsconvert/to-c.conf
            """
    )

    @Option(help: ArgumentHelp("The configuration 'live-switch setup' wrote.", valueName: "path"))
    var config: String

    @Option(help: ArgumentHelp("How long to wait for each answer, in seconds.", valueName: "seconds"))
    var timeout: Double = 5

    func run() throws {
        try Reporting.run(diagnostics: Diagnostics(), quiet: false) {
            let configuration = try LiveSwitchConfiguration(contentsOf: config)
            let preflight = LiveSwitchPreflight(configuration: configuration)
            var reasons = preflight.fileProblems(configurationPath: LiveSwitchSetupCommand.absolute(config),
                                                 also: [(ProcessImage.ownExecutable(), "xsconvert")])
            do { _ = try LibXenEvtchn() } catch { reasons.append("\(error)") }
            let host = try preflight.readHost(timeout: timeout)
            reasons += preflight.reasons(host)
            let running = "pid \(host.daemon.pid) (\(host.daemon.executable ?? "?"))"
            guard reasons.isEmpty else {
                print("\(running) -> \(configuration.target.name): the switch would be refused:")
                for reason in reasons { print("- " + reason) }
                throw ExitCode(Reporting.exitStatus(for: .data))
            }
            print("\(running) -> \(configuration.target.name): nothing stands in the way (\(host.store.nodes.count) nodes read, \(host.introduced.count) guests)")
        }
    }
}
