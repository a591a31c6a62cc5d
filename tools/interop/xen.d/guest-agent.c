/*
 * The store client of a tools/interop/xen guest: one process that talks to the store through
 * /dev/xen/xenbus (the guest kernel's ring), with no process started per request (under the
 * emulator a process per write, xenstore-write, made ten guests boot in 104-173 s instead of
 * 55, and dom0's listing of 767 nodes take 34-52 s instead of 7-8). What it does, and the
 * lines it logs on its console (dom0's checks read them from xenconsoled's log):
 * - every INTERVAL seconds (0.1 unless -i), data/slot/(N mod 64) = N and then data/counter = N,
 *   two writes: "ack N MS" once the store answered both (MS: the round trip of the two, in
 *   ms), "FAILED N" when it refused one (outside a transaction: a transaction costs twice the
 *   requests, and under the emulator oxenstored answers only a few hundred a second);
 * - a watch on data/poke: "watch VALUE" for each event; the value "poweroff" powers the guest
 *   off (a release the daemon must see: @releaseDomain);
 * - with -t, also a transaction writing its number to data/tx/a..d every 0.3 s (back to back,
 *   one is open whenever oxenstored 4.17 is asked for a live update, and it answers BUSY):
 *   "tx N" every 10th, "tx FAILED N" for one the store refused;
 * - every second, each network interface eth* without an IPv4 address is given
 *   10.0.0.(10 + its domain id)/24 and brought up: "net IFACE up".
 * usage: guest-agent [-i SECONDS] [-t]
 * (XS_AGENT_SOCKET=PATH: a daemon's Unix socket instead of the device, to try it on a host)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { XS_READ = 2, XS_WATCH = 4, XS_TRANSACTION_START = 6, XS_TRANSACTION_END = 7, XS_WRITE = 11,
       XS_WATCH_EVENT = 15, XS_ERROR = 16 };
struct header { uint32_t type, req_id, tx_id, len; };
enum { PAYLOAD_MAX = 4096 };

static int bus = -1;
static unsigned char inbox[2 * (sizeof(struct header) + PAYLOAD_MAX)];
static size_t inbox_len;
static int poked;   /* a watch event on data/poke arrived and is not handled yet */

static void say(const char *format, ...) {
    char line[256];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line - 1, format, args);
    va_end(args);
    if (n < 0) return;
    if (n > (int)sizeof line - 2) n = sizeof line - 2;
    line[n++] = '\n';
    (void)!write(1, line, n);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Appends what the device has to the inbox (one read). Returns -1 when the device failed. */
static int fill(void) {
    ssize_t n = read(bus, inbox + inbox_len, sizeof inbox - inbox_len);
    if (n < 0 && errno == EINTR) return 0;
    if (n <= 0) return -1;
    inbox_len += n;
    return 0;
}

/* The inbox's first message, when it is whole, into *h and payload (NUL-terminated): 1, else 0. */
static int take(struct header *h, char *payload) {
    if (inbox_len < sizeof *h) return 0;
    memcpy(h, inbox, sizeof *h);
    if (h->len > PAYLOAD_MAX) { say("store message of %u bytes", h->len); exit(1); }
    size_t whole = sizeof *h + h->len;
    if (inbox_len < whole) return 0;
    memcpy(payload, inbox + sizeof *h, h->len);
    payload[h->len] = 0;
    memmove(inbox, inbox + whole, inbox_len - whole);
    inbox_len -= whole;
    return 1;
}

/* The answer to the request just sent, into *h and payload; a watch event on the way is noted
 * in `poked`. Returns 0, or -1 when the device failed. */
static int receive(struct header *h, char *payload) {
    for (;;) {
        while (take(h, payload)) {
            if (h->type == XS_WATCH_EVENT) { poked = 1; continue; }
            return 0;
        }
        if (fill() != 0) return -1;
    }
}

/* request TYPE TX PARTS...: sends one request (its parts joined, each given with its length)
 * and waits for its answer into reply. Returns 0 when answered, else the error's name in
 * reply and -1. */
static int request(uint32_t type, uint32_t tx, char *reply, int parts, ...) {
    unsigned char message[sizeof(struct header) + PAYLOAD_MAX];
    struct header h = { type, 0, tx, 0 };
    va_list args;
    va_start(args, parts);
    for (int i = 0; i < parts; i++) {
        const char *part = va_arg(args, const char *);
        size_t len = va_arg(args, size_t);
        if (h.len + len > PAYLOAD_MAX) { va_end(args); strcpy(reply, "E2BIG"); return -1; }
        memcpy(message + sizeof h + h.len, part, len);
        h.len += len;
    }
    va_end(args);
    memcpy(message, &h, sizeof h);
    if (write(bus, message, sizeof h + h.len) != (ssize_t)(sizeof h + h.len)) { strcpy(reply, "EIO"); return -1; }
    struct header answer;
    if (receive(&answer, reply) != 0) { strcpy(reply, "EIO"); return -1; }
    return answer.type == XS_ERROR ? -1 : 0;
}
#define TEXT(s) (s), strlen(s) + 1      /* a string with its NUL */
#define BYTES(s) (s), strlen(s)          /* a value, without one */

/* write_all PAIRS N: one transaction writing the N path/value pairs, retried while the store
 * answers EAGAIN (as xenstore-write does). Returns 0 once committed, -1 when refused. */
static int write_all(const char *pairs[][2], int n) {
    char reply[PAYLOAD_MAX + 1];
    for (;;) {
        if (request(XS_TRANSACTION_START, 0, reply, 1, TEXT("")) != 0) { say("transaction start: %s", reply); return -1; }
        uint32_t tx = strtoul(reply, NULL, 10);
        int ok = 1;
        for (int i = 0; ok && i < n; i++)
            if (request(XS_WRITE, tx, reply, 2, TEXT(pairs[i][0]), BYTES(pairs[i][1])) != 0) { say("write %s: %s", pairs[i][0], reply); ok = 0; }
        if (request(XS_TRANSACTION_END, tx, reply, 1, TEXT(ok ? "T" : "F")) == 0 && ok) return 0;
        if (!ok || strcmp(reply, "EAGAIN") != 0) { if (ok) say("transaction end: %s", reply); return -1; }
    }
}

static int domid;
static char home[32];   /* /local/domain/DOMID */

/* HOME/RELATIVE in a buffer of its own (four at a time) */
static const char *at(const char *relative) {
    static char paths[4][96];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", home, relative);
    return p;
}

static void counter(long n) {
    char value[24], slot[64];
    snprintf(value, sizeof value, "%ld", n);
    snprintf(slot, sizeof slot, "data/slot/%ld", n % 64);
    const char *slot_path = at(slot), *counter_path = at("data/counter");
    char reply[PAYLOAD_MAX + 1];
    double t0 = now();
    if (request(XS_WRITE, 0, reply, 2, TEXT(slot_path), BYTES(value)) == 0 &&
        request(XS_WRITE, 0, reply, 2, TEXT(counter_path), BYTES(value)) == 0)
        say("ack %ld %ld", n, (long)((now() - t0) * 1000 + 0.5));
    else
        say("FAILED %ld (%s)", n, reply);
}

static void transaction(long n) {
    char value[24];
    snprintf(value, sizeof value, "%ld", n);
    const char *pairs[][2] = { { at("data/tx/a"), value }, { at("data/tx/b"), value }, { at("data/tx/c"), value }, { at("data/tx/d"), value } };
    if (write_all(pairs, 4) != 0) say("tx FAILED %ld", n);
    else if (n % 10 == 0) say("tx %ld", n);
}

static void poke(void) {
    char value[PAYLOAD_MAX + 1];
    poked = 0;
    const char *path = at("data/poke");
    if (request(XS_READ, 0, value, 1, TEXT(path)) != 0) return;   /* (the event of the watch's registration) */
    say("watch %s", value);
    if (strcmp(value, "poweroff") == 0) {
        say("powering off");
        sync();
        reboot(RB_POWER_OFF);
    }
}

/* Each eth* with no IPv4 address gets 10.0.0.(10 + domid)/24 and goes up. */
static void networks(void) {
    DIR *d = opendir("/sys/class/net");
    if (!d) return;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct dirent *e;
    while (s >= 0 && (e = readdir(d))) {
        if (strncmp(e->d_name, "eth", 3) != 0 || strlen(e->d_name) >= IFNAMSIZ) continue;
        struct ifreq r = { 0 };
        strcpy(r.ifr_name, e->d_name);
        if (ioctl(s, SIOCGIFADDR, &r) == 0) continue;
        struct sockaddr_in *a = (struct sockaddr_in *)&r.ifr_addr;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl((10u << 24) | (10 + domid));
        if (ioctl(s, SIOCSIFADDR, &r) != 0) continue;
        a->sin_addr.s_addr = htonl(0xffffff00u);
        if (ioctl(s, SIOCSIFNETMASK, &r) != 0 || ioctl(s, SIOCGIFFLAGS, &r) != 0) continue;
        r.ifr_flags |= IFF_UP;
        if (ioctl(s, SIOCSIFFLAGS, &r) == 0) say("net %s up", e->d_name);
    }
    if (s >= 0) close(s);
    closedir(d);
}

static int connect_store(void) {
    const char *socket_path = getenv("XS_AGENT_SOCKET");
    if (!socket_path) return open("/dev/xen/xenbus", O_RDWR);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    snprintf(a.sun_path, sizeof a.sun_path, "%s", socket_path);
    if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) return s;
    if (s >= 0) close(s);
    return -1;
}

int main(int argc, char **argv) {
    double interval = 0.1;
    int tx_loop = 0, opt;
    while ((opt = getopt(argc, argv, "i:t")) != -1) {
        if (opt == 'i') interval = atof(optarg);
        else if (opt == 't') tx_loop = 1;
        else { fprintf(stderr, "usage: guest-agent [-i SECONDS] [-t]\n"); return 2; }
    }
    char reply[PAYLOAD_MAX + 1];
    for (;;) {   /* until the store answers */
        if (bus < 0) bus = connect_store();
        if (bus >= 0 && request(XS_READ, 0, reply, 1, TEXT("domid")) == 0) break;
        usleep(200000);
    }
    domid = atoi(reply);
    snprintf(home, sizeof home, "/local/domain/%d", domid);
    say("guest %d up", domid);
    const char *poke_path = at("data/poke");
    if (request(XS_WATCH, 0, reply, 2, TEXT(poke_path), TEXT("poke")) != 0) say("watch data/poke: %s", reply);
    long n = 0, tx = 0;
    double next_write = now(), next_tx = tx_loop ? now() : 1e300, next_net = now();
    for (;;) {
        double t = now();
        if (poked) poke();
        if (t >= next_write) { counter(++n); next_write = now() + interval; }
        if (t >= next_tx) { transaction(++tx); next_tx = now() + 0.3; }
        if (t >= next_net) { networks(); next_net = now() + 1; }
        double wake = next_write < next_tx ? next_write : next_tx;
        if (next_net < wake) wake = next_net;
        int ms = (int)((wake - now()) * 1000);
        struct pollfd p = { bus, POLLIN, 0 };
        if (poked || ms <= 0 || poll(&p, 1, ms) <= 0 || fill() != 0) continue;
        struct header h;
        char payload[PAYLOAD_MAX + 1];
        while (take(&h, payload)) {
            if (h.type == XS_WATCH_EVENT) poked = 1;
            else say("a store message nothing asked for (type %u)", h.type);
        }
    }
}
