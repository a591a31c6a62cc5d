/// The three layouts of WATCH_DATA_EXTENDED found in the wild (FORMATS.md §1), told apart
/// when reading:
///
/// - `document`: the design document's, strings at 12 after `depth u16, pad u16`;
/// - `noPad`: Xen 4.22's C struct, strings at 10 right after `depth`: what the real 4.22.0
///   reads (and restores correctly), so what `--target xenstored-4.22` writes;
/// - `noDepth`: Xen 4.22.0's writer, which emits only the 8-byte WATCH_DATA fixed part but
///   computes `len` as `ROUNDUP(12 + wpath-len + token-len, 8)`, so `len` can be 8 bytes too
///   long and the stream loses step. Read, never written.
///
/// The layout is the one at whose string offset a valid watch path begins, with each string's
/// NUL exactly at its stated length. A watch whose path has other characters (the model allows
/// any byte but NUL) is read in the document's layout, the one xsconvert writes, when its NULs
/// are in place there.
public enum WatchExtendedLayout: String, CaseIterable, Sendable {
    /// The design document's: connection, depth, two bytes of padding, lengths, strings (xsconvert writes it).
    case document
    /// Without the padding: the strings straight after the depth.
    case noPad
    /// Without the depth field: WATCH_DATA's layout under the extended type.
    case noDepth

    /// The fixed part's fields in each layout written.
    static func documentFields<V: FieldVisitor>(_ visitor: inout V) {
        WatchDataLayout.fixedFields(&visitor)
        visitor.visit(WatchDataLayout.depth)
        visitor.visit(WatchDataLayout.pad)
    }

    static func noPadFields<V: FieldVisitor>(_ visitor: inout V) {
        WatchDataLayout.fixedFields(&visitor)
        visitor.visit(WatchDataLayout.depth)
    }

    /// The places of the fixed part's fields in this layout.
    var fieldSlots: [FieldSlot] {
        switch self {
        case .document: FieldSlots.of(Self.documentFields)
        case .noPad: FieldSlots.of(Self.noPadFields)
        case .noDepth: FieldSlots.of(WatchDataLayout.fixedFields)
        }
    }

    /// Where the strings start: after the fixed part's last field.
    var stringOffset: Int {
        switch self {
        case .document: WatchDataLayout.pad.end
        case .noPad: WatchDataLayout.depth.end
        case .noDepth: WatchDataLayout.fixedSize
        }
    }

    /// The layout in words, for messages.
    public var explanation: String {
        switch self {
        case .document: "the design document's layout"
        case .noPad: "Xen 4.22's reader layout (no pad: strings at offset 10)"
        case .noDepth: "Xen 4.22's writer layout (no depth field: strings at offset 8)"
        }
    }

    /// The layout whose strings fit `body` (the record's bytes after its 8-byte header, as far
    /// as `len` reaches), or `nil` if none does.
    static func detect(body: ArraySlice<UInt8>, order: ByteOrder) -> WatchExtendedLayout? {
        guard let pathLength = order.load(WatchDataLayout.pathLength, in: body).map(Int.init),
              let tokenLength = order.load(WatchDataLayout.tokenLength, in: body).map(Int.init) else { return nil }
        let base = body.startIndex
        guard pathLength >= 1, tokenLength >= 1 else { return nil }
        func fits(_ layout: WatchExtendedLayout, pathCharacters: Bool) -> Bool {
            let pathStart = base + layout.stringOffset
            let tokenStart = pathStart + pathLength
            let end = tokenStart + tokenLength
            guard end <= body.endIndex else { return false }
            let path = body[pathStart..<(tokenStart - 1)]
            return body[tokenStart - 1] == 0 && body[end - 1] == 0
                && !body[tokenStart..<(end - 1)].contains(0)
                && (pathCharacters ? !path.isEmpty && path.allSatisfy(PathRules.isPathByte) : !path.contains(0))
        }
        return allCases.first { fits($0, pathCharacters: true) } ?? (fits(.document, pathCharacters: false) ? .document : nil)
    }

    /// The body length a `noDepth` writer really produced (strings at 8, padded to 8).
    static func actualNoDepthLength(pathLength: Int, tokenLength: Int) -> Int {
        RecordFrames.padded(WatchExtendedLayout.noDepth.stringOffset + pathLength + tokenLength)
    }
}
