import Testing
import XSConvertKit

@Suite struct LiveSwitchConfigurationTests {
    static let toC = LiveSwitchConfiguration(
        target: .xenstored417, daemon: "/usr/lib/xen-4.17/bin/xenstored", daemonOptions: ["-N", "-E", "2000"],
        daemonEnvironment: ["XENSTORED_RUNDIR=/var/run/xenstored"], sourceDump: "/var/run/xenstored/db",
        targetDump: "/var/run/xenstored/state_dump",
        quotas: TargetQuotas(nodeSize: 2048, pathMax: 2048, nodesPerDomain: 2000, target: .xenstored417))

    @Test func textRoundTrips() throws {
        let text = Self.toC.text(comment: ["made by a test"])
        #expect(text.hasPrefix("# made by a test\ntarget = xenstored-4.17\ndaemon = /usr/lib/xen-4.17/bin/xenstored\n"))
        #expect(text.contains("daemon-option = -N\ndaemon-option = -E\ndaemon-option = 2000\n"))
        #expect(text.contains("quota-nodes-per-domain = 2000\n"))
        #expect(try LiveSwitchConfiguration(text: text, file: "c.conf") == Self.toC)
        #expect(Self.toC.sourceDaemon == .oxenstored)
    }

    @Test func defaultsAndAbsentQuotas() throws {
        let configuration = try LiveSwitchConfiguration(text: """
            target = oxenstored
              daemon =  /usr/lib/xen-4.17/bin/oxenstored\t
            # comment
            source-dump = /var/run/xenstored/state_dump
            target-dump = /var/run/xenstored/db
            """, file: "ox.conf")
        #expect(configuration.daemon == "/usr/lib/xen-4.17/bin/oxenstored")
        #expect(configuration.socket == "/var/run/xenstored/socket")
        #expect(configuration.statusFile == "/var/run/xenstored/xsconvert-live-switch.status")
        #expect(configuration.quotas == TargetQuotas(nodeSize: nil, pathMax: nil, nodesPerDomain: nil, target: .oxenstored))
        #expect(configuration.sourceDaemon == .c)
    }

    /// Each fault names the file and, where there is one, the line.
    @Test(arguments: [
        ("target = xenstored-4.17\nnonsense", "c.conf: line 2: expected 'key = value'"),
        ("target = xenstored-4.17\ncolour = red", "c.conf: line 2: unknown key 'colour'"),
        ("target = xenstored-4.17\ntarget = oxenstored", "c.conf: line 2: target is given twice"),
        ("target = xenstored-4.17\ndaemon-environment = PATH", "c.conf: line 2: daemon-environment: expected NAME=VALUE"),
        ("target = xenstored-4.17\ndaemon = /x\nsource-dump = a", "c.conf: no 'target-dump = …' line"),
        ("target = xenstored-9\ndaemon = /x", "c.conf: unknown target 'xenstored-9'"),
        ("target = xenstored-4.17\ndaemon = /x\nsource-dump = a\ntarget-dump = b\nquota-path-max = many", "c.conf: quota-path-max: expected a positive number, got 'many'"),
    ])
    func faultsNameFileAndLine(_ text: String, _ message: String) {
        #expect {
            try LiveSwitchConfiguration(text: text, file: "c.conf")
        } throws: { "\($0)".hasPrefix(message) }
    }
}
