/* libxengnttab.so.1 without a hypervisor: C xenstored maps each introduced guest's ring page
 * through a grant; it gets a zeroed shared page (an idle ring). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

struct xengnttab_handle { int unused; };

struct xengnttab_handle *xengnttab_open(void *log, unsigned flags)
{ (void)log; (void)flags; return calloc(1, sizeof(struct xengnttab_handle)); }
int xengnttab_close(struct xengnttab_handle *h) { free(h); return 0; }
int xengnttab_set_max_grants(struct xengnttab_handle *h, uint32_t n) { (void)h; (void)n; return 0; }

void *xengnttab_map_grant_ref(struct xengnttab_handle *h, uint32_t dom, uint32_t ref, int prot)
{
    (void)h; (void)dom; (void)ref;
    void *p = mmap(NULL, 4096, prot, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int xengnttab_unmap(struct xengnttab_handle *h, void *addr, uint32_t count)
{ (void)h; return munmap(addr, (size_t)count * 4096); }
