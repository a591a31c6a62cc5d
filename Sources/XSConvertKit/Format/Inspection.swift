/// A summary of one input, gathered record by record: what `xsconvert inspect` shows.
public struct Inspection: Sendable {
    /// The input's name (its path, or `<stdin>`).
    public var name: String
    /// How the input is encoded.
    public var info: StreamInfo
    /// Bytes of (decoded) input consumed.
    public var size: UInt64 = 0
    /// How many records of each kind.
    public var counts: [Record.Kind: Int] = [:]
    /// The connections, in record order.
    public var connections: [ConnectionSummary] = []
    /// How many committed nodes.
    public var committedNodes = 0
    /// How many nodes are pending in transactions.
    public var pendingNodes = 0
    /// How many special nodes (`@introduceDomain`, `@releaseDomain`).
    public var specialNodes = 0
    /// The bytes of all node values.
    public var valueBytes = 0
    /// Records of unknown type, counted by type for the first `unknownTypeLimit` types seen;
    /// `otherUnknownRecords` counts the rest (an input of a million types costs a counter).
    public var unknownTypes: [UInt32: Int] = [:]
    /// Records of unknown types beyond the first `unknownTypeLimit` types.
    public var otherUnknownRecords = 0
    /// How many unknown types are counted apart.
    public static let unknownTypeLimit = 64
    /// The nodes themselves, when asked for (`keepingNodes`).
    public var nodes: [Node] = []
    /// The GLOBAL_DATA record: the fds the restored daemon inherits (its listening socket, the
    /// event-channel device) and oxenstored's DOM_EXC port; nil when the input has none.
    public var global: GlobalData?

    /// A connection without its pending bytes, which are only counted.
    public struct ConnectionSummary: Hashable, Sendable {
        /// The connection's id.
        public var id: UInt32
        /// What it is: a ring, a socket, or a reserved type.
        public var endpoint: Connection.Endpoint
        /// The daemon's unique id of it (version 2), if recorded.
        public var uniqueID: UInt64?
        /// Bytes read from the client and not processed yet.
        public var pendingInputBytes: Int
        /// Bytes not yet written to the client.
        public var pendingOutputBytes: Int
        /// How many of those finish a response already partly written.
        public var partialResponseLength: UInt16
        /// How many watches it holds.
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

    /// How many records in all.
    public var recordCount: Int { counts.values.reduce(0, +) }
}
