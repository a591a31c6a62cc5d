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
        #expect(text.hasPrefix("# made by a test\nsource = oxenstored\ntarget = xenstored-4.17\ndaemon = /usr/lib/xen-4.17/bin/xenstored\n"))
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

    /// Spaces and tabs around keys and values, and a value that is not ASCII (kept as written).
    @Test func valuesAreTrimmedOfBlanksOnly() throws {
        let configuration = try LiveSwitchConfiguration(text: "target = xenstored-4.17 \n\t daemon\t= /opt/xén/bin/xenstored \t\n"
            + "daemon-option =  -E 5 \nsource-dump = /run/x y/db\ntarget-dump=/run/x/state_dump\n", file: "c.conf")
        #expect(configuration.daemon == "/opt/xén/bin/xenstored")
        #expect(configuration.daemonOptions == ["-E 5"])
        #expect(configuration.sourceDump == "/run/x y/db" && configuration.targetDump == "/run/x/state_dump")
        #expect(configuration.target == .xenstored417)
    }

    /// oxenstored 4.17 → the xapi fork, and the fork → C (`source = oxenstored-xapi`: a
    /// rollback restarts the fork as it must be restarted).
    @Test func theForkIsASourceAndATarget() throws {
        let toFork = try LiveSwitchConfiguration(text: """
            source = oxenstored
            target = oxenstored-xapi
            daemon = /usr/sbin/oxenstored
            source-dump = /var/run/xenstored/db
            target-dump = /var/run/xenstored/db
            """, file: "fork.conf")
        #expect(toFork.sourceDaemon == .oxenstored && !toFork.sourceIsXapiFork && toFork.target == .oxenstoredXapi)
        var fromFork = Self.toC
        fromFork.sourceIsXapiFork = true
        let text = fromFork.text()
        #expect(text.hasPrefix("source = oxenstored-xapi\n"))
        let read = try LiveSwitchConfiguration(text: text, file: "c.conf")
        #expect(read == fromFork && read.sourceDaemon == .oxenstored)
        #expect(throws: ConversionError.self) { try LiveSwitchConfiguration(text: "source = ocaml\n" + text.dropFirst(25), file: "c.conf") }
    }

    /// What a restarted fork is given: no evtchn-dev line, no local port on a dom line, every
    /// other byte as it was.
    @Test func theForksDumpToBindAfresh() {
        let dump = Bytes(utf8: "$xenstored-dump-format\nglobal,3\nevtchn-dev,5,7\ndom,0,0,1,2\ndom,1,1052949,2,3\nwatch,1,2f61,74,1\ndom,2,9,4\nstore,2f,6e30,")
        #expect(DomExcHandover.freshHandleDump(dump)
            == Bytes(utf8: "$xenstored-dump-format\nglobal,3\ndom,0,0,1\ndom,1,1052949,2\nwatch,1,2f61,74,1\ndom,2,9,4\nstore,2f,6e30,"))
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
