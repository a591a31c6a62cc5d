/* LD_PRELOAD for C xenstored only: it opens /proc/xen/xsd_port (dom0's xenstore event channel)
 * and /proc/xen/xsd_kva (dom0's ring page), which exist only in a Xen dom0. Those two paths
 * are opened in $INTEROP_PROCXEN instead; every other open() goes through unchanged. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *redirect(const char *path, char *buf, size_t size)
{
    const char *dir = getenv("INTEROP_PROCXEN");
    if (!dir || !path || (strcmp(path, "/proc/xen/xsd_port") && strcmp(path, "/proc/xen/xsd_kva")))
        return path;
    snprintf(buf, size, "%s/%s", dir, path + strlen("/proc/xen/"));
    return buf;
}

#define OPEN(name)                                                                  \
    int name(const char *path, int flags, ...)                                      \
    {                                                                               \
        static int (*real)(const char *, int, ...);                                 \
        char buf[4096];                                                             \
        va_list ap;                                                                 \
        va_start(ap, flags);                                                        \
        mode_t mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0; \
        va_end(ap);                                                                 \
        if (!real) real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #name); \
        return real(redirect(path, buf, sizeof(buf)), flags, mode);                 \
    }
OPEN(open)
OPEN(open64)
