/* libxengnttab.so.1 without a hypervisor: C xenstored maps each introduced guest's ring page
 * through a grant; it gets a zeroed shared page (an idle ring). With INTEROP_RINGS naming a
 * directory, the page is the file ring-dom<domid> there (made if missing), which a test can
 * map to act as that guest. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "ringfile.h"

struct xengnttab_handle { int unused; };

struct xengnttab_handle *xengnttab_open(void *log, unsigned flags)
{ (void)log; (void)flags; return calloc(1, sizeof(struct xengnttab_handle)); }
int xengnttab_close(struct xengnttab_handle *h) { free(h); return 0; }
int xengnttab_set_max_grants(struct xengnttab_handle *h, uint32_t n) { (void)h; (void)n; return 0; }

void *xengnttab_map_grant_ref(struct xengnttab_handle *h, uint32_t dom, uint32_t ref, int prot)
{
    (void)h; (void)ref;
    return ring_page("ring-dom", dom, prot);
}

int xengnttab_unmap(struct xengnttab_handle *h, void *addr, uint32_t count)
{ (void)h; return munmap(addr, (size_t)count * 4096); }
