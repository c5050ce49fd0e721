/*
 * fuzz_pvdev.c - libFuzzer target: three xyl-blkback disks of two guests
 * driven through the whole daemon minus Xen (pv_dev.c's handshake, watches,
 * events and timers; vbd.c's prepare/connect parsers and rings; the xenbus
 * parsers), on the fake xenstore and Xen of the unit tests, while the
 * guests do anything: write any bytes (NULs included) to any frontend node,
 * flood their state node, storm and race their event channels, set up
 * rings of one to 32 pages (well-formed, or with a reference beyond the
 * count, beside the others or repeated), ask for persistent grants (whose
 * pages then stay mapped: blk_pgnt.c), poke their ring pages, reconnect
 * in loops; the toolstack takes devices offline, removes and re-adds them;
 * domains die.
 *
 * Input: a byte stream of operations (see op() below).  Besides ASan and
 * UBSan it aborts when an invariant breaks: one turn of the loop costs at
 * most a bounded number of xenstore reads whatever the guests did; a failed
 * device is never connected; every request taken from a served ring is
 * answered (but a discard in progress); every device runnable with requests
 * gets some served in each turn (fairness across the three); after shutdown
 * no port is bound and no grant mapped (and every unmap gave back a whole
 * mapped ring: fake_xen.c aborts otherwise).  The xb_parse_* parsers also
 * get the raw input.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pv-drivers/blkback/blkd.h"
#include "pv-drivers/common/pv_log.h"
#include "pv-drivers/xenbus/xb_dev.h"
#include "pv-drivers/xenbus/xb_parse.h"
#include "fake_xs.h"
#include "fake_xen.h"
#include "fake_devs.h"

#define NDEV 3
#define GPAGES 16
/* dev_step's four rounds of a few reads, a connect's reads, for each of
 * the three devices, and a scan: far below what a flood would cost */
#define TURN_READS_MAX 200

static const struct { uint32_t domid, devid; } devs[NDEV] = {
    { 1, 51712 }, { 1, 51728 }, { 2, 51712 },
};
/* not a node: a whole multi-page ring written at once (see set_ring) */
#define RING_NODES "*ring"
static const char *const nodes[] = {
    "state", "ring-ref", "event-channel", "protocol", "ring-page-order",
    "multi-queue-num-queues", "state/sub", "feature-persistent",
    "ring-ref0", "ring-ref1", "ring-ref3", "ring-ref16", RING_NODES,
};
#define NNODES (sizeof(nodes) / sizeof(nodes[0]))

static struct pv_devs S;
static long clock_ms;
static int imgfd[NDEV] = { -1, -1, -1 };
static uint8_t gpages[GPAGES][4096];

static long fake_now(void) { return clock_ms; }

/* The guest's pages for grant copies: refs 0..15. */
int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    unsigned i;

    (void)xgt, (void)domid;
    for (i = 0; i < n; i++) {
        if (seg[i].gref >= GPAGES || seg[i].offset + seg[i].len > 4096)
            return -1;
        if (to_guest)
            memcpy(gpages[seg[i].gref] + seg[i].offset, buf, seg[i].len);
        else
            memcpy(buf, gpages[seg[i].gref] + seg[i].offset, seg[i].len);
        buf += seg[i].len;
    }
    return 0;
}

static void fe_path(char *p, size_t n, int i, const char *node)
{
    snprintf(p, n, "/local/domain/%u/device/vbd/%u%s%s", devs[i].domid, devs[i].devid,
             node ? "/" : "", node ? node : "");
}

static void be_path(char *p, size_t n, int i, const char *node)
{
    snprintf(p, n, "/local/domain/0/backend/xyl-vbd/%u/%u%s%s", devs[i].domid, devs[i].devid,
             node ? "/" : "", node ? node : "");
}

static void xsw(const char *path, const void *v, unsigned len)
{
    xs_write(S.xs, XBT_NULL, path, v, len);
}

/* The toolstack's entries (as xb_dev_create leaves them). */
static void add_device(int i)
{
    char p[160], v[160];

    fe_path(v, sizeof(v), i, NULL);
    be_path(p, sizeof(p), i, "frontend");
    xsw(p, v, (unsigned)strlen(v));
    be_path(p, sizeof(p), i, "online");
    xsw(p, "1", 1);
    be_path(p, sizeof(p), i, "mode");
    xsw(p, "w", 1);
    snprintf(v, sizeof(v), "/proc/self/fd/%d", imgfd[i]);
    be_path(p, sizeof(p), i, "params");
    xsw(p, v, (unsigned)strlen(v));
    fe_path(p, sizeof(p), i, "state");
    xsw(p, "1", 1);
    /* the first guest's disks start out asking for persistent grants (the
     * guest may rewrite it), so their pages get mapped and kept */
    if (devs[i].domid == devs[0].domid) {
        fe_path(p, sizeof(p), i, "feature-persistent");
        xsw(p, "1", 1);
    }
    be_path(p, sizeof(p), i, "state");
    xsw(p, "1", 1);
}

/* A frontend's ring nodes in one go, from one byte: order 0..5 (5 is
 * beyond what the backend offers), grants 1..2^order, and one flaw or
 * none: a ring-ref beyond the count, a ring-ref beside ring-refN, one
 * grant twice. */
static void set_ring(int i, uint8_t b)
{
    unsigned order = b % 6, n = 1u << order, k, flaw = (b >> 3) & 3;
    char p[160], node[24], v[16];

    snprintf(v, sizeof(v), "%u", order);
    fe_path(p, sizeof(p), i, "ring-page-order");
    if (order > 0 || (b & 0x80))
        xsw(p, v, (unsigned)strlen(v));
    for (k = 0; k < n; k++) {
        if (order == 0)
            snprintf(node, sizeof(node), "ring-ref");
        else
            snprintf(node, sizeof(node), "ring-ref%u", k);
        snprintf(v, sizeof(v), "%u", flaw == 3 && k == n - 1 && n > 1 ? 1 : k + 1);
        fe_path(p, sizeof(p), i, node);
        xsw(p, v, (unsigned)strlen(v));
    }
    if (flaw == 1)
        snprintf(node, sizeof(node), "ring-ref%u", n);
    else if (flaw == 2)
        snprintf(node, sizeof(node), order ? "ring-ref" : "ring-ref0");
    if (flaw == 1 || flaw == 2) {
        fe_path(p, sizeof(p), i, node);
        xsw(p, "9", 1);
    }
}

static struct pv_dev *dev_of(int i)
{
    struct pv_dev *d;

    for (d = S.list; d; d = d->next)
        if (d->domid == devs[i].domid && d->devid == devs[i].devid)
            return d;
    return NULL;
}

static void check_devices(void)
{
    struct pv_dev *d;

    for (d = S.list; d; d = d->next) {
        struct vbd *v = (struct vbd *)d;
        blkif_back_ring_t *br = &v->b.ring.br;

        if (d->failed && d->connected)
            abort();
        if (d->connected && !v->b.ring.broken &&
            br->req_cons != br->rsp_prod_pvt + v->b.dpend.active + blk_busy(&v->b))
            abort();
    }
}

/* Fairness: every device that is runnable with requests on its ring at
 * the start of vbd_run gets some served in that turn, whatever the others
 * queued. */
static void turn(void)
{
    long r0 = fake_xs_reads();
    RING_IDX cons[NDEV];
    bool owed[NDEV];
    struct pv_dev *d;
    int i;

    pv_devs_timers(&S);
    pv_devs_events(&S);
    for (i = 0; i < NDEV; i++) {
        struct vbd *v = (struct vbd *)(d = dev_of(i));
        RING_IDX queued;

        owed[i] = false;
        if (!d || !d->connected || !d->runnable || v->b.ring.broken || v->b.dpend.active)
            continue;
        cons[i] = v->b.ring.br.req_cons;
        queued = ((blkif_sring_t *)v->ring_page)->req_prod - cons[i];
        owed[i] = queued > 0 && queued <= RING_SIZE(&v->b.ring.br);
    }
    vbd_run(&S);
    for (i = 0; i < NDEV; i++) {
        struct vbd *v = (struct vbd *)(d = dev_of(i));

        if (owed[i] && d && d->connected && !v->b.ring.broken && v->b.ring.br.req_cons == cons[i])
            abort();
    }
    pv_devs_xenstore(&S);
    if (fake_xs_reads() - r0 > TURN_READS_MAX)
        abort();
    check_devices();
}

static void parsers(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    uint64_t v;
    uint32_t domid, devid;
    const char *rest;
    size_t i;
    int st;

    memcpy(s, data, size);
    s[size] = '\0';
    if (xb_parse_uint(s, size, UINT64_MAX, &v) == 0) {
        if (size == 0 || size > XB_MAX_DIGITS)
            abort();
        for (i = 0; i < size; i++)
            if (s[i] < '0' || s[i] > '9')
                abort();
        if (strtoull(s, NULL, 10) != v)
            abort();
    }
    st = xb_parse_state(s, size);
    if (st < -1 || st > 8)
        abort();
    (void)xb_parse_bool(s, size);
    (void)xb_parse_protocol(s, size);
    if (xb_dev_split_backend_path(&xb_kind_vbd, s, &domid, &devid, &rest) >= 0 &&
        strncmp(s, XB_BACKEND_ROOT, strlen(XB_BACKEND_ROOT)))
        abort();
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0;
    int i, ops = 0;
    bool removed[NDEV] = { false };
    char p[160], v[32];

    parsers(data, size);
    pv_log_quiet = !getenv("FUZZ_PVDEV_LOG");     /* the daemon's lines, to reproduce */
    for (i = 0; i < NDEV; i++) {
        if (imgfd[i] < 0) {
            imgfd[i] = memfd_create("img", MFD_CLOEXEC);
            if (imgfd[i] < 0 || ftruncate(imgfd[i], 64 * 512))
                abort();
        }
    }
    fake_devs_init(&S, &xb_kind_vbd, &vbd_ops);
    S.now_ms = fake_now;
    clock_ms = 1000000;
    if (pv_devs_open(&S))
        abort();
    for (i = 0; i < NDEV; i++)
        add_device(i);
    pv_devs_scan(&S);
    turn();

#define NEXT() (pos < size ? data[pos++] : 0)
    while (pos < size && ops++ < 3000) {
        uint8_t b = NEXT();
        int dv = (b >> 4) % NDEV, k, n;
        struct pv_dev *d = dev_of(dv);
        const char *node = nodes[NEXT() % NNODES];

        switch (b & 15) {
        case 0:
        case 1: {               /* any bytes into a frontend node */
            char val[32];

            n = NEXT() % 24;
            for (k = 0; k < n; k++)
                val[k] = (char)NEXT();
            fe_path(p, sizeof(p), dv, node);
            xsw(p, val, (unsigned)n);
            break;
        }
        case 2:                 /* a plausible number */
            if (!strcmp(node, RING_NODES)) {
                set_ring(dv, NEXT());
                break;
            }
            snprintf(v, sizeof(v), "%u", NEXT() % 16);
            fe_path(p, sizeof(p), dv, node);
            xsw(p, v, (unsigned)strlen(v));
            break;
        case 3:
            if (d && d->connected)
                fake_xen_fire(d->port);
            break;
        case 4:
        case 5:
            turn();
            break;
        case 6:
            clock_ms += NEXT() * 4L;
            break;
        case 7:                 /* the guest pokes its ring page */
            if (d && d->connected) {
                unsigned off = (unsigned)NEXT() << 8;

                off |= NEXT();
                ((uint8_t *)((struct vbd *)d)->ring_page)[off % (4096 * ((struct vbd *)d)->ring_pages)] =
                    NEXT();
            }
            break;
        case 8:                 /* the guest removes a node, or its directory */
            fe_path(p, sizeof(p), dv, NEXT() % 4 ? node : NULL);
            xs_rm(S.xs, XBT_NULL, p);
            break;
        case 9:
            be_path(p, sizeof(p), dv, "online");
            xsw(p, NEXT() & 1 ? "1" : "0", 1);
            break;
        case 10:                /* the toolstack removes the device */
            be_path(p, sizeof(p), dv, NULL);
            xs_rm(S.xs, XBT_NULL, p);
            fe_path(p, sizeof(p), dv, NULL);
            xs_rm(S.xs, XBT_NULL, p);
            removed[dv] = true;
            break;
        case 11:
            if (removed[dv]) {
                add_device(dv);
                removed[dv] = false;
            }
            break;
        case 12:                /* the guest dies */
            if (NEXT() == 0x5a) {
                fake_xen_kill(devs[dv].domid);
                xsw("@releaseDomain", "", 0);
            }
            break;
        case 13:                /* a watch flood */
            fe_path(p, sizeof(p), dv, "state");
            n = 50 + NEXT();
            for (k = 0; k < n; k++)
                xsw(p, "4", 1);
            turn();
            break;
        case 14:                /* an event storm */
            n = NEXT();
            for (k = 0; k < n && d && d->connected; k++)
                fake_xen_fire(d->port);
            turn();
            break;
        case 15:                /* a read request on the ring */
            if (d && d->connected) {
                blkif_sring_t *sr = ((struct vbd *)d)->ring_page;
                blkif_request_t *r =
                    &sr->ring[sr->req_prod % RING_SIZE(&((struct vbd *)d)->b.ring.br)].req;

                memset(r, 0, sizeof(*r));
                r->operation = NEXT() % 4;
                r->nr_segments = 1;
                r->id = sr->req_prod;
                r->sector_number = NEXT() % 64;
                r->seg[0].gref = NEXT() % 20;
                r->seg[0].last_sect = 7;
                sr->req_prod++;
                fake_xen_fire(d->port);
            }
            break;
        }
    }
    while (fake_xs_events_queued() && ops++ < 10000)
        turn();
    pv_devs_close(&S);
    if (fake_xen_bound() != 0 || fake_xen_maps() != 0)
        abort();
    fake_xs_reset();
    return 0;
}
