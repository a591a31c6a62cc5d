/// A writer that can write a record from its view.
protocol RecordViewWriter: RecordWriter {
    /// Whether `view` can be written as it is; if not (another version, another dialect), the
    /// record goes through the model.
    func accepts(_ view: borrowing RecordView) -> Bool
    func write(_ view: borrowing RecordView) throws
}
