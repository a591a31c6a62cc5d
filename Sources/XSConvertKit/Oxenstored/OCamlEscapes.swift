/// Undoes OCaml's `String.escaped`, which oxenstored's legacy db and SIGUSR1 dump apply to
/// permissions and values: `\\`, `\"`, `\n`, `\t`, `\r`, `\b`, and `\ddd` (three decimal
/// digits) for every other byte outside 0x20–0x7E. `\'` and `\xHH`, which OCaml's lexer
/// also knows, are accepted too.
enum OCamlEscapes {
    static func unescape(_ text: ArraySlice<UInt8>) -> Result<Bytes, EscapeProblem> {
        var bytes = Bytes()
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            let start = index - 1 - text.startIndex
            guard index < text.endIndex else { return .failure(EscapeProblem(offset: start, "a lone \\ ends the text")) }
            let code = text[index]
            index += 1
            switch code {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): bytes.append(code)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard index + 1 < text.endIndex,
                      let value = Int(String(decoding: text[(index - 1)...(index + 1)], as: UTF8.self)),
                      text[index...(index + 1)].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                      value <= 255 else {
                    return .failure(EscapeProblem(offset: start, "\\ followed by a digit needs three decimal digits of a byte value (000–255)"))
                }
                bytes.append(UInt8(value))
                index += 2
            case UInt8(ascii: "x"):
                guard index + 1 < text.endIndex, let value = UInt8(String(decoding: text[index...(index + 1)], as: UTF8.self), radix: 16) else {
                    return .failure(EscapeProblem(offset: start, "\\x needs two hex digits"))
                }
                bytes.append(value)
                index += 2
            default:
                return .failure(EscapeProblem(offset: start, "unknown escape \\\([code].excerpt)"))
            }
        }
        return .success(bytes)
    }

    struct EscapeProblem: Error {
        /// 0-based offset of the backslash in the escaped text.
        var offset: Int
        var message: String

        init(offset: Int, _ message: String) {
            self.offset = offset
            self.message = message
        }
    }
}
