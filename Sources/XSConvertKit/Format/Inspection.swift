/// A summary of one input, gathered record by record: what `xsconvert inspect` shows.
public struct Inspection: Sendable {
    public var name: String
    public var info: StreamInfo
    /// Bytes of (decoded) input consumed.
    public var size: UInt64 = 0
    public var counts: [Record.Kind: Int] = [:]
    public var connections: [ConnectionSummary] = []
    public var committedNodes = 0
    public var pendingNodes = 0
    public var specialNodes = 0
    public var valueBytes = 0
    /// Records of unknown type, counted by type for the first `unknownTypeLimit` types seen;
    /// `otherUnknownRecords` counts the rest (an input of a million types costs a counter).
    public var unknownTypes: [UInt32: Int] = [:]
    public var otherUnknownRecords = 0
    public static let unknownTypeLimit = 64
    /// The nodes themselves, when asked for (`keepingNodes`).
    public var nodes: [Node] = []
    /// The GLOBAL_DATA record: the fds the restored daemon inherits (its listening socket, the
    /// event-channel device) and oxenstored's DOM_EXC port; nil when the input has none.
    public var global: GlobalData?

    /// A connection without its pending bytes, which are only counted.
    public struct ConnectionSummary: Hashable, Sendable {
        public var id: UInt32
        public var endpoint: Connection.Endpoint
        public var uniqueID: UInt64?
        public var pendingInputBytes: Int
        public var pendingOutputBytes: Int
        public var partialResponseLength: UInt16
        public var watches = 0
    }

    /// Reads `input` to its end with `adapter`; keeps the nodes if asked (for a tree view).
    public init(
        _ input: ByteInput, adapter: any FormatAdapter, options: ReadOptions = .init(), keepingNodes: Bool = false,
        diagnostics: Diagnostics
    ) throws {
        let reader = try adapter.makeReader(input, options: options, diagnostics: diagnostics)
        name = input.name
        info = reader.info
        var connectionIndex: [UInt32: Int] = [:]
        while let record = try reader.next() {
            counts[record.kind, default: 0] += 1
            switch record {
            case .connection(let connection):
                connectionIndex[connection.id] = connections.count
                connections.append(ConnectionSummary(
                    id: connection.id, endpoint: connection.endpoint, uniqueID: connection.uniqueID,
                    pendingInputBytes: connection.pendingInput.count,
                    pendingOutputBytes: connection.pendingOutput.count,
                    partialResponseLength: connection.partialResponseLength))
            case .global(let global):
                self.global = global
            case .watch(let watch):
                if let index = connectionIndex[watch.connectionID] { connections[index].watches += 1 }
            case .node(let node):
                if node.pending != nil { pendingNodes += 1 } else { committedNodes += 1 }
                if node.isSpecial { specialNodes += 1 }
                valueBytes += node.value.count
                if keepingNodes { nodes.append(node) }
            case .unknown(let unknown):
                if unknownTypes[unknown.type] != nil || unknownTypes.count < Self.unknownTypeLimit {
                    unknownTypes[unknown.type, default: 0] += 1
                } else {
                    otherUnknownRecords += 1
                }
            default:
                break
            }
        }
        info = reader.info
        size = input.offset
    }

    public var recordCount: Int { counts.values.reduce(0, +) }
}
