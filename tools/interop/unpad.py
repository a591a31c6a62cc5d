#!/usr/bin/env python3
"""Writes a copy of a migration stream whose record lengths leave out the padding to 8 bytes
(as the seed's OCaml writer writes them), its bytes otherwise the same: what C xenstored
misreads (it takes the next record header from where `len` ends).

usage: unpad.py HARNESS_TOOLS IN OUT      (HARNESS_TOOLS: the folder of the harness's xsstate.py)
"""
import struct
import sys


def main():
    sys.path.insert(0, sys.argv[1])
    import xsstate
    with open(sys.argv[2], "rb") as f:
        data = bytearray(f.read())
    _, records, _, problems = xsstate.parse(bytes(data))
    if problems:
        raise SystemExit("%s: %s" % (sys.argv[2], "; ".join(problems)))
    changed = 0
    for record in records:
        used = xsstate.decode(record).get("used")
        if record.type != xsstate.T_END and used is not None and used < record.length:
            struct.pack_into("<I", data, record.off + 4, used)
            changed += 1
    with open(sys.argv[3], "wb") as f:
        f.write(data)
    print("%d of %d records" % (changed, len(records)))


if __name__ == "__main__":
    main()
