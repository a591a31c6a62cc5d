import PropertyBased
import XSConvertKit

/// Generators of arbitrary snapshots for round-trip properties: every record kind, with
/// awkward bytes (NUL inside values, 0xff, commas, newlines) where the formats allow them.
enum SnapshotGen {
    typealias Gen_<T> = Generator<T, AnySequence<Any>>

    static func letter(from alphabet: String) -> Gen_<UInt8> {
        let bytes = Bytes(utf8: alphabet)
        return Gen<Int>.int(in: 0...(bytes.count - 1)).map { bytes[$0] }.eraseToAny()
    }

    static let bytes: Gen_<Bytes> = Gen<UInt8>.value().array(of: 0...24).eraseToAny()
    /// Non-empty bytes without NUL (tokens, quota names).
    static let text: Gen_<Bytes> = Gen<UInt8>.value(in: 1...255).array(of: 1...12).eraseToAny()
    static let path: Gen_<Bytes> = letter(from: "abcz09-_@").array(of: 1...8).array(of: 0...4)
        .map { (components: [Bytes]) -> Bytes in
            components.isEmpty ? Bytes(utf8: "/") : components.flatMap { [UInt8(ascii: "/")] + $0 }
        }.eraseToAny()
    static let permission: Gen_<Permission> = zip(letter(from: "nrwbx"), Gen<UInt8>.value(in: 0...1), Gen<UInt16>.value())
        .map { (t: (UInt8, UInt8, UInt16)) in Permission(access: t.0, domid: t.2, flags: t.1) }.eraseToAny()
    static let quota: Gen_<Quota> = zip(text, Gen<UInt32>.value())
        .map { (t: (Bytes, UInt32)) in Quota(name: t.0, value: t.1) }.eraseToAny()

    static let global: Gen_<Record> = zip(Gen<Int32>.value(), Gen<Int32>.value())
        .map { (t: (Int32, Int32)) in Record.global(GlobalData(socketFD: t.0, eventChannelFD: t.1)) }.eraseToAny()
    static let ring: Gen_<Connection.Endpoint> = zip(Gen<UInt16>.value(), Gen<UInt16>.value(), Gen<UInt32>.value())
        .map { (t: (UInt16, UInt16, UInt32)) in Connection.Endpoint.ring(.init(domid: t.0, targetDomid: t.1, eventChannel: t.2)) }
        .eraseToAny()
    static let socket: Gen_<Connection.Endpoint> = Gen<Int32>.value().map { Connection.Endpoint.socket(fd: $0) }.eraseToAny()
    static let otherEndpoint: Gen_<Connection.Endpoint> = zip(Gen<UInt16>.value(in: 2...0xFFFF), Gen<UInt8>.value().array(of: 8))
        .map { (t: (UInt16, Bytes)) in Connection.Endpoint.other(type: t.0, spec: t.1) }.eraseToAny()
    static let endpoint: Gen_<Connection.Endpoint> = Gen.oneOf(ring, socket, otherEndpoint).eraseToAny()
    static let connection: Gen_<Record> = zip(
        Gen<UInt32>.value(in: 1...99), endpoint, Gen<UInt64>.value().optional, bytes, bytes, Gen<UInt16>.value(in: 0...24)
    ).map { (t: (UInt32, Connection.Endpoint, UInt64?, Bytes, Bytes, UInt16)) in
        Record.connection(Connection(
            id: t.0, endpoint: t.1, uniqueID: t.2, pendingInput: t.3, pendingOutput: t.4,
            partialResponseLength: min(t.5, UInt16(t.4.count))))
    }.eraseToAny()
    static let watch: Gen_<Record> = zip(Gen<UInt32>.value(in: 1...99), path, text, Gen<UInt16>.value().optional)
        .map { (t: (UInt32, Bytes, Bytes, UInt16?)) in
            Record.watch(Watch(connectionID: t.0, path: t.1, token: t.2, depth: t.3))
        }.eraseToAny()
    static let transaction: Gen_<Record> = zip(Gen<UInt32>.value(in: 1...99), Gen<UInt32>.value())
        .map { (t: (UInt32, UInt32)) in Record.transaction(Transaction(connectionID: t.0, id: t.1)) }.eraseToAny()
    static let pending: Gen_<Node.PendingAccess?> = zip(Gen<UInt32>.value(in: 1...99), Gen<UInt32>.value(), Gen<UInt16>.value(in: 0...3))
        .map { (t: (UInt32, UInt32, UInt16)) in Node.PendingAccess(connectionID: t.0, transactionID: t.1, access: t.2) }
        .optional.eraseToAny()
    static let node: Gen_<Record> = zip(path, bytes, permission.array(of: 1...4), pending)
        .map { (t: (Bytes, Bytes, [Permission], Node.PendingAccess?)) in
            Record.node(Node(path: t.0, value: t.1, permissions: t.2, pending: t.3))
        }.eraseToAny()
    static let globalQuota: Gen_<Record> = zip(quota.array(of: 0...4), quota.array(of: 0...2))
        .map { (t: ([Quota], [Quota])) in Record.globalQuota(GlobalQuota(domainDefaults: t.0, global: t.1)) }.eraseToAny()
    static let domain: Gen_<Record> = zip(Gen<UInt16>.value(), Gen<UInt32>.value(), quota.array(of: 0...4))
        .map { (t: (UInt16, UInt32, [Quota])) in Record.domain(DomainData(domid: t.0, features: t.1, quotas: t.2)) }.eraseToAny()
    static let unknown: Gen_<Record> = zip(Gen<UInt32>.value(in: 9...0xFFFF_FFFF), Gen<UInt8>.value().array(of: 0...3))
        .map { (t: (UInt32, Bytes)) in
            // Bodies whose length is a multiple of 8 read back exactly (a padded len).
            Record.unknown(UnknownRecord(type: t.0, body: t.1.flatMap { Bytes(repeating: $0, count: 8) }))
        }.eraseToAny()

    static let record: Gen_<Record> = Gen.oneOf(
        global, connection, watch, transaction, node, globalQuota, domain, unknown
    ).eraseToAny()

    static let snapshot: Gen_<Snapshot> = record.array(of: 0...20).map { Snapshot(records: $0) }.eraseToAny()

    // MARK: - Anything the model allows

    /// Bytes without NUL, empty included: any path, token or quota name `RecordRules` allows.
    static let anyText: Gen_<Bytes> = Gen<UInt8>.value(in: 1...255).array(of: 0...12).eraseToAny()
    /// A valid path, a special node, or any text.
    static let anyPath: Gen_<Bytes> = Gen.oneOf(
        path, letter(from: "ab").array(of: 1...3).map { Bytes(utf8: "@") + $0 }.eraseToAny(), anyText
    ).eraseToAny()
    /// Any letter and flags, the flags most often 0 or stale (the forms that spell a
    /// permission as a short string in JSON and a letter in the text).
    static let anyPermission: Gen_<Permission> = zip(
        Gen<UInt8>.value(), Gen.oneOf(Gen<UInt8>.value(in: 0...1).eraseToAny(), Gen<UInt8>.value(in: 0...1).eraseToAny(), Gen<UInt8>.value().eraseToAny()),
        Gen<UInt16>.value()
    ).map { (t: (UInt8, UInt8, UInt16)) in Permission(access: t.0, domid: t.2, flags: t.1) }.eraseToAny()
    static let anyQuota: Gen_<Quota> = zip(anyText, Gen<UInt32>.value())
        .map { (t: (Bytes, UInt32)) in Quota(name: t.0, value: t.1) }.eraseToAny()

    static let anyGlobal: Gen_<Record> = zip(Gen<Int32>.value(), Gen<Int32>.value().optional, Gen<UInt32>.value().optional)
        .map { (t: (Int32, Int32?, UInt32?)) in Record.global(GlobalData(socketFD: t.0, eventChannelFD: t.1, domExcPort: t.2)) }.eraseToAny()
    static let anyRing: Gen_<Connection.Endpoint> = zip(
        Gen<UInt16>.value(), Gen<UInt16>.value(), Gen<UInt32>.value().optional, Gen<Int64>.value().optional, Gen<UInt32>.value().optional
    ).map { (t: (UInt16, UInt16, UInt32?, Int64?, UInt32?)) in
        Connection.Endpoint.ring(.init(domid: t.0, targetDomid: t.1, eventChannel: t.2, mfn: t.3, remotePort: t.4))
    }.eraseToAny()
    static let anyConnection: Gen_<Record> = zip(
        Gen<UInt32>.value(in: 0...99), Gen.oneOf(anyRing, socket, otherEndpoint), Gen<UInt64>.value().optional, bytes, bytes,
        Gen<UInt16>.value(in: 0...24)
    ).map { (t: (UInt32, Connection.Endpoint, UInt64?, Bytes, Bytes, UInt16)) in
        Record.connection(Connection(
            id: t.0, endpoint: t.1, uniqueID: t.2, pendingInput: t.3, pendingOutput: t.4,
            partialResponseLength: min(t.5, UInt16(t.4.count))))
    }.eraseToAny()
    static let anyWatch: Gen_<Record> = zip(Gen<UInt32>.value(in: 0...99), anyPath, anyText, Gen<UInt16>.value().optional)
        .map { (t: (UInt32, Bytes, Bytes, UInt16?)) in
            Record.watch(Watch(connectionID: t.0, path: t.1, token: t.2, depth: t.3))
        }.eraseToAny()
    static let anyNode: Gen_<Record> = zip(anyPath, bytes, anyPermission.array(of: 0...4), pending)
        .map { (t: (Bytes, Bytes, [Permission], Node.PendingAccess?)) in
            Record.node(Node(path: t.0, value: t.1, permissions: t.2, pending: t.3))
        }.eraseToAny()
    static let anyGlobalQuota: Gen_<Record> = zip(anyQuota.array(of: 0...3), anyQuota.array(of: 0...2))
        .map { (t: ([Quota], [Quota])) in Record.globalQuota(GlobalQuota(domainDefaults: t.0, global: t.1)) }.eraseToAny()
    static let anyDomain: Gen_<Record> = zip(Gen<UInt16>.value(), Gen<UInt32>.value(), anyQuota.array(of: 0...3))
        .map { (t: (UInt16, UInt32, [Quota])) in Record.domain(DomainData(domid: t.0, features: t.1, quotas: t.2)) }.eraseToAny()
    /// A type no layout defines, and a body of any length.
    static let anyUnknown: Gen_<Record> = zip(Gen<UInt32>.value(in: 9...0x7873_6300), Gen<UInt8>.value().array(of: 0...20))
        .map { (t: (UInt32, Bytes)) in Record.unknown(UnknownRecord(type: t.0, body: t.1)) }.eraseToAny()

    /// Every record `RecordRules` allows, with the awkward bytes each field may hold: paths
    /// and tokens of any byte but NUL, any permission letter and flags, conn-id 0, fields one
    /// format has and another lacks.
    static let anyRecord: Gen_<Record> = Gen.oneOf(
        anyGlobal, anyConnection, anyWatch, transaction, anyNode, anyNode, anyNode, anyGlobalQuota, anyDomain, anyUnknown
    ).eraseToAny()

    static let anySnapshot: Gen_<Snapshot> = anyRecord.array(of: 0...16).map { Snapshot(records: $0) }.eraseToAny()
}
