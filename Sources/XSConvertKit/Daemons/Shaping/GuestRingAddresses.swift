/// Where a guest's xenstore ring is, for oxenstored, which maps it by its mfn and binds its
/// event channel from the guest's port. C xenstored's stream records neither (C maps the
/// ring through the guest's reserved grant), but the toolstack keeps both in the store:
/// libxl writes the ring's mfn (a PV guest's machine frame, an HVM guest's pfn: what it gave
/// XS_INTRODUCE) to `/local/domain/N/store/ring-ref` and the guest's port to
/// `/local/domain/N/store/port`.
///
/// A guest ring whose address is in neither place cannot be carried: writing 0 would have
/// oxenstored map page 0 of an HVM guest as its ring. Such a connection is a loss (refused
/// without `--allow-loss`; with it, the connection and its watches are left out). dom0's
/// ring needs neither (oxenstored maps `xenstored-kva` and reads `xenstored-port`).
///
/// The xapi fork maps a guest's ring through its reserved grant and only records the mfn
/// (`OxenstoredDialect.mapsGuestRingsByFrame`): for it the mfn is taken where known and
/// written as 0 otherwise (it is only compared when the toolstack introduces the domain
/// again); the remote port is still needed.
struct GuestRingAddresses {
    private var addresses: [UInt16: (mfn: Int64?, port: UInt32?)] = [:]

    /// Reads the addresses from committed `nodes` (their paths in the model's spelling).
    init(_ nodes: [Node]) {
        for node in nodes {
            if let domid = DomainHome.domain(of: node.path, node: "store/ring-ref") {
                addresses[domid, default: (nil, nil)].mfn = DomainHome.decimal(node.value).flatMap { Int64(exactly: $0) }
            } else if let domid = DomainHome.domain(of: node.path, node: "store/port") {
                addresses[domid, default: (nil, nil)].port = DomainHome.decimal(node.value).flatMap { UInt32(exactly: $0) }
            }
        }
    }

    /// `connection` with its mfn and remote port filled in from the store where it lacks
    /// them, or `nil` (and a loss) when a guest's are not known.
    func addressed(_ connection: Connection, needsFrame: Bool = true, diagnostics: Diagnostics) -> Connection? {
        guard case .ring(var ring) = connection.endpoint, ring.domid != 0,
              ring.mfn == nil || ring.remotePort == nil else { return connection }
        let stored = addresses[ring.domid]
        if !needsFrame, ring.mfn ?? stored?.mfn == nil, let port = ring.remotePort ?? stored?.port {
            diagnostics.synthesized("a guest ring's mfn, known neither in the input nor in /local/domain/N/store/ring-ref: written as 0 (the xapi fork maps the ring by grant)",
                                    example: "dom \(ring.domid)")
            ring.mfn = 0
            ring.remotePort = port
            var addressed = connection
            addressed.endpoint = .ring(ring)
            return addressed
        }
        guard let mfn = ring.mfn ?? stored?.mfn, let port = ring.remotePort ?? stored?.port else {
            let missing = [needsFrame && ring.mfn ?? stored?.mfn == nil ? "mfn (store/ring-ref)" : nil,
                           ring.remotePort ?? stored?.port == nil ? "remote port (store/port)" : nil].compactMap { $0 }
            let why = needsFrame ? "oxenstored would map the wrong page as the ring" : "the xapi fork binds the guest's event channel from the remote port"
            diagnostics.lose(
                "guest ring connection whose \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") in neither the input nor the guest's /local/domain/N/store (\(why); the connection and its watches are left out)",
                example: "dom \(ring.domid)")
            return nil
        }
        diagnostics.synthesized("a guest ring's mfn and remote port, taken from /local/domain/N/store/ring-ref and store/port",
                                example: "dom \(ring.domid): mfn \(mfn), port \(port)")
        ring.mfn = mfn
        ring.remotePort = port
        var addressed = connection
        addressed.endpoint = .ring(ring)
        return addressed
    }
}
