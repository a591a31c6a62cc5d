/* libxenguest.so.4.17: imported by oxenstored and xenstore-control, never called by what the
 * interop tests do. */
#include <errno.h>
#include <stddef.h>

#define UNSUPPORTED(name) int name(void) { errno = ENOSYS; return -1; }
UNSUPPORTED(xc_domain_resume) UNSUPPORTED(xc_get_cpu_featureset) UNSUPPORTED(xc_dom_kernel_file)
void *xc_dom_allocate(void) { errno = ENOSYS; return NULL; }
void xc_dom_release(void *dom) { (void)dom; }
