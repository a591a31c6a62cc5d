/// TRANSACTION_DATA (type 4), body 8: `conn-id u32, tx-id u32`.
enum TransactionDataLayout {
    static func decode(_ fields: inout FieldReader) throws -> Transaction {
        let connection = try fields.u32("conn-id")
        let id = try fields.u32("tx-id")
        return Transaction(connectionID: connection, id: id)
    }

    static func encode(_ transaction: Transaction, into fields: inout FieldWriter) {
        fields.u32(transaction.connectionID)
        fields.u32(transaction.id)
    }
}
