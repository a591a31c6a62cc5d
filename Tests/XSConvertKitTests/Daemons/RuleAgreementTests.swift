import Testing
import XSConvertKit

/// Validate, convert's warning and --target agree, as a property over generated stores with
/// each rule's fault planted one at a time. For every profile T and every planted store:
///
/// - writing T's format without a target warns ("would not restore") or fails exactly when
///   `validate --target T` of what it wrote (or would write) fails;
/// - the planted rule is among validate's findings wherever its column is not empty;
/// - what `--target T` writes (allowing loss) passes `validate --target T`;
/// - the error count equals the errors listed.
@Suite struct RuleAgreementTests {
    /// A planted fault: the rule it breaks, how to plant it, and, for a rule whose fault
    /// depends on a profile's limit, the profiles it breaks (all with a column otherwise).
    struct Plant: Sendable, CustomTestStringConvertible {
        var rule: Rule
        var only: Set<String>? = nil
        var edit: @Sendable (inout Store) -> Void
        var testDescription: String { rule.rawValue }
    }

    /// A generated store that every profile restores: GLOBAL_DATA, dom0's ring first, guests'
    /// rings (with where oxenstored maps them), a watch, the tree in pre-order, the special
    /// nodes.
    struct Store {
        var records: [Record]
        var guests: [UInt16]

        init(seed: UInt64) {
            var random = SplitMix64(seed: seed)
            guests = (1...(1 + random.below(3))).map { UInt16($0) }
            // (no event-channel fd: oxenstored's dump has no place for one)
            records = [.global(GlobalData(socketFD: 3, eventChannelFD: nil)),
                       .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2))))]
            for guest in guests {
                records.append(.connection(Connection(id: UInt32(guest) + 1, endpoint: .ring(.init(domid: guest, eventChannel: UInt32(guest) + 10)))))
            }
            records.append(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/local"), token: Bytes(utf8: "t"))))
            records += ["/", "/local", "/local/domain"].map { Self.node($0, owner: 0) }
            for guest in guests {
                let home = "/local/domain/\(guest)"
                records += [Self.node(home, owner: guest), Self.node(home + "/store", owner: guest),
                            Self.node(home + "/store/ring-ref", owner: guest, value: "\(1000 + Int(guest))"),
                            Self.node(home + "/store/port", owner: guest, value: "\(guest + 1)"),
                            Self.node(home + "/data", owner: guest)]
                for key in 0..<random.below(6) { records.append(Self.node(home + "/data/k\(key)", owner: guest, value: "v\(random.below(100))")) }
            }
            records += ["@introduceDomain", "@releaseDomain"].map { Self.node($0, owner: 0) }
        }

        static func node(_ path: String, owner: UInt16, value: String = "") -> Record {
            .node(Node(path: Bytes(utf8: path), value: Bytes(utf8: value), permissions: [Permission(access: Permission.none, domid: owner)]))
        }

        func index(_ path: String) -> Int {
            records.firstIndex { if case .node(let node) = $0 { node.path == Bytes(utf8: path) } else { false } }!
        }

        var firstNode: Int { records.firstIndex { if case .node = $0 { true } else { false } }! }
        var guest: UInt16 { guests[0] }
        var data: String { "/local/domain/\(guest)/data" }

        mutating func edit(_ path: String, _ change: (inout Node) -> Void) {
            let at = index(path)
            guard case .node(var node) = records[at] else { return }
            change(&node)
            records[at] = .node(node)
        }

        mutating func addNode(_ node: Node) { records.insert(.node(node), at: index("@introduceDomain")) }
        mutating func addBeforeNodes(_ record: Record) { records.insert(record, at: firstNode) }
    }

    static func owned(_ path: String, by owner: UInt16 = 0, value: Bytes = [], _ more: [Permission] = []) -> Node {
        Node(path: Bytes(utf8: path), value: value, permissions: [Permission(access: Permission.none, domid: owner)] + more)
    }

    /// The rules planted in bytes rather than records (their fault is in the encoding or the
    /// framing, which no record writer produces), and where each is tested.
    static let plantedInBytes: [Rule: String] = [
        .encoding: "ValidateVerdictCLITests, LibraryAPITests.theVerdictCountsEveryFinding",
        .unpaddedLength: "FramingValidationTests", .lengthOverrun: "FramingValidationTests", .watchLayout: "FramingValidationTests",
        .recordOutsideVersion: "RuleAgreementTests.aWatchDepthInVersion1",
    ]

    static let plants: [Plant] = [
        Plant(rule: .globalNotFirst) { $0.records.swapAt(0, 1) },
        Plant(rule: .globalLate) { $0.records.swapAt(0, 1) },
        Plant(rule: .globalTwice) { $0.records.insert(.global(GlobalData(socketFD: 3, eventChannelFD: nil)), at: 2) },
        Plant(rule: .globalMissing) { $0.records.removeFirst() },
        Plant(rule: .noListeningSocket) { $0.records[0] = .global(GlobalData(socketFD: -1, eventChannelFD: nil)) },
        Plant(rule: .dom0NotFirst) { $0.records.swapAt(1, 2) },
        Plant(rule: .dom0AfterNodes) { store in
            let dom0 = store.records.remove(at: 1)
            store.records.append(dom0)
        },
        Plant(rule: .dom0Missing) { store in
            store.records.remove(at: 1)
            store.records.removeAll { if case .watch = $0 { true } else { false } }
        },
        Plant(rule: .skippedRecord) { $0.addBeforeNodes(.unknown(UnknownRecord(type: 42, body: [1, 2, 3, 4, 5, 6, 7, 8]))) },
        Plant(rule: .ignoredTransaction) { $0.addBeforeNodes(.transaction(Transaction(connectionID: 1, id: 1))) },
        Plant(rule: .inexpressibleRecord) { $0.addBeforeNodes(.transaction(Transaction(connectionID: 1, id: 1))) },
        Plant(rule: .connectionIDZero) { $0.addBeforeNodes(.connection(Connection(id: 0, endpoint: .socket(fd: 9)))) },
        Plant(rule: .connectionIDDuplicated) { $0.addBeforeNodes(.connection(Connection(id: 1, endpoint: .socket(fd: 9)))) },
        Plant(rule: .ringDomid) { $0.addBeforeNodes(.connection(Connection(id: 50, endpoint: .ring(.init(domid: 0x7FF0, eventChannel: 5))))) },
        Plant(rule: .ringTargetDomid) { store in
            store.addBeforeNodes(.connection(Connection(id: 50, endpoint: .ring(.init(domid: 9, targetDomid: 0x7FF0, eventChannel: 5)))))
        },
        Plant(rule: .ringWithoutEventChannel) { $0.addBeforeNodes(.connection(Connection(id: 50, endpoint: .ring(.init(domid: 9, eventChannel: 0))))) },
        Plant(rule: .inexpressiblePendingData) { store in
            store.addBeforeNodes(.connection(Connection(id: 50, endpoint: .socket(fd: 9), pendingInput: Bytes(utf8: "abc"))))
        },
        Plant(rule: .inexpressibleUniqueID) { $0.addBeforeNodes(.connection(Connection(id: 50, endpoint: .socket(fd: 9), uniqueID: 77))) },
        Plant(rule: .unknownUniqueID) { $0.addBeforeNodes(.connection(Connection(id: 50, endpoint: .socket(fd: 9), uniqueID: 77))) },
        Plant(rule: .watchWithoutConnection) { $0.addBeforeNodes(.watch(Watch(connectionID: 99, path: Bytes(utf8: "/x"), token: Bytes(utf8: "t")))) },
        Plant(rule: .watchOfMissingConnection) { $0.addBeforeNodes(.watch(Watch(connectionID: 99, path: Bytes(utf8: "/x"), token: Bytes(utf8: "t")))) },
        Plant(rule: .watchPath) { $0.addBeforeNodes(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/local//x"), token: Bytes(utf8: "t")))) },
        Plant(rule: .inexpressibleWatchDepth) { $0.addBeforeNodes(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/x"), token: Bytes(utf8: "t"), depth: 2))) },
        Plant(rule: .refusedWatchDepth) {
            $0.addBeforeNodes(.watch(Watch(connectionID: 1, path: Bytes(utf8: "@introduceDomain"), token: Bytes(utf8: "t"), depth: 2)))
        },
        Plant(rule: .ringUnbindable) { $0.addBeforeNodes(.connection(Connection(id: 50, endpoint: .ring(.init(domid: 9, eventChannel: nil, mfn: 5))))) },
        Plant(rule: .ignoredEventChannel) { $0.records[0] = .global(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 1)) },
        Plant(rule: .watchDepthMisreadLater) { $0.addBeforeNodes(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/x"), token: Bytes(utf8: "t"), depth: 2))) },
        Plant(rule: .transactionWithoutConnection) { $0.addBeforeNodes(.transaction(Transaction(connectionID: 99, id: 1))) },
        Plant(rule: .transactionDuplicated) { store in
            store.addBeforeNodes(.transaction(Transaction(connectionID: 1, id: 1)))
            store.addBeforeNodes(.transaction(Transaction(connectionID: 1, id: 1)))
        },
        Plant(rule: .nodePath) { $0.addNode(owned("/local/a b")) },
        Plant(rule: .nodePathLength, only: [TargetProfile.oxenstored.name]) { store in
            store.addNode(owned(store.data + "/" + String(repeating: "a", count: 1100)))
        },
        Plant(rule: .valueLength, only: [TargetProfile.oxenstored.name]) { store in
            store.addNode(owned(store.data + "/big", value: Bytes(repeating: UInt8(ascii: "v"), count: 3000)))
        },
        Plant(rule: .noPermissions) { store in store.edit(store.data) { $0.permissions = [] } },
        Plant(rule: .permissionLetter) { store in store.edit(store.data) { $0.permissions.append(Permission(access: UInt8(ascii: "x"), domid: 0)) } },
        Plant(rule: .permissionDomid) { store in store.edit(store.data) { $0.permissions.append(Permission(access: Permission.read, domid: 0xFFFF)) } },
        Plant(rule: .staleDomidAny) { store in store.edit(store.data) { $0.permissions.append(Permission(access: Permission.read, domid: DomainID.any)) } },
        Plant(rule: .inexpressibleStalePermission) { store in
            store.edit(store.data) { $0.permissions.append(Permission(access: Permission.read, domid: 0, flags: Permission.staleFlag)) }
        },
        Plant(rule: .ownerWithoutConnection) { store in store.edit(store.data) { $0.permissions = [Permission(access: Permission.none, domid: 77)] } },
        Plant(rule: .pendingWithoutTransaction) { store in
            store.addNode(Node(path: Bytes(utf8: store.data + "/p"), permissions: [Permission(access: Permission.none, domid: 0)],
                               pending: .init(connectionID: 1, transactionID: 9, access: 2)))
        },
        Plant(rule: .pendingAppliedAsCommitted) { plantPending(&$0) },
        Plant(rule: .inexpressiblePendingNode) { plantPending(&$0) },
        Plant(rule: .unknownSpecialNode) { $0.addNode(owned("@somethingElse")) },
        Plant(rule: .specialNodeDuplicated) { $0.addNode(owned("@releaseDomain")) },
        Plant(rule: .specialNodeMissing) { $0.records.remove(at: $0.index("@releaseDomain")) },
        Plant(rule: .nodeDuplicated) { store in store.addNode(owned(store.data, by: store.guest, value: Bytes(utf8: "other"))) },
        Plant(rule: .nodeBeforeParent) { store in
            let home = store.index(store.data)
            store.records.insert(store.records.remove(at: home), at: store.index("/local/domain"))
        },
        Plant(rule: .domainWithoutRing) { $0.addBeforeNodes(.domain(DomainData(domid: 50, features: 2))) },
        Plant(rule: .domainFeatures) { $0.addBeforeNodes(.domain(DomainData(domid: $0.guest, features: 0xFF))) },
        Plant(rule: .ignoredDomainQuotas) { store in
            store.addBeforeNodes(.domain(DomainData(domid: store.guest, features: 2, quotas: [Quota(name: Bytes(utf8: "memory"), value: 9)])))
        },
    ]

    static func plantPending(_ store: inout Store) {
        store.addBeforeNodes(.transaction(Transaction(connectionID: 1, id: 1)))
        store.addNode(Node(path: Bytes(utf8: store.data + "/p"), permissions: [Permission(access: Permission.none, domid: 0)],
                           pending: .init(connectionID: 1, transactionID: 1, access: 2)))
    }

    static let seeds: [UInt64] = [1, 2, 3]

    /// Every rule is planted here or, for a fault of the encoding or framing, in bytes.
    @Test func everyRuleIsPlanted() {
        let planted = Set(Self.plants.map(\.rule)).union(Self.plantedInBytes.keys)
        #expect(Set(Rule.allCases).subtracting(planted).isEmpty, "no plant for \(Set(Rule.allCases).subtracting(planted))")
    }

    /// What writing `records` as `target`'s format without a target does: the bytes and
    /// whether it warned that the daemon would not restore them, or nil where it refused.
    func write(_ records: [Record], for target: TargetProfile) -> (bytes: Bytes, warned: Bool)? {
        let diagnostics = Diagnostics()
        guard let bytes = try? Snapshot(records: records).serializedBytes(as: target.outputFormat, diagnostics: diagnostics) else { return nil }
        return (bytes, diagnostics.entries.contains { $0.message.contains("would not restore") })
    }

    /// `validate --target` of `bytes` in `target`'s format (nil where it cannot be read).
    func validate(_ bytes: Bytes, for target: TargetProfile?, format: String) -> ValidationReport? {
        let adapter = try? FormatRegistry.standard.adapter(named: format)
        return adapter.flatMap { try? Validator.validate(ByteInput(bytes: bytes, name: "out"), adapter: $0, target: target, diagnostics: Diagnostics()) }
    }

    @Test func theGeneratedStoresAreValidEverywhere() throws {
        for seed in Self.seeds {
            let store = Store(seed: seed)
            #expect(Snapshot(records: store.records).validate().findings.isEmpty, "\(Snapshot(records: store.records).validate())")
            for target in TargetProfile.all {
                let written = try #require(write(store.records, for: target), "\(target.name): refused")
                #expect(!written.warned, "\(target.name)")
                let report = try #require(validate(written.bytes, for: target, format: target.format))
                #expect(report.findings.isEmpty, "\(target.name): \(report)")
            }
        }
    }

    @Test(arguments: plants)
    func convertValidateAndShapingAgree(_ plant: Plant) throws {
        for seed in Self.seeds {
            var store = Store(seed: seed)
            plant.edit(&store)
            let snapshot = Snapshot(records: store.records)
            let untargeted = snapshot.validate()
            #expect(untargeted.errorCount == untargeted.errors.count)
            if plant.rule.severity(for: nil) != nil, plant.only == nil {
                #expect(untargeted.findings.contains { $0.rule == plant.rule }, "no target: \(untargeted)")
            }
            for target in TargetProfile.all {
                let inMemory = snapshot.validate(for: target)
                #expect(inMemory.errorCount == inMemory.errors.count, "\(target.name)")
                if plant.rule.severity(for: target) != nil, plant.only?.contains(target.name) ?? true {
                    #expect(inMemory.findings.contains { $0.rule == plant.rule }, "\(target.name): \(inMemory)")
                }
                // Written without a target: a warning exactly when validate of the output fails.
                if let written = write(store.records, for: target) {
                    let report = validate(written.bytes, for: target, format: target.format)
                    #expect(written.warned == (report?.isValid != true),
                            "\(target.name), seed \(seed): warned \(written.warned), validate: \(report.map(\.description) ?? "unreadable")")
                } else {
                    #expect(!inMemory.isValid, "\(target.name), seed \(seed): refused, but validate finds nothing: \(inMemory)")
                }
                // The records as they are: validate fails exactly when writing them warns or fails.
                #expect(inMemory.isValid == (write(store.records, for: target).map { !$0.warned } ?? false),
                        "\(target.name), seed \(seed): \(inMemory)")
                // Shaped for the target (allowing loss), what is written passes validate.
                if let shaped = try? snapshot.shaped(for: target, allowLoss: true, createMissingParents: true, diagnostics: Diagnostics()),
                   let bytes = try? shaped.serializedBytes(as: target.outputFormat, options: WriteOptions(allowLoss: true), diagnostics: Diagnostics()) {
                    let report = validate(bytes, for: target, format: target.format)
                    #expect(report?.isValid == true, "\(target.name), seed \(seed): shaped, but \(report.map(\.description) ?? "unreadable")")
                } else {
                    #expect(plant.rule == .dom0Missing, "\(target.name), seed \(seed): --target refused")
                }
            }
        }
    }

    /// A WATCH_DATA_EXTENDED with a depth in a version-1 stream: no writer makes one (version
    /// 1 cannot hold the depth), validate calls it an error, converting it to version 1 fails.
    @Test func aWatchDepthInVersion1() throws {
        var store = Store(seed: 1)
        store.addBeforeNodes(.watch(Watch(connectionID: 1, path: Bytes(utf8: "/x"), token: Bytes(utf8: "t"), depth: 2)))
        var bytes = try Snapshot(records: store.records).serializedBytes(as: .binary(byteOrder: .little, version: 2), diagnostics: Diagnostics())
        #expect(bytes[8..<12] == [0, 0, 0, 2])
        bytes[11] = 1  // the header's version
        for target in [nil, TargetProfile.xenstored417] {
            let report = try #require(validate(bytes, for: target, format: "binary"))
            #expect(report.errors.contains { $0.rule == .recordOutsideVersion }, "\(report)")
        }
        #expect(write(try Snapshot(bytes: bytes, diagnostics: Diagnostics()).records, for: .xenstored417) == nil)
    }
}
