/* libxenevtchn.so.1 without a hypervisor: a handle is an eventfd that nothing signals, ports
 * come from a counter. The fd survives exec() unless close-on-exec is asked for, as
 * /dev/xen/evtchn does across a live update.
 *
 * With INTEROP_EVTCHN naming a directory, bindings are kept there as Xen and Linux keep them,
 * so that they survive an exec and a live switch between the daemons can be checked:
 *   port-P   "ID KIND ..." : port P is bound, by the handle whose eventfd-id is ID
 *   virq-V   "P"           : VIRQ V is bound at port P
 * A VIRQ bound twice fails with EEXIST (Xen's evtchn_bind_virq), unbinding a port the handle
 * did not bind fails with ENOTCONN (Linux's evtchn driver), ports are the lowest free ones. */
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

/* --- bindings kept in $INTEROP_EVTCHN --- */

static const char *state(void) { return getenv("INTEROP_EVTCHN"); }

/* The kernel's id of the handle's eventfd (eventfd-id in /proc/self/fdinfo): it names the
 * open file, whatever fd number it has and across exec. */
static long handle_id(struct xenevtchn_handle *h)
{
    char path[64], line[128];
    long id = -1;
    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", h->fd);
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "eventfd-id: %ld", &id) == 1) break;
    fclose(f);
    return id;
}

static int write_file(const char *name, const char *text, int exclusive)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", state(), name);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_file(const char *name, char *text, size_t size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", state(), name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, text, size - 1);
    close(fd);
    if (n < 0) return -1;
    text[n] = 0;
    return 0;
}

static void remove_file(const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", state(), name);
    unlink(path);
}

/* Binds the lowest free port to the handle; what describes the binding. */
static int bind_port(struct xenevtchn_handle *h, const char *what)
{
    if (!state()) return next_port++;
    char name[32], text[128];
    snprintf(text, sizeof(text), "%ld %s\n", handle_id(h), what);
    for (int port = 1; port < 4096; port++) {
        snprintf(name, sizeof(name), "port-%d", port);
        if (write_file(name, text, 1) == 0) return port;
        if (errno != EEXIST) return -1;
    }
    errno = ENOSPC;
    return -1;
}

int xenevtchn_bind_interdomain(struct xenevtchn_handle *h, uint32_t dom, unsigned port)
{
    char what[64];
    snprintf(what, sizeof(what), "interdomain %u %u", dom, port);
    return bind_port(h, what);
}

int xenevtchn_bind_unbound_port(struct xenevtchn_handle *h, uint32_t dom)
{
    char what[64];
    snprintf(what, sizeof(what), "unbound %u", dom);
    return bind_port(h, what);
}

int xenevtchn_bind_virq(struct xenevtchn_handle *h, unsigned virq)
{
    if (!state()) return next_port++;
    char name[32], what[32], text[32];
    snprintf(name, sizeof(name), "virq-%u", virq);
    if (write_file(name, "", 1) != 0) return -1;  /* EEXIST: bound already, on any handle */
    snprintf(what, sizeof(what), "virq %u", virq);
    int port = bind_port(h, what);
    snprintf(text, sizeof(text), "%d\n", port);
    if (port < 0 || write_file(name, text, 0) != 0) { remove_file(name); return -1; }
    return port;
}

int xenevtchn_unbind(struct xenevtchn_handle *h, unsigned port)
{
    if (!state()) return 0;
    char name[32], text[128];
    long owner;
    unsigned virq;
    snprintf(name, sizeof(name), "port-%u", port);
    if (read_file(name, text, sizeof(text)) != 0 || sscanf(text, "%ld", &owner) != 1 || owner != handle_id(h)) {
        errno = ENOTCONN;
        return -1;
    }
    if (sscanf(text, "%*d virq %u", &virq) == 1) {
        char virq_name[32];
        snprintf(virq_name, sizeof(virq_name), "virq-%u", virq);
        remove_file(virq_name);
    }
    remove_file(name);
    return 0;
}

int xenevtchn_notify(struct xenevtchn_handle *h, unsigned port) { (void)h; (void)port; return 0; }
int xenevtchn_unmask(struct xenevtchn_handle *h, unsigned port) { (void)h; (void)port; return 0; }
int xenevtchn_restrict(struct xenevtchn_handle *h, uint16_t dom) { (void)h; (void)dom; return 0; }
