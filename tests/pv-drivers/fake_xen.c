/*
 * fake_xen.c - see fake_xen.h.
 */
#define _GNU_SOURCE
#include <xenctrl.h>     /* first: it sets up the public headers */
#include "fake_xen.h"
#include "fake_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xengnttab.h>

#define NPORTS 1024
#define NDOMS 1024

struct port {
    bool bound, masked, pending;
    uint32_t domid, remote;
};

static struct port ports[NPORTS];
static evtchn_port_t queue[NPORTS * 4];
static unsigned qhead, qlen;
static int efd[2] = { -1, -1 }, maps;
static long unmasks, delivered, notifies, map_calls;
static bool dead[NDOMS];
static char handle;

/* Both threads of the daemon call in (test_hand.c): every entry point
 * holds this lock (recursive: some call others). */
static pthread_mutex_t fx_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
#define GUARD FAKE_GUARD(fx_lock)

static void deliver(evtchn_port_t p)
{
    char c = 1;

    ports[p].masked = true;
    queue[(qhead + qlen++) % (sizeof(queue) / sizeof(queue[0]))] = p;
    (void)!write(efd[1], &c, 1);
}

static void unmap_all(void);

void fake_xen_reset(void)
{
    GUARD;
    char c;

    unmap_all();
    memset(ports, 0, sizeof(ports));
    memset(dead, 0, sizeof(dead));
    qhead = qlen = 0;
    maps = 0;
    unmasks = delivered = notifies = map_calls = 0;
    if (efd[0] < 0 && pipe2(efd, O_NONBLOCK | O_CLOEXEC))
        abort();
    while (read(efd[0], &c, 1) == 1)
        ;
}

void fake_xen_fire(evtchn_port_t p)
{
    GUARD;
    if (p == 0 || p >= NPORTS || !ports[p].bound)
        return;
    if (ports[p].masked)
        ports[p].pending = true;
    else
        deliver(p);
}

evtchn_port_t fake_xen_port(uint32_t domid, uint32_t remote)
{
    GUARD;
    evtchn_port_t p;

    for (p = 1; p < NPORTS; p++)
        if (ports[p].bound && ports[p].domid == domid && ports[p].remote == remote)
            return p;
    return 0;
}

int fake_xen_bound(void)
{
    GUARD;
    int p, n = 0;

    for (p = 1; p < NPORTS; p++)
        n += ports[p].bound;
    return n;
}

int fake_xen_maps(void) { GUARD; return maps; }
long fake_xen_map_calls(void) { GUARD; return map_calls; }
long fake_xen_unmasks(void) { GUARD; return unmasks; }
long fake_xen_delivered(void) { GUARD; return delivered; }
long fake_xen_notifies(void) { GUARD; return notifies; }
bool fake_xen_masked(evtchn_port_t p) { GUARD; return p < NPORTS && ports[p].masked; }
void fake_xen_kill(uint32_t domid) { GUARD; if (domid < NDOMS) dead[domid] = true; }

/* ---- libxenevtchn ---- */

xenevtchn_handle *xenevtchn_open(struct xentoollog_logger *l, unsigned flags)
{
    GUARD;
    (void)l, (void)flags;
    if (efd[0] < 0)
        fake_xen_reset();
    return (xenevtchn_handle *)&handle;
}

int xenevtchn_close(xenevtchn_handle *x) { (void)x; return 0; }
int xenevtchn_fd(xenevtchn_handle *x) { (void)x; return efd[0]; }

int xenevtchn_notify(xenevtchn_handle *x, evtchn_port_t p)
{
    GUARD;
    (void)x, (void)p;
    notifies++;
    return 0;
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *x, uint32_t domid,
                                                     evtchn_port_t remote)
{
    GUARD;
    evtchn_port_t p;

    (void)x;
    if (remote == 0 || remote >= 4096) {
        errno = EINVAL;
        return -1;
    }
    for (p = 1; p < NPORTS; p++) {
        if (!ports[p].bound) {
            ports[p] = (struct port){ .bound = true, .domid = domid, .remote = remote };
            return (xenevtchn_port_or_error_t)p;
        }
    }
    errno = ENOSPC;
    return -1;
}

int xenevtchn_unbind(xenevtchn_handle *x, evtchn_port_t p)
{
    GUARD;
    (void)x;
    if (p >= NPORTS || !ports[p].bound) {
        errno = EINVAL;
        return -1;
    }
    memset(&ports[p], 0, sizeof(ports[p]));
    return 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *x)
{
    GUARD;
    char c;

    (void)x;
    while (qlen) {
        evtchn_port_t p = queue[qhead];

        qhead = (qhead + 1) % (sizeof(queue) / sizeof(queue[0]));
        qlen--;
        (void)!read(efd[0], &c, 1);
        if (ports[p].bound) {       /* an unbound port's events are gone */
            delivered++;
            return (xenevtchn_port_or_error_t)p;
        }
    }
    errno = EAGAIN;
    return -1;
}

int xenevtchn_unmask(xenevtchn_handle *x, evtchn_port_t p)
{
    GUARD;
    (void)x;
    unmasks++;
    if (p >= NPORTS || !ports[p].bound)
        return 0;
    ports[p].masked = false;
    if (ports[p].pending) {
        ports[p].pending = false;
        deliver(p);
    }
    return 0;
}

/* ---- libxengnttab ---- */

xengnttab_handle *xengnttab_open(struct xentoollog_logger *l, unsigned flags)
{
    GUARD;
    (void)l, (void)flags;
    return (xengnttab_handle *)&handle;
}

int xengnttab_close(xengnttab_handle *x) { (void)x; return 0; }

/* Live mappings: unmapping must name the range and page count a map
 * returned (a ring of 16 pages unmapped as one would leak 15). */
#define NMAPS 4096
static struct { void *at; uint32_t count; uint32_t ref; } live[NMAPS];

static void *map_pages(uint32_t count, const uint32_t *refs)
{
    uint32_t i;
    void *p;
    int k;

    for (i = 0; i < count; i++) {
        if (refs[i] == 0 || refs[i] >= 100000) {
            errno = EINVAL;
            return NULL;
        }
    }
    for (k = 0; k < NMAPS && live[k].at; k++)
        ;
    if (count == 0 || count > 64 || k == NMAPS || posix_memalign(&p, 4096, 4096 * (size_t)count)) {
        errno = count ? ENOMEM : EINVAL;
        return NULL;
    }
    memset(p, 0, 4096 * (size_t)count);
    live[k].at = p;
    live[k].count = count;
    live[k].ref = refs[0];
    maps += (int)count;
    return p;
}

static void unmap_all(void)
{
    int k;

    for (k = 0; k < NMAPS; k++) {
        free(live[k].at);
        live[k].at = NULL;
    }
}

void *xengnttab_map_grant_ref(xengnttab_handle *x, uint32_t domid, uint32_t ref, int prot)
{
    GUARD;
    (void)x, (void)domid, (void)prot;
    return map_pages(1, &ref);
}

void *fake_xen_mapped(uint32_t ref)
{
    GUARD;
    int k;

    for (k = 0; k < NMAPS; k++)
        if (live[k].at && live[k].count == 1 && live[k].ref == ref)
            return live[k].at;
    return NULL;
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *x, uint32_t count, uint32_t domid,
                                      uint32_t *refs, int prot)
{
    GUARD;
    (void)x, (void)domid, (void)prot;
    map_calls++;
    return map_pages(count, refs);
}

int xengnttab_unmap(xengnttab_handle *x, void *start, uint32_t count)
{
    GUARD;
    int k;

    (void)x;
    for (k = 0; k < NMAPS && live[k].at != start; k++)
        ;
    if (k == NMAPS || live[k].count != count)
        abort();                /* not a range we handed out, or not all of it */
    free(start);
    live[k].at = NULL;
    maps -= (int)count;
    return 0;
}

/* ---- libxenctrl ---- */

xc_interface *xc_interface_open(xentoollog_logger *l, xentoollog_logger *d, unsigned flags)
{
    GUARD;
    (void)l, (void)d, (void)flags;
    return (xc_interface *)&handle;
}

int xc_interface_close(xc_interface *x) { (void)x; return 0; }

int xc_domain_getinfolist(xc_interface *x, uint32_t first, unsigned max, xc_domaininfo_t *info)
{
    GUARD;
    (void)x;
    if (max < 1)
        return 0;
    if (first >= NDOMS || dead[first])
        return 0;
    memset(info, 0, sizeof(*info));
    info->domain = first;
    return 1;
}
