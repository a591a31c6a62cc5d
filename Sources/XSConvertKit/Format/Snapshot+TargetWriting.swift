extension Snapshot {
    /// Writes the snapshot to the file at `path` as exactly what `target`'s daemon restores,
    /// as `xsconvert convert --target` does: shaped for it (`shaped(for:…)`), written in its
    /// format (`TargetProfile/outputFormat`), read back and validated for it; the file appears
    /// only when all of that passed. What the daemon cannot hold is refused unless
    /// `allowLoss`; what was made up or dropped is reported to `diagnostics`.
    public func write(
        to path: String, for target: TargetProfile, allowLoss: Bool = false, createMissingParents: Bool = false,
        socketFD: Int32? = nil, compression: OutputCompression? = nil, diagnostics: Diagnostics = Diagnostics()
    ) throws {
        let restorable = try shaped(for: target, allowLoss: allowLoss, createMissingParents: createMissingParents,
                                    socketFD: socketFD, diagnostics: diagnostics)
        let bytes = try restorable.serializedBytes(as: target.outputFormat, options: WriteOptions(allowLoss: allowLoss), diagnostics: diagnostics)
        try TargetShaping.requireValid(bytes, for: target, name: path)
        let output = try Files.createOutput(path, compression: compression)
        try output.write(bytes)
        try output.finish(nodes: restorable.nodes.count)
    }
}
