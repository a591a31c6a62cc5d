import PropertyBased
import Testing
@testable import XSConvertKit

/// Each kind of text-dump line, parsed and printed, against lines written by hand from
/// FORMATS.md §2; and every way a line can be malformed.
@Suite struct DumpLineTests {
    func parsed(_ text: String) -> DumpLine.Parsed { DumpLine.parse(Bytes(utf8: text)[...]) }

    func line(_ text: String) -> (DumpLine, [DumpLine.Remark])? {
        if case .line(let line, let remarks) = parsed(text) { return (line, remarks) }
        return nil
    }

    func skipReason(_ text: String) -> String? {
        if case .skipped(let reason) = parsed(text) { return reason }
        return nil
    }

    func printed(_ line: DumpLine) -> String {
        var bytes = Bytes()
        line.encode(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func globalLine() {
        #expect(line("global,3")?.0 == .global(socketFD: 3))
        #expect(line("global,-1")?.0 == .global(socketFD: -1))
        #expect(printed(.global(socketFD: -1)) == "global,-1\n")
        // Extra fields (a read-only socket of old versions) are ignored, with a note.
        let extra = line("global,3,4")
        #expect(extra?.0 == .global(socketFD: 3))
        #expect(extra?.1.count == 1 && extra?.1.first?.refusedWhenStrict == false)
    }

    @Test func eventChannelDeviceLine() {
        #expect(line("evtchn-dev,5,1")?.0 == .eventChannelDevice(fd: 5, domExcPort: 1))
        #expect(printed(.eventChannelDevice(fd: 5, domExcPort: 1)) == "evtchn-dev,5,1\n")
    }

    @Test func socketLine() {
        #expect(line("socket,9")?.0 == .socket(fd: 9))
        #expect(printed(.socket(fd: 9)) == "socket,9\n")
    }

    @Test func domLineWithAndWithoutLocalPort() {
        let full = DumpLine.domain(.init(domid: 7, mfn: 68_719_476_735, remotePort: 4, localPort: 5))
        #expect(line("dom,7,68719476735,4,5")?.0 == full)
        #expect(printed(full) == "dom,7,68719476735,4,5\n")
        let old = DumpLine.domain(.init(domid: 2, mfn: -1, remotePort: 3, localPort: nil))
        #expect(line("dom,2,-1,3")?.0 == old)
        #expect(printed(old) == "dom,2,-1,3\n")
        #expect(line("dom,2,1,3,4,99")?.1.first?.refusedWhenStrict == false)
    }

    @Test func watchLine() {
        // wpath "/a", token "t,\n"
        let watch = DumpLine.watch(.init(owner: -8, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t,\n")))
        #expect(line("watch,-8,2f61,742c0a")?.0 == watch)
        #expect(printed(watch) == "watch,-8,2f61,742c0a\n")
        // The xapi fork's depth: read, but oxenstored 4.17 would skip it.
        let deep = line("watch,0,2f61,74,3")
        #expect(deep?.0 == .watch(.init(owner: 0, path: Bytes(utf8: "/a"), token: Bytes(utf8: "t"), depth: 3)))
        #expect(deep?.1.first?.refusedWhenStrict == true)
    }

    @Test func storeLine() {
        // path "/a", perms "n0\0r1", value "hi"
        let store = DumpLine.store(.init(
            path: Bytes(utf8: "/a"),
            permissions: [Permission(access: Permission.none, domid: 0), Permission(access: Permission.read, domid: 1)],
            value: Bytes(utf8: "hi")))
        #expect(line("store,2f61,6e30007231,6869")?.0 == store)
        #expect(printed(store) == "store,2f61,6e30007231,6869\n")
        #expect(line("store,2f,6e30,")?.0 == .store(.init(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 0)], value: [])))
    }

    @Test func storeLineSpelledTheCWayLandsUnderTheRoot() {
        // "@releaseDomain"
        guard case .store(let store)? = line("store,4072656c65617365446f6d61696e,6e30,")?.0 else {
            Issue.record("not a store line"); return
        }
        #expect(store.path == Bytes(utf8: "/@releaseDomain"))
    }

    @Test func hexIsReadInEitherCaseAndWrittenLowercase() {
        let upper = line("store,2F61,6E30,FF")?.0
        #expect(upper == .store(.init(path: Bytes(utf8: "/a"), permissions: [Permission(access: Permission.none, domid: 0)], value: [0xFF])))
        #expect(upper.map(printed) == "store,2f61,6e30,ff\n")
    }

    @Test func oddLengthHexDropsItsLastDigitAndStrictRefusesIt() {
        let odd = line("store,2f61,6e30,6869f")
        guard case .store(let store)? = odd?.0 else { Issue.record("not read"); return }
        #expect(store.value == Bytes(utf8: "hi"))
        #expect(odd?.1.count == 1 && odd?.1.first?.refusedWhenStrict == true)
        #expect(line("store,2f61,6e30,6869\r")?.1.first?.message.contains("CRLF") == true)
    }

    @Test(arguments: [
        ("global", "fields"), ("evtchn-dev,5", "fields"), ("evtchn-dev,5,1,2", "fields"),
        ("socket", "fields"), ("socket,1,2", "fields"), ("dom,1,2", "fields"),
        ("watch,0,2f", "fields"), ("watch,0,2f,74,1,2", "fields"),
        ("store,2f,6e30", "fields"), ("store,2f,6e30,,00", "fields"),
    ])
    func wrongFieldCountsAreSkipped(_ text: String, _ expected: String) {
        #expect(skipReason(text)?.contains(expected) == true, "\(text): \(String(describing: skipReason(text)))")
    }

    @Test(arguments: ["store,2g,6e30,", "store,2f,6e3z,", "store,2f,6e30,0x", "watch,0,2f,7 "])
    func nonHexDigitsAreSkipped(_ text: String) {
        #expect(skipReason(text)?.contains("not a hex digit") == true)
    }

    @Test(arguments: [
        ("store,2f61,,", "empty"),                  // no permissions
        ("store,2f61,6e3000,", "empty"),            // trailing NUL
        ("store,2f61,6e30000072,", "empty"),        // empty entry in the middle
        ("store,2f61,7830,", "letter"),             // x0
        ("store,2f61,6e,", "numeric domid"),        // n without a domid
        ("store,2f61,6e3161,", "numeric domid"),    // n1a
        ("store,2f61,6e3730303030,", "outside"),    // n70000
    ])
    func badPermissionStringsAreSkipped(_ text: String, _ expected: String) {
        #expect(skipReason(text)?.contains(expected) == true, "\(text): \(String(describing: skipReason(text)))")
    }

    @Test(arguments: [
        ("global,abc", "not a number"), ("global,3\r", "not a number"), ("socket,", "not a number"),
        ("evtchn-dev,5,-1", "out of range"), ("dom,70000,1,2,3", "out of range"), ("dom,-1,1,2,3", "out of range"),
        ("dom,1,x,2,3", "not a number"), ("dom,1,1,2,3x", "not a number"), ("global,99999999999", "out of range"),
        ("watch,zz,2f,74", "not a number"), ("watch,0,2f,74,-1", "not a number ≥ 0"),
    ])
    func badNumbersAreSkipped(_ text: String, _ expected: String) {
        #expect(skipReason(text)?.contains(expected) == true, "\(text): \(String(describing: skipReason(text)))")
    }

    @Test(arguments: [
        "store,2f612f,6e30,", "store,2f2f61,6e30,", "store,61,6e30,", "store,,6e30,", "store,2f6120,6e30,",
        "store,2f612c62,6e30,",
    ])
    func invalidPathsAreSkipped(_ text: String) {
        #expect(skipReason(text)?.contains("invalid path") == true)
    }

    @Test(arguments: ["", "nonsense", "GLOBAL,3", "store"])
    func unknownKindsAndEmptyLinesAreSkipped(_ text: String) {
        #expect(skipReason(text) != nil)
    }

    @Test func valueOverDebiansQuotaIsKeptButStrictRefusesIt() {
        let big = "store,2f61,6e30," + String(repeating: "41", count: 2049)
        guard case .store(let store)? = line(big)?.0 else { Issue.record("not read"); return }
        #expect(store.value.count == 2049)
        #expect(line(big)?.1.first?.refusedWhenStrict == true)
        #expect(line("store,2f61,6e30," + String(repeating: "41", count: 2048))?.1.isEmpty == true)
    }
}

/// Numbers as OCaml's `int_of_string` reads them.
@Suite struct OCamlIntegerTests {
    @Test(arguments: [
        ("0", Int64(0)), ("-1", -1), ("+5", 5), ("0x1f", 31), ("0X1F", 31), ("0o17", 15), ("0b101", 5),
        ("0u12", 12), ("1_000", 1000), ("-0x10", -16),
    ])
    func readsOCamlForms(_ text: String, _ value: Int64) {
        #expect(OCamlInteger.parse(Bytes(utf8: text)[...]) == value)
    }

    @Test(arguments: ["", "-", "_1", "0x", "1a", " 1", "1 ", "0x_", "4611686018427387904"])
    func refusesWhatOCamlRefuses(_ text: String) {
        #expect(OCamlInteger.parse(Bytes(utf8: text)[...]) == nil)
    }

    @Test func rangesFollowTheWidth() {
        #expect(OCamlInteger.parse(Bytes(utf8: "4611686018427387903")[...]) == 4_611_686_018_427_387_903)
        #expect(OCamlInteger.parse(Bytes(utf8: "-4611686018427387904")[...]) == -4_611_686_018_427_387_904)
        #expect(OCamlInteger.parse(Bytes(utf8: "9223372036854775807")[...], bits: 64) == .max)
        #expect(OCamlInteger.parse(Bytes(utf8: "0xffffffffffffffff")[...], bits: 64) == -1)
        #expect(OCamlInteger.parse(Bytes(utf8: "0x7fffffffffffffff")[...]) == -1)
    }
}

/// `DumpLine.plainDomain`, the shortcut for plain `dom` lines, reads each line it takes as
/// `LineParser` does, field by field: the same values and no remarks.
@Suite struct PlainDomainLineTests {
    /// `dom` and then fields of digits (sometimes none, sometimes 19 or 20, a sign, an
    /// underscore or a hex prefix), 1 to 6 of them.
    static let lines: SnapshotGen.Gen_<Bytes> = SnapshotGen.letter(from: "0123456789012345678901234567890123456789-+_x")
        .array(of: 0...20).array(of: 1...6)
        .map { (fields: [Bytes]) -> Bytes in Bytes(utf8: "dom") + fields.flatMap { [UInt8(ascii: ",")] + $0 } }
        .eraseToAny()

    func agrees(_ line: Bytes) -> Bool {
        guard let plain = DumpLine.plainDomain(line[...]) else { return true }
        guard case .line(.domain(let parsed), let remarks) = DumpLine.parseFields(line[...]) else { return false }
        return parsed == plain && remarks.isEmpty
    }

    @Test func readsWhatItTakesAsTheFieldParserDoes() async {
        await propertyCheck(count: 2000, input: Self.lines) { line in
            #expect(agrees(line), "\(line.escapedForDisplay)")
        }
    }

    @Test func takesPlainLinesAndLeavesTheRest() {
        func plain(_ text: String) -> DumpLine.DomainLine? { DumpLine.plainDomain(Bytes(utf8: text)[...]) }
        #expect(plain("dom,65535,999999999999999999,4294967295,4294967295")
                == .init(domid: 65535, mfn: 999_999_999_999_999_999, remotePort: 4_294_967_295, localPort: 4_294_967_295))
        #expect(plain("dom,007,0,1") == .init(domid: 7, mfn: 0, remotePort: 1, localPort: nil))
        // Out of range, too long, signed, prefixed, too few or too many fields, empty fields:
        // left to the field parser, which says what it finds.
        for text in ["dom,65536,1,2,3", "dom,1,1,4294967296,3", "dom,1,1,2,4294967296", "dom,1,1000000000000000000,2,3",
                     "dom,1,-1,2,3", "dom,0x1,1,2,3", "dom,1,1_0,2,3", "dom,1,2", "dom,1,2,3,4,5", "dom,1,,2,3", "dom,1,2,3,",
                     "dom,", "dom", "domx,1,2,3", "Dom,1,2,3"] {
            #expect(plain(text) == nil, "\(text)")
            #expect(agrees(Bytes(utf8: text)), "\(text)")
        }
    }
}
