/// TRANSACTION_DATA (type 4), body 8: `conn-id u32, tx-id u32`.
enum TransactionDataLayout {
    static let connectionID = Field<UInt32>(0, "conn-id")
    static let transactionID = Field<UInt32>(4, "tx-id")
    static let fields = FieldTable(connectionID, transactionID)
    static let size = fields.end

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
        body.byteCount >= size && body.byteCount - size < 8 ? size : nil
    }

    /// The tables of a viewed record's fields (`RecordView.forEachTable`).
    static func forEachTable(of view: borrowing RecordView, _ body: (FieldTable, _ base: Int) -> Void) {
        body(fields, 0)
    }
}
