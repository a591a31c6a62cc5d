import XSConvertKit

/// libFuzzer's entry point. Every target goes through XSConvertKit's public API only (the
/// registry's adapters, `Converter`, `GzipDecoder`), so it survives a rewrite of any reader's
/// internals. A `ConversionError` is the expected answer to bad input; anything else that
/// escapes is a bug, and a trap (bounds, overflow), a sanitizer report, a timeout or a
/// memory blow-up is what libFuzzer is looking for.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try FuzzTarget.selected.run(bytes)
    } catch is ConversionError {
        // A clean refusal.
    } catch {
        fatalError("\(FuzzTarget.selected.rawValue): not a ConversionError: \(error)")
    }
    return 0
}
