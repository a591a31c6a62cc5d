#!/usr/bin/env python3
"""Prints the watch events a C xenstored has queued for a guest on its ring page, as
`PATH TOKEN` lines, without consuming them: what that guest would be told.

The page is `struct xenstore_domain_interface` (xen/include/public/io/xs_wire.h): req[1024],
rsp[1024], then req_cons, req_prod, rsp_cons, rsp_prod (u32 each). The responses between
rsp_cons and rsp_prod are xenstore messages (`xsd_sockmsg`: type, req_id, tx_id, len, then
len bytes); XS_WATCH_EVENT (15) carries `PATH\\0TOKEN\\0`.

usage: ring-events.py RING_PAGE_FILE
"""
import struct
import sys

RING_SIZE = 1024
XS_WATCH_EVENT = 15


def main():
    with open(sys.argv[1], "rb") as f:
        page = f.read(4096)
    rsp_cons, rsp_prod = struct.unpack_from("<II", page, 2 * RING_SIZE + 8)
    pending = bytes(page[RING_SIZE + (i % RING_SIZE)] for i in range(rsp_cons, rsp_prod))
    while len(pending) >= 16:
        kind, _, _, length = struct.unpack_from("<IIII", pending)
        body, pending = pending[16:16 + length], pending[16 + length:]
        if kind == XS_WATCH_EVENT:
            path, token = body.split(b"\0")[:2]
            print(path.decode("latin-1"), token.decode("latin-1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
