/*
 * vbd.c - the disks xyl-blkback serves: their image, ring mapping and event
 * channel (the xenbus handshake around them is pv_dev.c's).
 *
 * Trust: the backend directory is dom0's (the guest can only read it), so
 * params/mode there are ours.  The frontend's nodes are read once and
 * parsed strictly.
 */
#define _GNU_SOURCE
#include "blkd.h"
#include "blk_image.h"
#include "blk_uring.h"
#include "vbd_ring.h"
#include "../common/pv_hand.h"
#include "../common/pv_log.h"

#include "../xenbus/xb_dev.h"
#include "../xenbus/xb_parse.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xenbus.h>

/* Refused requests logged per device: the first few, then every 1000th
 * (a hostile guest must not be able to fill dom0's disk with our log). */
#define BAD_LOG_FIRST 10

#define VBD(d) ((struct vbd *)(d))      /* struct pv_dev is the first member */

static struct pv_dev *vbd_alloc(struct pv_devs *s, uint32_t domid, uint32_t devid)
{
    struct vbd *v = calloc(1, sizeof(*v));

    /* with io_uring, a window of requests under way (blk_io.h), each with
     * its slot of the buffer: 8 MiB of address space, touched only as
     * far as the guest's requests reach */
    unsigned depth = blk_uring_on() ? BLK_INFLIGHT_MAX : 1;

    if (!v || posix_memalign((void **)&v->b.buf, BLK_SEG_PAGE, (size_t)depth * BLK_MAX_BYTES)) {
        free(v);
        return NULL;
    }
    v->b.depth = depth;
    (void)devid;
    v->b.disk.fd = -1;
    v->gnt.xgt = s->xgt;
    v->gnt.domid = (uint16_t)domid;
    v->b.gops.copy = blk_gnt_copy;
    v->b.gops.fetch = blk_gnt_fetch;
    v->b.gops.iov = blk_gnt_iov;
    v->b.gops.ctx = &v->gnt;
    if (blk_uring_on()) {
        v->b.aio.submit = blk_uring_submit;
        v->b.aio.kick = blk_uring_kick;
    }
    return &v->dev;
}

/* blk_uring's completion callback: one of the device's requests under way
 * can be answered (in its turn); serve it in this turn. */
static void io_done(struct blk_backend *b)
{
    struct vbd *v = (struct vbd *)((char *)b - offsetof(struct vbd, b));

    v->dev.runnable = true;
}

int vbd_setup(struct pv_devs *s)
{
    (void)s;
    (void)blk_uring_open(io_done);      /* else synchronous, said in the log */
    return 0;
}

void vbd_teardown(void)
{
    blk_uring_close();
}

/* ops->detach: by the device's owner (the ring thread while lent): its
 * requests under way finish and are answered, then the ring and event
 * channel go.  No xenstore (pv_dev_back logs the counters). */
static void vbd_detach(struct pv_devs *s, struct pv_dev *d)
{
    struct vbd *v = VBD(d);

    if (!d->connected)
        return;
    if (blk_busy(&v->b)) {
        /* the kernel writes into its buffer until they complete; then
         * they are answered like any other request taken */
        blk_uring_wait(&v->b);
        if (blk_finish(&v->b))
            xenevtchn_notify(s->xce, d->port);
    }
    /* every request was answered: the frontend may now end its grants.
     * Not while an image I/O may still write into its pages (io_uring
     * failed to wait: vbd_free keeps the memory too) */
    if (v->gnt.persistent && !blk_busy(&v->b)) {
        unsigned mapped = blk_pgnt_mapped(&v->gnt.pg);

        /* hits and full count lookups (a request that falls back to a
         * copy looks its pages up twice), refused the maps Xen refused */
        pv_dev_log(s, d, "persistent grants: %u page%s mapped, %" PRIu64 " lookups found one, %"
                   PRIu64 " refused, %" PRIu64 " lookups without room", mapped,
                   mapped == 1 ? "" : "s", v->gnt.pg.hits, v->gnt.pg.refused, v->gnt.pg.full);
        blk_pgnt_release(&v->gnt.pg, s->xgt);
        v->gnt.persistent = false;
    }
    xenevtchn_unbind(s->xce, d->port);
    xengnttab_unmap(s->xgt, v->ring_page, v->ring_pages);
    v->ring_page = NULL;
    v->ring_pages = 0;
    d->connected = d->runnable = false;
}

static void close_image(struct vbd *v)
{
    if (v->b.disk.fd >= 0 && blk_image_close(&v->b.disk))
        pv_log("domain %u device %u: fdatasync of the image failed: %s",
               v->dev.domid, v->dev.devid, strerror(errno));
}

/* -> Closed: the ring goes, and the image is synced and closed. */
static void vbd_close(struct pv_devs *s, struct pv_dev *d)
{
    vbd_detach(s, d);
    close_image(VBD(d));
}

static void vbd_free(struct pv_devs *s, struct pv_dev *d)
{
    struct vbd *v = VBD(d);

    /* every request we took has been answered (requests run to
     * completion): syncing now makes all acknowledged writes durable */
    vbd_close(s, d);
    if (blk_busy(&v->b)) {      /* io_uring failed to wait: the kernel may still write */
        pv_log("domain %u device %u: an image I/O never completed; its memory is kept",
               d->domid, d->devid);
        return;
    }
    free(v->b.buf);
    free(v);
}

/* The toolstack's `takeover` node (dom0's directory: ours to trust) names
 * the domain whose same disk this device continues: the guest's previous
 * incarnation (a restart, a migration on this host).  Its image fd, if we
 * serve it and that domain can no longer run (shut down, suspended, dying
 * or gone); else -1. */
static int takeover_fd(struct pv_devs *s, struct vbd *v)
{
    unsigned len;
    char *t = xb_read(s->xs, XBT_NULL, v->dev.be, "takeover", &len);
    struct pv_dev *old;
    uint32_t domid;
    int fd = -1;

    if (t && xb_parse_u32(t, len, XB_DOMID_MAX, &domid) == 0 && domid != v->dev.domid &&
        (old = pv_dev_find(s, domid, v->dev.devid)) && VBD(old)->b.disk.fd >= 0 &&
        pv_domain_stopped(s, domid))
        fd = VBD(old)->b.disk.fd;
    free(t);
    return fd;
}

static int open_image(struct pv_devs *s, struct vbd *v)
{
    struct pv_dev *d = &v->dev;
    char err[XB_ERR_LEN];
    unsigned len;
    char *params, *mode;
    bool ro;
    int rc;

    if (v->b.disk.fd >= 0)
        return 0;
    params = xb_read(s->xs, XBT_NULL, d->be, "params", &len);
    mode = xb_read(s->xs, XBT_NULL, d->be, "mode", NULL);
    ro = !(mode && !strcmp(mode, "w"));     /* anything but "w" is read-only */
    if (params && strlen(params) != len) {
        free(params);                       /* an embedded NUL: not a path */
        params = NULL;
    }
    rc = blk_image_open(params, ro, takeover_fd(s, v), &v->b.disk, err, sizeof(err));
    v->b.disk.lim.max_indirect = BLK_MAX_INDIRECT_SEGS;
    v->sectors = v->b.disk.lim.sectors;
    if (rc)
        pv_dev_fail(s, d, "%s", err);
    else
        pv_dev_log(s, d, "%s %s, %" PRIu64 " sectors", ro ? "read-only" : "read-write", params,
                   v->b.disk.lim.sectors);
    free(params);
    free(mode);
    return rc;
}

/* The features published at an earlier prepare are still there: the
 * same limits, and the backend's `sectors` node (dom0's directory: only
 * the toolstack and we write it) still says them.  A frontend that
 * reconnects in a loop then costs one read per prepare instead of about
 * ten writes (each a round trip to xenstored on the daemon's one thread,
 * and a watch event back to us; make lab-hostile). */
static bool still_published(struct pv_devs *s, struct vbd *v)
{
    const struct blk_limits *a = &v->b.disk.lim, *b = &v->published_lim;
    uint64_t sectors;
    unsigned len;
    char *node;
    bool same;

    if (!v->published || a->sectors != b->sectors || a->readonly != b->readonly ||
        a->discard != b->discard || a->max_indirect != b->max_indirect)
        return false;
    node = xb_read(s->xs, XBT_NULL, v->dev.be, "sectors", &len);
    same = node && xb_parse_uint(node, len, UINT64_MAX, &sectors) == 0 && sectors == a->sectors;
    free(node);
    return same;
}

/* Initialising -> InitWait: publish what the frontend needs to know. */
static int vbd_prepare(struct pv_devs *s, struct pv_dev *d)
{
    struct vbd *v = VBD(d);
    const struct blk_limits *lim = &v->b.disk.lim;
    int bad = 0;

    vbd_detach(s, d);
    if (open_image(s, v))
        return -1;
    if (still_published(s, v))
        return 0;
    v->published = false;
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-flush-cache", "1");
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-barrier", "0");
    /* pages the frontend reuses are mapped once and the I/O done on
     * them, not a grant copy per request (blk_pgnt.h) */
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-persistent", "1");
    /* requests of up to 1 MiB instead of 44 KiB: fewer round trips */
    bad |= xb_writef(s->xs, XBT_NULL, d->be, "feature-max-indirect-segments", "%u",
                     lim->max_indirect);
    /* a ring of up to 16 pages: 512 requests in flight instead of 32 */
    bad |= xb_writef(s->xs, XBT_NULL, d->be, "max-ring-page-order", "%u", VBD_RING_MAX_ORDER);
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-discard", lim->discard ? "1" : "0");
    if (lim->discard) {
        bad |= xb_write(s->xs, XBT_NULL, d->be, "discard-granularity", "4096");
        bad |= xb_write(s->xs, XBT_NULL, d->be, "discard-alignment", "0");
    }
    bad |= xb_writef(s->xs, XBT_NULL, d->be, "sectors", "%" PRIu64, lim->sectors);
    bad |= xb_write(s->xs, XBT_NULL, d->be, "sector-size", "512");
    bad |= xb_writef(s->xs, XBT_NULL, d->be, "info", "%u", lim->readonly ? VDISK_READONLY : 0);
    if (bad) {
        pv_dev_fail(s, d, "cannot publish the device's features: %s", strerror(errno));
        return -1;
    }
    v->published = true;
    v->published_lim = *lim;
    return 0;
}

/* InitWait -> Connected: the frontend's ring and event channel. */
static int vbd_connect(struct pv_devs *s, struct pv_dev *d, bool resume)
{
    struct vbd *v = VBD(d);
    struct vbd_ring_refs rr;
    uint32_t port, n;
    bool present;
    unsigned len;
    char *proto;
    enum xb_proto p;
    xenevtchn_port_or_error_t local;

    if (open_image(s, v))
        return -1;
    /* What we did not offer must not be asked for. */
    if (pv_dev_fe_u32(s, d, "multi-queue-num-queues", &n, &present), present && n != 1) {
        pv_dev_fail(s, d, "the frontend asks for several queues (not offered)");
        return -1;
    }
    if (vbd_ring_read(s, d, &rr))
        return -1;
    /* anything but 1 (or absent) means grant copies only */
    v->gnt.persistent = pv_dev_fe_u32(s, d, "feature-persistent", &n, &present) == 0 &&
                        present && n == 1;
    if (pv_dev_fe_u32(s, d, "event-channel", &port, NULL)) {
        pv_dev_fail(s, d, "the frontend's event-channel is missing or not a number");
        return -1;
    }
    proto = xb_read(s->xs, XBT_NULL, d->fe, "protocol", &len);
    p = xb_parse_protocol(proto, len);
    free(proto);
    if (!xb_proto_supported(p)) {
        /* 32-bit guests lay requests out differently (id at offset 4) */
        pv_dev_fail(s, d, "the frontend's ring protocol is not supported (x86_64-abi only)");
        return -1;
    }
    v->ring_page = vbd_ring_map(s, d, &rr);
    if (!v->ring_page)
        return -1;
    v->ring_pages = rr.n;
    local = xenevtchn_bind_interdomain(s->xce, d->domid, port);
    if (local < 0) {
        pv_dev_fail(s, d, "cannot bind the frontend's event channel %u: %s", port,
                    strerror(errno));
        xengnttab_unmap(s->xgt, v->ring_page, v->ring_pages);
        v->ring_page = NULL;
        v->ring_pages = 0;
        return -1;
    }
    d->port = (evtchn_port_t)local;
    /* the ring's size (requests) follows from its bytes, as ring.h has it */
    if (resume)
        blk_ring_resume(&v->b.ring, v->ring_page, (size_t)rr.n * VBD_RING_PAGE);
    else
        blk_ring_attach(&v->b.ring, v->ring_page, (size_t)rr.n * VBD_RING_PAGE);
    d->connected = true;
    d->runnable = true;     /* requests may be queued already (a resumed ring) */
    pv_dev_log(s, d, "connected%s (ring of %u page%s, %u requests, first grant %u, "
               "event channel %u -> %u%s)", resume ? " again" : "", rr.n, rr.n == 1 ? "" : "s",
               blk_ring_size(&v->b.ring), rr.ref[0], port, d->port,
               v->gnt.persistent ? ", persistent grants" : "");
    return 0;
}

/* An image that grew (xyl apply raised the disk's size: and wrote
 * `xyl-resize` to wake us): publish the new `sectors` and write our state
 * again, in one transaction, as Linux's blkback does on a resize; the
 * frontend re-reads the size when the backend's state is rewritten.  A
 * smaller image changes nothing (reads past its end give zeros).  The
 * xenbus thread, the device possibly lent: the size the ring checks
 * requests against (disk.lim.sectors) is the ring thread's, handed on
 * with pv_hand_update (vbd_update); v->sectors is this side's copy. */
static void vbd_refresh(struct pv_devs *s, struct pv_dev *d)
{
    struct vbd *v = VBD(d);
    uint64_t sectors;
    int tries;

    if (v->b.disk.fd < 0 || blk_image_sectors(&v->b.disk, &sectors) || sectors <= v->sectors)
        return;
    for (tries = 0; tries < XB_TX_TRIES; tries++) {
        xs_transaction_t t = xs_transaction_start(s->xs);

        if (t == XBT_NULL)
            break;
        if (xb_writef(s->xs, t, d->be, "sectors", "%" PRIu64, sectors) ||
            xb_writef(s->xs, t, d->be, "state", "%d", XenbusStateConnected)) {
            xs_transaction_end(s->xs, t, true);
            break;
        }
        if (xs_transaction_end(s->xs, t, false)) {
            pv_dev_log(s, d, "grew from %" PRIu64 " to %" PRIu64 " sectors", v->sectors, sectors);
            v->sectors = sectors;
            pv_hand_update(s, d, sectors);
            return;
        }
        if (errno != EAGAIN)
            break;
    }
    pv_dev_log(s, d, "cannot publish its new size: %s", strerror(errno));
}

/* ops->update: the new size, by the device's owner. */
static void vbd_update(struct pv_devs *s, struct pv_dev *d, uint64_t sectors)
{
    (void)s;
    VBD(d)->b.disk.lim.sectors = sectors;
}

/* ops->stats: the counters as `xyl stats` and xyl-exporter read them. */
static void vbd_stats(struct pv_devs *s, struct pv_dev *d, char *buf, size_t len)
{
    const struct blk_stats *st = &VBD(d)->b.st;

    (void)s;
    snprintf(buf, len,
             "reads=%" PRIu64 " writes=%" PRIu64 " read_sectors=%" PRIu64 " write_sectors=%" PRIu64
             " flushes=%" PRIu64 " discards=%" PRIu64 " errors=%" PRIu64 " unsupported=%" PRIu64,
             st->reads, st->writes, st->read_sectors, st->write_sectors, st->flushes, st->discards,
             st->errors, st->unsupported);
}

const struct pv_dev_ops vbd_ops = {
    .noun = "device",
    .alloc = vbd_alloc,
    .free = vbd_free,
    .prepare = vbd_prepare,
    .connect = vbd_connect,
    .close = vbd_close,
    .detach = vbd_detach,
    .stats = vbd_stats,
    .refresh = vbd_refresh,
    .update = vbd_update,
};

static void log_refused(struct vbd *v)
{
    uint64_t bad = v->b.st.errors + v->b.st.unsupported;

    if (bad == v->bad_seen)
        return;
    if (v->bad_logged < BAD_LOG_FIRST || bad / 1000 != v->bad_seen / 1000) {
        v->bad_logged++;
        pv_log("domain %u device %u: refused a request: %s (%" PRIu64 " so far)",
               v->dev.domid, v->dev.devid, v->b.st.last_why ? v->b.st.last_why : "?", bad);
    }
    v->bad_seen = bad;
}

/* Requests taken so far that passed the checks (whatever their I/O did):
 * only they make an event worth its wakeup.  A guest whose requests are
 * all refused (garbage) backs off like one storming its channel
 * (pv_dev_served), instead of taking the thread for a turn at every
 * event. */
static uint64_t valid_requests(const struct blk_stats *st)
{
    return st->reads + st->writes + st->flushes + st->discards;
}

bool vbd_run(struct pv_devs *s)
{
    struct pv_dev *d, *next;
    bool more = false;

    for (d = s->served; d; d = next) {
        struct vbd *v = VBD(d);
        bool notify;
        int rc;

        uint64_t valid;

        next = d->serve.next;  /* a cut-off takes d off the list */
        if (!d->connected || !d->runnable)
            continue;
        valid = valid_requests(&v->b.st) + v->b.completed;
        rc = blk_serve(&v->b, BLK_TURN_BYTES, BLK_TURN_NS, &notify);
        if (notify)
            xenevtchn_notify(s->xce, d->port);
        log_refused(v);
        d->runnable = rc == BLK_SERVE_MORE;
        more |= d->runnable;
        /* unmasks its port unless more is left; an event that found no
         * valid request counts towards the backoff.  A request whose I/O
         * is under way (WAIT) keeps the port masked: the guest's events
         * meanwhile wait in Xen until the completion was served; a turn
         * that answered completed I/O worked too */
        pv_dev_served(s, d, valid_requests(&v->b.st) + v->b.completed != valid ||
                      rc == BLK_SERVE_WAIT,
                      d->runnable || rc == BLK_SERVE_WAIT);
        if (rc == BLK_SERVE_BROKEN)
            pv_dev_cut_off(s, d, "producer index out of range");        /* d is gone */
    }
    /* a submit takes the completions that are there, other devices' too:
     * those may have become runnable after their turn */
    for (d = s->served; d && !more; d = d->serve.next)
        more = d->connected && d->runnable;
    return more;
}
