/// A reader that can lend its records as views.
protocol RecordViewReader: RecordReader {
    /// Lends the records from the current one on to `take`, one after another, as views, while
    /// they are plain and `take` takes them (it returns false for one it cannot write as it
    /// is); stops before the first that is not, which `next()` then reads into the model, or at
    /// the end. Returns how many records it lent, and how many of them were nodes.
    func lendRecords(to take: (borrowing RecordView) throws -> Bool) throws -> (records: Int, nodes: Int)
}
