#!/usr/bin/env python3
"""XS_INTRODUCE, which Debian's xenstore clients cannot send: a (fake) guest gets a ring
connection. Sent over the daemon's unix socket ($XENSTORED_PATH) in the wire protocol of
xs_wire.h.

usage: xsclient.py introduce DOMID MFN PORT
"""
import os
import socket
import struct
import sys

INTRODUCE, ERROR = 8, 16


def request(kind, *args):
    payload = b"".join(arg.encode() + b"\0" for arg in args)
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(os.environ["XENSTORED_PATH"])
        s.sendall(struct.pack("<IIII", kind, 1, 0, len(payload)) + payload)
        reply = b""
        while len(reply) < 16 or len(reply) < 16 + struct.unpack_from("<I", reply, 12)[0]:
            chunk = s.recv(65536)
            if not chunk:
                sys.exit("xsclient: the daemon closed the connection")
            reply += chunk
    body = reply[16:16 + struct.unpack_from("<I", reply, 12)[0]]
    if struct.unpack_from("<I", reply)[0] == ERROR:
        sys.exit("xsclient: %s" % body.rstrip(b"\0").decode())
    return body


def main(argv):
    if argv[1:2] == ["introduce"] and len(argv) == 5:
        request(INTRODUCE, *argv[2:])
    else:
        sys.exit(__doc__)


main(sys.argv)
