#!/usr/bin/env python3
"""Compares two migration streams record by record, as the state a C xenstored holds after
restoring them: each domain's ring connection (target domain, event-channel port, unique-id,
pending data) and its watches (path, token, depth), every node (value, permissions), the
special nodes, each domain's features and quotas, the global quota. Records are decoded by
the restore harness's own decoder (its tools/xsstate.py), not by xsconvert.

What a restore by the harness cannot keep is left out of both sides: socket connections and
their watches (the harness hands the daemon sockets whose clients are gone) and GLOBAL_DATA's
fd numbers (the harness chooses them). Order is compared where C's restore keeps it: the
connections, each connection's watches, and the nodes (pre-order as C walks its tree).

usage: c-state.py HARNESS_TOOLS A B [--restored] [--a-writer 4.22.0] [--b-writer 4.22.0]
  --restored: B is what the daemon wrote after restoring A, which holds what A says plus what
  the daemon makes up where A says nothing: a unique-id where A has none (0), DOMAIN_DATA for
  a domain A has none for, quotas where A has none, GLOBAL_QUOTA_DATA where A has none; it
  also marks stale the permissions of domains it does not know (A has no ring connection for
  them), and delivers part of a ring's pending output (B's is then a tail of A's, B's input a
  tail of A's). Each such difference is accepted and summed up in one line.
  --X-writer 4.22.0: X was written by C xenstored 4.22.0, whose WATCH_DATA_EXTENDED records
  have no depth field and a len 4 bytes too long (before padding): read them that way.
Prints the differences, one per line; exits 0 when there are none, 1 otherwise.
"""
import argparse
import sys

DOMID_INVALID = 0x7FF4


def state(xsstate, path, writer):
    with open(path, "rb") as f:
        data = f.read()
    _, records, _, problems = xsstate.parse(data, "<", watch_ext_8=writer == "4.22.0")
    if problems and not (writer == "4.22.0" and all("WATCH_EXT" in p for p in problems)):
        raise SystemExit("%s: %s" % (path, "; ".join(problems)))
    rings, sockets = {}, set()
    view = {"rings": [], "watches": {}, "nodes": [], "special": {}, "domains": {},
            "global quota": None}
    for record in records:
        d = xsstate.decode(record)
        if "error" in d:
            raise SystemExit("%s: record at %d: %s" % (path, record.off, d["error"]))
        if record.type == xsstate.T_CONN and d["conn_type"] == 0:
            rings[d["conn_id"]] = d["domid"]
            view["rings"].append((d["domid"], {
                "target": "none" if d["tdomid"] == DOMID_INVALID else d["tdomid"],
                "port": d["evtchn"], "unique-id": d.get("unique_id"),
                "input": d["data_in"].hex(), "output": d["data_out"].hex(),
                "response bytes": d["data_resp_len"]}))
        elif record.type == xsstate.T_CONN:
            sockets.add(d["conn_id"])
        elif record.type in (xsstate.T_WATCH, xsstate.T_WATCH_EXT):
            if d["conn_id"] in sockets:
                continue
            if record.type == xsstate.T_WATCH_EXT and writer == "4.22.0":
                watch = (d["w422_path"], d["w422_token"], "not written")
            elif record.type == xsstate.T_WATCH_EXT:
                # the layout the real 4.22 reads: depth at 8, the strings at 10
                body = record.body
                pl, tl = d["path_len"], d["token_len"]
                watch = (body[10:10 + pl], body[10 + pl:10 + pl + tl], d["depth"])
            else:
                watch = (d["path"], d["token"], None)
            domid = rings.get(d["conn_id"], "conn-id %d" % d["conn_id"])
            view["watches"].setdefault(domid, []).append(watch)
        elif record.type == xsstate.T_NODE:
            node = (d["path"], d["data"], xsstate.perm_str(d["perms"]))
            if d["path"].startswith(b"@"):
                view["special"][d["path"]] = node[1:]
            else:
                view["nodes"].append(node)
            if d["conn_id"] or d["ta_id"]:
                raise SystemExit("%s: node %r is pending in a transaction" % (path, d["path"]))
        elif record.type == xsstate.T_DOMAIN:
            view["domains"][d["domid"]] = {"features": hex(d["features"]),
                                          "quotas": dict(d["quota"])}
        elif record.type == xsstate.T_GLB_QUOTA:
            view["global quota"] = dict(d["quota"])
    return view


def show(value):
    if isinstance(value, bytes):
        return value.decode("latin-1").encode("unicode_escape").decode()
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    return str(value)


def restored_by_daemon(a, b):
    """B with what the daemon made up where A says nothing put back as A has it; and what was
    put back, summed up."""
    filled = {}
    def note(what):
        filled[what] = filled.get(what, 0) + 1
    rings_a = dict(a["rings"])
    rings = []
    for domid, ring in b["rings"]:
        ring = dict(ring)
        if domid in rings_a:
            mine = rings_a[domid]
            if not mine["unique-id"] and ring["unique-id"]:
                ring["unique-id"] = mine["unique-id"]
                note("unique-ids")
            if (ring["output"], ring["input"]) != (mine["output"], mine["input"]) and \
                    mine["output"].endswith(ring["output"]) and mine["input"].endswith(ring["input"]):
                for field in ("output", "input", "response bytes"):
                    ring[field] = mine[field]
                note("pending data delivered")
        rings.append((domid, ring))
    domains = {}
    for domid, domain in b["domains"].items():
        mine = a["domains"].get(domid)
        if mine is None and domid in rings_a:
            note("DOMAIN_DATA with the daemon's defaults")
            continue
        if mine is not None and not mine["quotas"] and domain["quotas"]:
            domain = dict(domain, quotas={})
            note("domain quotas")
        domains[domid] = domain
    quota = b["global quota"]
    if a["global quota"] is None and quota is not None:
        quota = None
        note("GLOBAL_QUOTA_DATA")

    def unmarked(perms, others):
        """perms (as "n0,r5!") without the stale marks A lacks on domains A has no ring for."""
        mine = others.split(",")
        out = []
        for i, perm in enumerate(perms.split(",")):
            if perm.endswith("!") and i < len(mine) and mine[i] == perm[:-1] and int(perm[1:-1]) not in rings_a:
                note("stale marks on permissions of domains without a ring")
                perm = perm[:-1]
            out.append(perm)
        return ",".join(out)
    nodes_a = {n[0]: n for n in a["nodes"]}
    nodes = [(path, value, unmarked(perms, nodes_a[path][2])) if path in nodes_a else (path, value, perms)
             for path, value, perms in b["nodes"]]
    special = {name: (value, unmarked(perms, a["special"][name][1])) if name in a["special"] else (value, perms)
               for name, (value, perms) in b["special"].items()}
    b = dict(b, rings=rings, domains=domains, nodes=nodes, special=special)
    b["global quota"] = quota
    return b, filled


def compare(a, b):
    out = []
    ra, rb = dict(a["rings"]), dict(b["rings"])
    for domid in sorted(set(ra) | set(rb)):
        if domid not in rb:
            out.append("ring connection of dom%d only in A" % domid)
        elif domid not in ra:
            out.append("ring connection of dom%d only in B" % domid)
        else:
            for field in ra[domid]:
                if ra[domid][field] != rb[domid][field]:
                    out.append("dom%d's ring connection: %s %s in A, %s in B"
                               % (domid, field, show(ra[domid][field]), show(rb[domid][field])))
    if not out and [d for d, _ in a["rings"]] != [d for d, _ in b["rings"]]:
        out.append("ring connections in another order: A %s, B %s"
                   % ([d for d, _ in a["rings"]], [d for d, _ in b["rings"]]))
    for owner in sorted(set(a["watches"]) | set(b["watches"]), key=str):
        wa, wb = a["watches"].get(owner, []), b["watches"].get(owner, [])
        if wa != wb:
            out.append("watches of dom%s: A %s, B %s" % (owner, show(tuple(wa)), show(tuple(wb))))
    na, nb = {n[0]: n[1:] for n in a["nodes"]}, {n[0]: n[1:] for n in b["nodes"]}
    for path in [n[0] for n in a["nodes"]] + [n[0] for n in b["nodes"] if n[0] not in na]:
        if path not in nb:
            out.append("node %s only in A" % show(path))
        elif path not in na:
            out.append("node %s only in B" % show(path))
        elif na[path] != nb[path]:
            out.append("node %s: A %s, B %s" % (show(path), show(na[path]), show(nb[path])))
    if na == nb and [n[0] for n in a["nodes"]] != [n[0] for n in b["nodes"]]:
        first = next(i for i, (x, y) in enumerate(zip(a["nodes"], b["nodes"])) if x[0] != y[0])
        out.append("nodes in another order, from #%d: A %s, B %s"
                   % (first, show(a["nodes"][first][0]), show(b["nodes"][first][0])))
    for name in sorted(set(a["special"]) | set(b["special"])):
        if a["special"].get(name) != b["special"].get(name):
            out.append("special node %s: A %s, B %s" % (show(name), show(a["special"].get(name)),
                                                       show(b["special"].get(name))))
    for domid in sorted(set(a["domains"]) | set(b["domains"])):
        da, db = a["domains"].get(domid), b["domains"].get(domid)
        if da != db:
            out.append("DOMAIN_DATA of dom%d: A %s, B %s" % (domid, da, db))
    if a["global quota"] != b["global quota"]:
        out.append("GLOBAL_QUOTA_DATA: A %s, B %s" % (a["global quota"], b["global quota"]))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("harness_tools")
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--restored", action="store_true")
    parser.add_argument("--a-writer")
    parser.add_argument("--b-writer")
    args = parser.parse_args()
    sys.path.insert(0, args.harness_tools)
    import xsstate
    a, b = state(xsstate, args.a, args.a_writer), state(xsstate, args.b, args.b_writer)
    filled = {}
    if args.restored:
        b, filled = restored_by_daemon(a, b)
    differences = compare(a, b)
    for line in differences:
        print(line)
    if filled and not differences:
        print("the daemon's own: " + ", ".join("%s (%d)" % kv for kv in sorted(filled.items())))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
