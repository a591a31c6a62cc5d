/* libxenevtchn.so.1 without a hypervisor: a handle is an eventfd that nothing signals, ports
 * come from a counter. The fd survives exec() unless close-on-exec is asked for, as
 * /dev/xen/evtchn does across a live update. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct xenevtchn_handle { int fd; };
static unsigned next_port = 1;

static struct xenevtchn_handle *wrap(int fd)
{
    struct xenevtchn_handle *h = malloc(sizeof(*h));
    if (h) h->fd = fd;
    return h;
}

struct xenevtchn_handle *xenevtchn_open(void *log, unsigned flags)
{
    (void)log;
    int fd = eventfd(0, EFD_NONBLOCK | (flags & 1 /* NO_CLOEXEC */ ? 0 : EFD_CLOEXEC));
    return fd < 0 ? NULL : wrap(fd);
}

static int is_eventfd(int fd)
{
    char link[64], target[64];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    return n > 0 && (target[n] = 0, strcmp(target, "anon_inode:[eventfd]") == 0);
}

/* After a live update: the fd a dump names. Used when the launcher placed an eventfd there;
 * a free number gets a fresh eventfd at that number; -1 or some other file, a fresh one. */
struct xenevtchn_handle *xenevtchn_fdopen(void *log, int fd, unsigned flags)
{
    (void)log; (void)flags;
    if (fd >= 0 && is_eventfd(fd)) return wrap(fd);
    int fresh = eventfd(0, EFD_NONBLOCK);
    if (fresh < 0) return NULL;
    if (fd >= 0 && fcntl(fd, F_GETFD) < 0 && dup2(fresh, fd) == fd) {
        close(fresh);
        fresh = fd;
    }
    return wrap(fresh);
}

int xenevtchn_close(struct xenevtchn_handle *h) { if (h) { close(h->fd); free(h); } return 0; }
int xenevtchn_fd(struct xenevtchn_handle *h) { return h ? h->fd : -1; }

/* Drains the eventfd (a client wrote to it to wake the daemon); the low 16 bits name a port. */
int xenevtchn_pending(struct xenevtchn_handle *h)
{
    uint64_t v = 0;
    return read(h->fd, &v, sizeof(v)) == sizeof(v) ? (int)(v & 0xffff) : 0;
}

int xenevtchn_bind_interdomain(struct xenevtchn_handle *h, uint32_t dom, unsigned port)
{ (void)h; (void)dom; (void)port; return next_port++; }
int xenevtchn_bind_unbound_port(struct xenevtchn_handle *h, uint32_t dom) { (void)h; (void)dom; return next_port++; }
int xenevtchn_bind_virq(struct xenevtchn_handle *h, unsigned virq) { (void)h; (void)virq; return next_port++; }
int xenevtchn_notify(struct xenevtchn_handle *h, unsigned port) { (void)h; (void)port; return 0; }
int xenevtchn_unbind(struct xenevtchn_handle *h, unsigned port) { (void)h; (void)port; return 0; }
int xenevtchn_unmask(struct xenevtchn_handle *h, unsigned port) { (void)h; (void)port; return 0; }
int xenevtchn_restrict(struct xenevtchn_handle *h, uint16_t dom) { (void)h; (void)dom; return 0; }
