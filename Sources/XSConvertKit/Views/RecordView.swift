/// A record of the standard layout as it lies in memory — in the input's buffer, or in a buffer
/// a reader decoded a line or an object into — with its fields checked once: they hold exactly
/// what the layout's decoder would read from them without a word (no fault, no warning, no
/// field it would ignore or normalize), within the reader's `ReadLimits` and `RecordRules`.
/// A writer of the same layout rewrites it as it is, without the model; another writer reads
/// its fields. A record that is not so plain goes through the model, which reports what it finds.
///
/// It is lent for the length of one call, and the compiler keeps it from outliving the buffer
/// it views (`~Escapable`, its lifetime copied from the span's).
struct RecordView: ~Escapable {
    let type: RecordType
    /// The order of the integers in `fields`.
    let order: ByteOrder
    /// The record's fields, up to where they end (without `len`'s padding).
    let fields: RawSpan

    /// The types that can be viewed: those whose layout is the same in every stream version and
    /// that stand alone (GLOBAL_DATA may be extended by the record after it, the quota records
    /// and WATCH_DATA_EXTENDED are version 2's).
    static func canView(_ type: RecordType) -> Bool {
        switch type {
        case .connectionData, .watchData, .transactionData, .nodeData: true
        default: false
        }
    }

    /// The view of the record of `type` whose body (as far as its `len`) is `body`, if it is
    /// plain (see above); nil if it needs the model.
    @_lifetime(copy body)
    init?(type: RecordType, order: ByteOrder, body: RawSpan, within limits: ReadLimits) {
        let length: Int? = switch type {
        case .nodeData: NodeDataLayout.plainLength(of: body, order, within: limits)
        case .watchData: WatchDataLayout.plainLength(of: body, order, within: limits)
        case .connectionData: ConnectionDataLayout.plainLength(of: body, order, within: limits)
        case .transactionData: TransactionDataLayout.plainLength(of: body)
        default: nil
        }
        guard let length else { return nil }
        self.type = type
        self.order = order
        fields = body.extracting(0..<length)
    }

    /// The record the view holds, through the model (for a consumer that needs it whole). A
    /// view holds what its layout's decoder reads without a word, so this cannot fail.
    func decoded() -> Record {
        let bytes = fields.withUnsafeBytes { Bytes($0) }
        var reader = FieldReader(body: bytes[...], order: order, bodyOffset: 0, record: type.name, file: "")
        do {
            switch type {
            case .nodeData: return .node(try NodeDataLayout.decode(&reader, diagnostics: Diagnostics()))
            case .watchData: return .watch(try WatchDataLayout.decode(&reader, layout: nil))
            case .connectionData: return .connection(try ConnectionDataLayout.decode(&reader, diagnostics: Diagnostics()))
            case .transactionData: return .transaction(try TransactionDataLayout.decode(&reader))
            default: preconditionFailure("\(type.name) is never viewed")
            }
        } catch {
            preconditionFailure("a \(type.name) view that its decoder refuses: \(error)")
        }
    }

    /// `field` of the entry at `base`.
    @inline(__always)
    func load<T>(_ field: Field<T>, at base: Int = 0) -> T {
        order.load(field, in: fields, at: base)
    }

    /// The fields in `order`, stored at `destination` (room for `fields.byteCount` bytes): the
    /// bytes as they are, then, if the orders differ, each integer of the layout's tables
    /// swapped in place.
    func rewrite(into destination: UnsafeMutableRawPointer, order target: ByteOrder) {
        fields.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        guard target != order else { return }
        switch type {
        case .nodeData: NodeDataLayout.swapIntegers(of: self, in: destination)
        case .watchData: WatchDataLayout.swapIntegers(of: self, in: destination)
        case .connectionData: ConnectionDataLayout.swapIntegers(of: self, in: destination)
        case .transactionData: TransactionDataLayout.swapIntegers(of: self, in: destination)
        default: preconditionFailure("\(type.name) is never viewed")
        }
    }
}
