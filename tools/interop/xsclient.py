#!/usr/bin/env python3
"""What Debian's xenstore clients cannot do, in the wire protocol of xs_wire.h: XS_INTRODUCE a
(fake) guest, hold a connection with watches open, and talk over a domain's shared ring page
as that domain.

usage: xsclient.py introduce DOMID MFN PORT          over the socket ($XENSTORED_PATH)
       xsclient.py set-target DOMID TARGET           DOMID acts for TARGET (a stub domain)
       xsclient.py release DOMID                     XS_RELEASE: the domain has gone
       xsclient.py is-introduced DOMID               prints T or F
       xsclient.py hold EVENTS PATH TOKEN...         watches; one line per event into EVENTS
                                                     ("ready" first, "closed" at the end); a
                                                     TOKEN of the form TOKEN@DEPTH registers the
                                                     watch with that depth (Xen 4.22, the xapi
                                                     fork: XS_WATCH path, token, depth)
       xsclient.py ring PAGE PID read PATH           over a ring page (the file the stub maps
       xsclient.py ring PAGE PID write PATH VALUE    for dom0 or a guest), waking the daemon PID
       xsclient.py ring PAGE PID watch PATH TOKEN    through its event channel (an eventfd the
       xsclient.py ring PAGE PID drain               stubs make): the port written is the domain's,
                                                     from $INTEROP_EVTCHN when set
       xsclient.py ring PAGE PID transaction FLAG    starts a transaction as the domain, creates
                                                     FLAG, and ends it (abort) once FLAG is removed
An error reply is printed as "xsclient: E..." with exit status 1.
"""
import ctypes
import mmap
import os
import socket
import struct
import sys
import time

READ, WATCH, TRANSACTION_START, TRANSACTION_END, INTRODUCE, RELEASE, WRITE, WATCH_EVENT, ERROR, IS_INTRODUCED, SET_TARGET = \
    2, 4, 6, 7, 8, 9, 11, 15, 16, 17, 19
HEADER = struct.Struct("<IIII")


def message(kind, *args, req=0, tx=0):
    payload = b"".join((a if isinstance(a, bytes) else a.encode()) + b"\0" for a in args)
    if kind == WRITE:  # the value is not NUL-terminated
        payload = payload[:-1]
    return HEADER.pack(kind, req, tx, len(payload)) + payload


class Socket:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(os.environ["XENSTORED_PATH"])

    def send(self, data):
        self.s.sendall(data)

    def recv(self, n, deadline):
        self.s.settimeout(max(deadline - time.time(), 0.01))
        data = b""
        while len(data) < n:
            chunk = self.s.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data


class Ring:
    """The client side of struct xenstore_domain_interface: req[1024] rsp[1024], then
    req_cons, req_prod, rsp_cons, rsp_prod."""
    SIZE, REQ_CONS, REQ_PROD, RSP_CONS, RSP_PROD = 1024, 512, 513, 514, 515  # indexes of u32s

    def __init__(self, page, pid):
        fd = os.open(page, os.O_RDWR)
        self.page = mmap.mmap(fd, 4096)
        os.close(fd)
        self.index = memoryview(self.page).cast("I")  # aligned 32-bit reads and writes
        self.kick_fd = self.daemon_eventfd(pid)
        self.port = self.domain_port(page)

    @staticmethod
    def daemon_eventfd(pid):
        for name in os.listdir("/proc/%d/fd" % pid):
            try:
                if os.readlink("/proc/%d/fd/%s" % (pid, name)) == "anon_inode:[eventfd]":
                    libc = ctypes.CDLL(None, use_errno=True)
                    pidfd = libc.syscall(434, pid, 0)  # pidfd_open
                    fd = libc.syscall(438, pidfd, int(name), 0)  # pidfd_getfd
                    os.close(pidfd)
                    if fd >= 0:
                        return fd
            except OSError:
                pass
        sys.exit("xsclient: daemon %d has no event channel to wake it with" % pid)

    @staticmethod
    def domain_port(page):
        """The daemon's local port for the page's domain, from the stub's bindings."""
        base = os.path.basename(page)
        domid = 0 if base == "xsd_kva" else int(base.replace("ring-dom", ""))
        state = os.environ.get("INTEROP_EVTCHN")
        for name in os.listdir(state) if state else []:
            if name.startswith("port-"):
                with open(os.path.join(state, name)) as f:
                    fields = f.read().split()
                if fields[1:3] == ["interdomain", str(domid)]:
                    return int(name[5:])
        return 0x10000  # no port: only wakes the daemon

    def kick(self):
        os.write(self.kick_fd, struct.pack("<Q", self.port))

    def send(self, data):
        while data:
            cons, prod = self.index[self.REQ_CONS], self.index[self.REQ_PROD]
            room = self.SIZE - ((prod - cons) & 0xffffffff)
            if room == 0:
                self.kick()
                time.sleep(0.01)
                continue
            at = prod % self.SIZE
            n = min(room, self.SIZE - at, len(data))
            self.page[at:at + n] = data[:n]
            self.index[self.REQ_PROD] = (prod + n) & 0xffffffff
            data = data[n:]
        self.kick()

    def recv(self, n, deadline):
        data, kicked = b"", time.time()
        while len(data) < n:
            cons, prod = self.index[self.RSP_CONS], self.index[self.RSP_PROD]
            if cons == prod:
                if time.time() > deadline:
                    raise TimeoutError("no answer on the ring")
                if time.time() - kicked > 0.2:
                    self.kick()
                    kicked = time.time()
                time.sleep(0.005)
                continue
            at = cons % self.SIZE
            k = min((prod - cons) & 0xffffffff, self.SIZE - at, n - len(data))
            data += bytes(self.page[self.SIZE + at:self.SIZE + at + k])
            self.index[self.RSP_CONS] = (cons + k) & 0xffffffff
        return data

    def drain(self):
        self.index[self.RSP_CONS] = self.index[self.RSP_PROD]


def call(transport, kind, *args, timeout=15, tx=0):
    """Sends a request, returns its reply's payload (watch events before it are skipped)."""
    req = int.from_bytes(os.urandom(3), "little")
    transport.send(message(kind, *args, req=req, tx=tx))
    deadline = time.time() + timeout
    while True:
        rkind, rreq, _, length = HEADER.unpack(transport.recv(16, deadline))
        body = transport.recv(length, deadline)
        if rkind == WATCH_EVENT or rreq != req:
            continue
        if rkind == ERROR:
            print("xsclient: " + body.rstrip(b"\0").decode())
            sys.exit(1)
        return body


def hold(events, watches):
    s = Socket()
    s.s.settimeout(None)
    pending = len(watches) // 2
    for path, token in zip(watches[::2], watches[1::2]):
        token, _, depth = token.partition("@")
        s.send(message(WATCH, path, token, *([depth] if depth else []), req=1))
    with open(events, "a", buffering=1) as out:
        buffered = b""
        while True:
            try:
                chunk = s.s.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                out.write("closed\n")
                return
            buffered += chunk
            while len(buffered) >= 16 and len(buffered) >= 16 + HEADER.unpack_from(buffered)[3]:
                kind, _, _, length = HEADER.unpack_from(buffered)
                body, buffered = buffered[16:16 + length], buffered[16 + length:]
                if kind == WATCH_EVENT:
                    out.write("EVENT " + " ".join(p.decode() for p in body.split(b"\0")[:2]) + "\n")
                elif kind == WATCH:
                    pending -= 1
                    if pending == 0:
                        out.write("ready\n")


def main(argv):
    if argv[1:2] == ["introduce"] and len(argv) == 5:
        call(Socket(), INTRODUCE, *argv[2:])
    elif argv[1:2] == ["set-target"] and len(argv) == 4:
        call(Socket(), SET_TARGET, *argv[2:])
    elif argv[1:2] == ["release"] and len(argv) == 3:
        call(Socket(), RELEASE, argv[2])
    elif argv[1:2] == ["is-introduced"] and len(argv) == 3:
        print(call(Socket(), IS_INTRODUCED, argv[2]).rstrip(b"\0").decode())
    elif argv[1:2] == ["hold"] and len(argv) >= 5 and len(argv) % 2 == 1:
        hold(argv[2], argv[3:])
    elif argv[1:2] == ["ring"] and len(argv) >= 5:
        ring, (op, *args) = Ring(argv[2], int(argv[3])), argv[4:]
        if op == "read" and len(args) == 1:
            print(call(ring, READ, *args).decode(errors="replace"))
        elif op == "write" and len(args) == 2:
            call(ring, WRITE, *args)
        elif op == "watch" and len(args) == 2:
            call(ring, WATCH, *args)
        elif op == "drain" and not args:
            ring.drain()
        elif op == "transaction" and len(args) == 1:
            tx = int(call(ring, TRANSACTION_START, "").rstrip(b"\0"))
            open(args[0], "w").close()
            while os.path.exists(args[0]):
                time.sleep(0.05)
            call(ring, TRANSACTION_END, "F", tx=tx)
        else:
            sys.exit(__doc__)
    else:
        sys.exit(__doc__)


try:
    main(sys.argv)
except (TimeoutError, EOFError, socket.timeout) as error:
    sys.exit("xsclient: no answer from the daemon: %s" % (error or "connection closed"))
