/* libxenctrl.so.4.17 for the daemons (and, preloaded, the xapi fork's plugin), without Xen.
 * C xenstored asks whether domains exist (all of them do: it then never reaps one and deletes
 * its nodes); oxenstored maps guest ring pages by mfn (an idle zeroed page each; with
 * INTEROP_RINGS naming a directory, the file mfn-<mfn> there, made if missing: a test links it
 * to the guest's ring-dom<domid>, so only the right mfn reaches the guest's ring). Everything
 * else the binaries import (they are linked BIND_NOW) exists and fails with ENOSYS. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "ringfile.h"

static int handle;

void *xc_interface_open(void *log, void *dlog, unsigned flags) { (void)log; (void)dlog; (void)flags; return &handle; }
int xc_interface_close(void *xch) { (void)xch; return 0; }

/* The first fields of xc_dominfo_t: domid, ssidref, then flag bits (running = bit 5). */
int xc_domain_getinfo(void *xch, uint32_t first, unsigned max, void *info)
{
    uint32_t *d = info;
    (void)xch;
    if (max == 0 || first >= 0x7ff0) return 0;
    memset(d, 0, 4 * sizeof(*d));
    d[0] = first;
    d[2] = 1u << 5;
    return 1;
}

/* Xen 4.18+ (the xapi fork's domain-info plugin): the same, every domain exists and runs. Only
 * the fields the plugin reads are written (domain, then flags: not dying, not shut down); the
 * struct is the caller's, of a size this stub does not know. */
int xc_domain_getinfo_single(void *xch, uint32_t domid, void *info)
{
    uint16_t *d = info;
    (void)xch;
    if (domid >= 0x7ff0) { errno = ESRCH; return -1; }
    memset(info, 0, 8);
    d[0] = (uint16_t)domid;
    return 0;
}

void *xc_map_foreign_range(void *xch, uint32_t dom, int size, int prot, unsigned long mfn)
{
    (void)xch; (void)dom; (void)size; (void)prot;
    return ring_page("mfn-", mfn, PROT_READ | PROT_WRITE);
}

static struct { int code; char message[1024]; } last_error;
const void *xc_get_last_error(void *xch) { (void)xch; return &last_error; }
const char *xc_error_code_to_desc(int code) { (void)code; return "no hypervisor (interop stub)"; }

#define UNSUPPORTED(name) int name(void) { errno = ENOSYS; return -1; }
UNSUPPORTED(xc_domain_getinfolist)
UNSUPPORTED(xc_assign_device) UNSUPPORTED(xc_deassign_device) UNSUPPORTED(xc_test_assign_device)
UNSUPPORTED(xc_domain_create) UNSUPPORTED(xc_domain_destroy) UNSUPPORTED(xc_domain_pause)
UNSUPPORTED(xc_domain_unpause) UNSUPPORTED(xc_domain_shutdown) UNSUPPORTED(xc_domain_sethandle)
UNSUPPORTED(xc_domain_setmaxmem) UNSUPPORTED(xc_domain_set_memmap_limit) UNSUPPORTED(xc_domain_max_vcpus)
UNSUPPORTED(xc_domain_increase_reservation_exact) UNSUPPORTED(xc_domain_iomem_permission)
UNSUPPORTED(xc_domain_ioport_permission) UNSUPPORTED(xc_domain_irq_permission)
UNSUPPORTED(xc_evtchn_alloc_unbound) UNSUPPORTED(xc_evtchn_reset) UNSUPPORTED(xc_get_max_cpus)
UNSUPPORTED(xc_getcpuinfo) UNSUPPORTED(xc_physinfo) UNSUPPORTED(xc_readconsolering)
UNSUPPORTED(xc_sched_credit_domain_get) UNSUPPORTED(xc_sched_credit_domain_set) UNSUPPORTED(xc_sched_id)
UNSUPPORTED(xc_send_debug_keys) UNSUPPORTED(xc_shadow_control) UNSUPPORTED(xc_vcpu_getaffinity)
UNSUPPORTED(xc_vcpu_setaffinity) UNSUPPORTED(xc_vcpu_getcontext) UNSUPPORTED(xc_vcpu_getinfo)
UNSUPPORTED(xc_version) UNSUPPORTED(xc_watchdog)
void *xc_cpumap_alloc(void *xch) { (void)xch; errno = ENOSYS; return NULL; }
