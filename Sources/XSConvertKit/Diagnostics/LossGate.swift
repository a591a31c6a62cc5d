/// A writer's side of loss reporting: records each loss, and once one is recorded without
/// `allowLoss`, tells the writer to stop emitting (the conversion will be refused at
/// `finish()`, after every loss has been listed).
struct LossGate {
    let diagnostics: Diagnostics
    let allowLoss: Bool
    /// Set once output must stop.
    private(set) var suppressed = false

    init(diagnostics: Diagnostics, allowLoss: Bool) {
        self.diagnostics = diagnostics
        self.allowLoss = allowLoss
    }

    mutating func lose(_ category: String, example: @autoclosure () -> String? = nil) {
        diagnostics.lose(category, example: example())
        if !allowLoss { suppressed = true }
    }

    /// Refuses the output with the list of losses, unless loss is allowed.
    func settle(output: String, format: String) throws {
        try diagnostics.settleLosses(allowLoss: allowLoss, output: output, format: format)
    }
}
