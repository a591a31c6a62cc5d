import Testing
import XSConvertKit

/// The new daemon's limits, each measured as that daemon measures it.
@Suite struct TargetQuotasTests {
    static func node(_ path: String, owner: UInt16 = 0, value: Int = 0) -> Record {
        .node(Node(path: Bytes(utf8: path), value: Bytes(repeating: UInt8(ascii: "v"), count: value),
                   permissions: [Permission(access: Permission.none, domid: owner), Permission(access: Permission.read, domid: 0)]))
    }

    @Test func oxenstoredsConfigurationFile() {
        let debian = TargetQuotas.oxenstored(configuration: """
            # Activate quota
            quota-activate = true
            quota-maxentity = 1000 # nodes
            quota-maxsize = 2048
            quota-path-max = 1024
            """)
        #expect(debian == TargetQuotas(nodeSize: 2048, pathMax: 1024, nodesPerDomain: 1000, target: .oxenstored))
        // its built-in defaults; quota-activate = false turns off both quotas, not path-max
        #expect(TargetQuotas.oxenstored(configuration: "") == TargetQuotas(nodeSize: 2048, pathMax: 2048, nodesPerDomain: 1000, target: .oxenstored))
        #expect(TargetQuotas.oxenstored(configuration: "quota-activate = false\nquota-path-max = 700")
                == TargetQuotas(nodeSize: nil, pathMax: 700, nodesPerDomain: nil, target: .oxenstored))
    }

    /// oxenstored skips, on restore, a node whose value is over quota-maxsize, whoever owns it.
    @Test func oxenstoredMeasuresValues() {
        let quotas = TargetQuotas(nodeSize: 100, pathMax: nil, nodesPerDomain: nil, target: .oxenstored)
        let snapshot = Snapshot(records: [Self.node("/a", value: 100), Self.node("/b", value: 101)])
        #expect(quotas.problems(in: snapshot, daemonName: "oxenstored") == ["/b: a value of 101 bytes, over the node size of 100 (it would be skipped)"])
    }

    /// C counts a guest's node as its record: header (24 bytes in 4.17, 16 in 4.21), 8 per
    /// permission, the value, each child's name and NUL (dom0's child too); 4.17 refuses one of
    /// exactly the limit.
    @Test(arguments: [(TargetProfile.xenstored417, 24 + 16 + 50 + 3 + 3, true), (.xenstored421, 16 + 16 + 50 + 3 + 3, false)])
    func cMeasuresAGuestsRecords(_ target: TargetProfile, _ size: Int, _ exactIsOver: Bool) {
        let records = [Self.node("/g", owner: 1, value: 50), Self.node("/g/ab", owner: 1), Self.node("/g/cd", owner: 0), Self.node("/h", owner: 0, value: 500)]
        let atLimit = TargetQuotas(nodeSize: size, pathMax: nil, nodesPerDomain: nil, target: target)
        let problems = atLimit.problems(in: Snapshot(records: records), daemonName: target.name)
        #expect(problems == (exactIsOver ? ["/g (domain 1's): \(size) bytes as \(target.name) counts a node, over its node size of \(size)"] : []))
        let below = TargetQuotas(nodeSize: size - 1, pathMax: nil, nodesPerDomain: nil, target: target)
        #expect(below.problems(in: Snapshot(records: records), daemonName: target.name).count == 1)  // dom0's /h is not held to it
    }

    /// Below /local/domain/N/ only the rest of the path counts.
    @Test func pathLengthsCountFromTheDomainsHome() {
        let quotas = TargetQuotas(nodeSize: nil, pathMax: 10, nodesPerDomain: nil, target: .xenstored417)
        let snapshot = Snapshot(records: [
            Self.node("/local/domain/12/0123456789"), Self.node("/local/domain/12/0123456789a"),
            Self.node("/0123456789"), Self.node("/local/domain/123456/x"),
        ])
        #expect(quotas.problems(in: snapshot, daemonName: "c") == [
            "/local/domain/12/0123456789a: 11 bytes, over the path-max of 10",
            "/0123456789: 11 bytes, over the path-max of 10",
            "/local/domain/123456/x: 22 bytes, over the path-max of 10",
        ])
    }

    /// Guests' nodes are counted by owner; dom0's are not limited. A long list is cut short.
    @Test func nodesPerDomain() {
        let quotas = TargetQuotas(nodeSize: 1, pathMax: nil, nodesPerDomain: 2, target: .oxenstored)
        let records = (1...3).map { Self.node("/g\($0)", owner: 4, value: 2) } + (1...5).map { Self.node("/d\($0)") }
            + [Self.node("/h", owner: 5)]
        let problems = quotas.problems(in: Snapshot(records: records + (1...3).map { Self.node("/v\($0)", value: 2) }), daemonName: "oxenstored")
        #expect(problems.last == "domain 4 owns 3 nodes, over the 2 a domain may own")
        #expect(problems.filter { $0.contains("value of 2 bytes") }.count == 5)
        #expect(problems.contains("… and 1 more like these"))
    }
}
