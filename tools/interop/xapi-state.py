#!/usr/bin/env python3
"""What an oxenstored text dump holds, record by record, as the xapi fork restores it; and
whether the fork's own redump holds what xsconvert wrote.

  xapi-state.py compare WRITTEN REDUMP   differences, one a line; exit 0 none, 1 some
  xapi-state.py watches WRITTEN          the watches as `xenstore-control watches` shows them
                                         on the fork ("watch DOMn: PATH TOKEN None|Some N", a
                                         socket's "DOMn" as "socket"), sorted

compare: the global line; each connection (`dom` by domid: mfn, remote port; `socket` by fd)
with its watches (path, token, depth), in any order (the fork writes connections in hash-table
order, and a connection's watches in its own); every node (path, permissions, value) once, in
any order (it writes children in descending byte order). What the fork makes itself is left
out: its `evtchn-dev` line (it opens its own handle), the local port of a `dom` line written
without one (it binds the channel afresh), dom0's ports (from its xenstored-port file),
/tool/xenstored's value (its own path; the node and /tool where WRITTEN has none), and socket
connections without watches that WRITTEN does not name (the live-update client's).
"""
import sys


def parse(path):
    state = {"global": None, "evtchn": None, "conns": {}, "nodes": {}, "order": []}
    current = None
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    assert lines[0] == b"$xenstored-dump-format", "%s: not a text dump" % path
    for line in lines[1:]:
        if not line:
            continue
        fields = line.split(b",")
        kind = fields[0]
        if kind == b"global":
            state["global"] = fields[1]
        elif kind == b"evtchn-dev":
            state["evtchn"] = fields[1:]
        elif kind == b"dom":
            current = ("dom", int(fields[1]))
            state["conns"][current] = {"fields": fields[2:], "watches": []}
        elif kind == b"socket":
            current = ("socket", int(fields[1]))
            state["conns"][current] = {"fields": [], "watches": []}
        elif kind == b"watch":
            owner = int(fields[1])
            key = ("socket", -owner) if owner < 0 else ("dom", owner)
            state["conns"][key]["watches"].append(tuple(fields[2:]))
        elif kind == b"store":
            path_hex = fields[1]
            state["nodes"][path_hex] = (fields[2], fields[3])
            state["order"].append(path_hex)
        else:
            raise SystemExit("%s: unknown line %r" % (path, line[:60]))
    return state


TOOL, TOOL_XENSTORED = b"/tool".hex().encode(), b"/tool/xenstored".hex().encode()


def compare(written, redump):
    ours, theirs = parse(written), parse(redump)
    out = []
    if ours["global"] != theirs["global"]:
        out.append("global: wrote %s, redump %s" % (ours["global"], theirs["global"]))
    if ours["evtchn"] is not None:
        out.append("xsconvert wrote an evtchn-dev line, which the fork ignores")
    for key in sorted(set(ours["conns"]) | set(theirs["conns"])):
        a, b = ours["conns"].get(key), theirs["conns"].get(key)
        name = "%s %d" % key
        if a is None:
            if key[0] == "socket" and not b["watches"]:
                continue  # a client of the fork's own (xenstore-control)
            out.append("%s: in the redump only" % name)
            continue
        if b is None:
            out.append("%s: written, not in the redump" % name)
            continue
        fa, fb = a["fields"], b["fields"]
        if key[0] == "dom" and len(fa) == 2:
            fb = fb[:2]  # written without a local port: the fork bound one afresh
        if key == ("dom", 0):
            fa, fb = fa[:1], fb[:1]  # dom0's ports: the fork reads its xenstored-port file
        if fa != fb:
            out.append("%s: wrote %s, redump %s" % (name, b",".join(fa).decode(), b",".join(fb).decode()))
        if sorted(a["watches"]) != sorted(b["watches"]):
            out.append("%s: watches differ: wrote %s, redump %s" % (name, sorted(a["watches"]), sorted(b["watches"])))
    for path in sorted(set(ours["nodes"]) | set(theirs["nodes"])):
        a, b = ours["nodes"].get(path), theirs["nodes"].get(path)
        shown = bytes.fromhex(path.decode()).decode(errors="replace")
        if a is None and path in (TOOL, TOOL_XENSTORED):
            continue  # made by the fork at every start where the dump has none
        if a is None or b is None:
            out.append("node %s: %s" % (shown, "in the redump only" if a is None else "written, not in the redump"))
        elif a != b and not (path == TOOL_XENSTORED and a[0] == b[0]):
            out.append("node %s: wrote %s, redump %s" % (shown, a, b))
    return out


def watches(written):
    state = parse(written)
    lines = []
    for (kind, number), conn in state["conns"].items():
        domstr = "DOM%d" % number if kind == "dom" else "socket"  # the fork: "DOM0 (ANON CONN #N)"
        for w in conn["watches"]:
            depth = "Some %d" % int(w[2]) if len(w) > 2 else "None"
            lines.append("watch %s: %s %s %s" % (domstr, bytes.fromhex(w[0].decode()).decode(errors="replace"),
                                                 bytes.fromhex(w[1].decode()).decode(errors="replace"), depth))
    return sorted(lines)


def main(argv):
    if len(argv) == 4 and argv[1] == "compare":
        diffs = compare(argv[2], argv[3])
        print("\n".join(diffs))
        return 1 if diffs else 0
    if len(argv) == 3 and argv[1] == "watches":
        for line in watches(argv[2]):
            print(line)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
