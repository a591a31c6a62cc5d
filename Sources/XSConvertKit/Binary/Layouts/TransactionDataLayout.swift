/// TRANSACTION_DATA (type 4), body 8: `conn-id u32, tx-id u32`.
enum TransactionDataLayout {
    static let connectionID = Field<UInt32>(0, "conn-id")
    static let transactionID = Field<UInt32>(4, "tx-id")
    static func fields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(connectionID)
        visitor.visit(transactionID)
    }
    static var size: Int { transactionID.end }

    static func decode(_ fields: inout FieldReader) throws -> Transaction {
        let connection = try fields.read(connectionID)
        let id = try fields.read(transactionID)
        return Transaction(connectionID: connection, id: id)
    }

    static func encode(_ transaction: Transaction, into fields: inout FieldWriter) {
        fields.write(connectionID, transaction.connectionID)
        fields.write(transactionID, transaction.id)
    }

    /// The length of the fields of `body` if they are plain (`RecordView`): they fit.
    static func plainLength(of body: borrowing RawSpan) -> Int? {
        body.byteCount >= size && RecordFrames.canBePadding(body.byteCount - size) ? size : nil
    }

    /// Rewrites a viewed record's integers at `pointer` in the other byte order (`RecordView.rewrite`).
    static func swapIntegers(of view: borrowing RecordView, in pointer: UnsafeMutableRawPointer) {
        ByteSwap.apply(fields, in: pointer)
    }
}
