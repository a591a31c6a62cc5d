/* A guest's ring page for the stubs: a zeroed shared page, or, with INTEROP_RINGS naming a
 * directory, the 4096-byte file PREFIX<number> there (made if missing), so that a test can
 * map the same page and act as the guest. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static void *ring_page(const char *prefix, unsigned long number, int prot)
{
    const char *dir = getenv("INTEROP_RINGS");
    void *p;
    if (!dir) {
        p = mmap(NULL, 4096, prot, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s%lu", dir, prefix, number);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    if (ftruncate(fd, 4096) != 0) { close(fd); return NULL; }
    p = mmap(NULL, 4096, prot, MAP_SHARED, fd, 0);
    close(fd);
    return p == MAP_FAILED ? NULL : p;
}
