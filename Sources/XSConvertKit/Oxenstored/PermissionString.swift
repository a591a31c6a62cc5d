/// oxenstored's permission string (its `Perms.Node.to_string`): entries `<letter><domid>`
/// (letter `n` `r` `w` `b`, domid decimal), owner first, separated by NUL, no trailing NUL.
/// The text dump stores it hex-encoded, the legacy db OCaml-escaped.
enum PermissionString {
    /// `n0\0r1` for `[n0, r1]`. Stale flags have no place in the string; the caller decides
    /// what to do with stale entries before formatting.
    static func format(_ permissions: [Permission]) -> Bytes {
        var text = Bytes()
        for (index, permission) in permissions.enumerated() {
            if index > 0 { text.append(0) }
            text.append(permission.access)
            text.append(contentsOf: String(permission.domid).utf8)
        }
        return text
    }

    /// Parses the string as oxenstored does, or says why oxenstored would reject it: no
    /// entry, an empty entry (a trailing NUL), a letter other than `n r w b`, or a domid
    /// that is not a number (domids outside 0–65535 are refused here too: xenstore domids
    /// are 16-bit).
    static func parse(_ text: Bytes) -> Result<[Permission], PermissionProblem> {
        var permissions: [Permission] = []
        var start = text.startIndex
        var number = 0
        while start <= text.endIndex {
            let end = text[start...].firstIndex(of: 0) ?? text.endIndex
            let entry = text[start..<end]
            start = end + 1
            number += 1
            guard let letter = entry.first else {
                return .failure(PermissionProblem(text.isEmpty ? "the permission string is empty" : "permission entry \(number) is empty (a stray or trailing NUL)"))
            }
            guard Permission(access: letter, domid: 0).isKnownLetter else {
                return .failure(PermissionProblem("permission entry \(number) '\(Bytes(entry).excerpt)' has the letter '\([letter].excerpt)'; expected n, r, w or b"))
            }
            guard let domid = OCamlInteger.parse(entry.dropFirst()) else {
                return .failure(PermissionProblem("permission entry \(number) '\(Bytes(entry).excerpt)' has no numeric domid after its letter"))
            }
            guard let domid16 = UInt16(exactly: domid) else {
                return .failure(PermissionProblem("permission entry \(number) has domid \(domid), outside 0–65535"))
            }
            permissions.append(Permission(access: letter, domid: domid16))
        }
        return .success(permissions)
    }

    struct PermissionProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
