/// Inputs that read without error but hold what a daemon refuses, crashes on or misapplies
/// (issue 18 item 2: each was found writing, for xenstored-4.17, output that its own validate
/// refused). `convert --target` must shape each with a reported change, or refuse it, and what
/// it writes must pass `validate --target` for the same daemon (`TargetAgreementTests`).
public struct TargetFault: Sendable, CustomStringConvertible {
    public let name: String
    /// `--from`, if the format is named rather than detected.
    public let from: String?
    public let bytes: [UInt8]

    public var description: String { name }

    init(_ name: String, from: String? = nil, _ bytes: [UInt8]) {
        self.name = name
        self.from = from
        self.bytes = bytes
    }

    /// A small store for C and oxenstored alike (GLOBAL_DATA, dom0's and dom1's rings, the root
    /// and the special nodes), with `records` (JSON record objects) added.
    static func document(_ records: [String]) -> [UInt8] {
        let base = [
            #"{"kind":"global","socketFD":3,"eventChannelFD":6}"#,
            #"{"kind":"connection","id":1,"type":"ring","domid":0,"eventChannel":2}"#,
            #"{"kind":"connection","id":2,"type":"ring","domid":1,"eventChannel":3}"#,
            #"{"kind":"node","path":"/","value":"","permissions":["n0"]}"#,
            #"{"kind":"node","path":"/local","value":"","permissions":["n0"]}"#,
            #"{"kind":"node","path":"@releaseDomain","value":"","permissions":["n0"]}"#,
            #"{"kind":"node","path":"@introduceDomain","value":"","permissions":["n0"]}"#,
        ]
        return Array(#"{"format":"xsconvert-snapshot","version":1,"records":["#.utf8) + Array((base + records).joined(separator: ",").utf8) + Array("]}".utf8)
    }

    static func node(_ path: String, value: String = "", permissions: String = #""n0""#) -> String {
        #"{"kind":"node","path":"\#(path)","value":"\#(value)","permissions":[\#(permissions)]}"#
    }

    static func hex(_ text: String) -> String { text.utf8.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    public static let all: [TargetFault] = [
        .init("relative node path", document([node("local/x")])),
        .init("node without permissions", document([node("/local/x", permissions: "")])),
        // oxenstored restores it (a node of its own, child of /), C aborts: dom5 has no ring.
        .init("special node in C's spelling owned by a domain without a connection", from: "oxenstored", Array("""
            $xenstored-dump-format
            global,3
            dom,0,1,1,2
            store,\(hex("/")),\(hex("n0")),
            store,\(hex("@releaseDomain")),\(hex("r5")),

            """.utf8)),
        .init("conn-id 0", document([#"{"kind":"connection","id":0,"type":"socket","fd":7}"#,
                                     #"{"kind":"watch","connection":0,"path":"/local","token":"t"}"#])),
        .init("conn-id twice", document([#"{"kind":"connection","id":2,"type":"socket","fd":7}"#,
                                         #"{"kind":"watch","connection":2,"path":"/local","token":"t"}"#])),
        .init("node twice, with other content", document([node("/local/x", value: "1"), node("/local/x", value: "2")])),
        .init("node twice, the same", document([node("/local/x", value: "1"), node("/local/x", value: "1")])),
        .init("path character outside xenstore's", document([node("/local/a b")])),
        .init("path with //", document([node("/local//x")])),
        .init("path ending in /", document([node("/local/x/")])),
        .init("path over 3072 bytes", document([node("/local/" + String(repeating: "p", count: 3100))])),
        .init("value over 4096 bytes", document([node("/local/x", value: String(repeating: "v", count: 5000))])),
        .init("permission for domid 0xffff", document([node("/local/x", permissions: #""n0","r65535""#)])),
        .init("owner domid 0xffff", document([node("/local/x", permissions: #""n65535""#)])),
        .init("ring of domid 0xffff", document([#"{"kind":"connection","id":3,"type":"ring","domid":65535,"eventChannel":4}"#,
                                                #"{"kind":"watch","connection":3,"path":"/local","token":"t"}"#])),
        .init("permission letter x", document([node("/local/x", permissions: #""n0","x1""#)])),
        .init("watch path with //", document([#"{"kind":"watch","connection":2,"path":"/local//x","token":"t"}"#])),
        .init("owner without a connection", document([node("/local/x", permissions: #""n9""#)])),
        .init("DOMAIN_DATA of a domain without a connection", document([#"{"kind":"domain","domid":5,"features":2,"quotas":[]}"#])),
    ]
}
