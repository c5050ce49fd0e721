/*
 * vbd.c - the devices xyl-blkback serves: their xenbus handshake (driven by
 * xb_backend_step), ring mapping and event channel, and teardown.
 *
 * Trust: the backend directory is dom0's (the guest can only read it), so
 * params/mode/online/state there are ours.  Everything in the frontend
 * directory is the guest's and is read once, parsed strictly, and never
 * logged verbatim.  Paths are always built from numbers we hold, never
 * taken from a node (the guest owns its `backend` node and could point it
 * anywhere).
 */
#define _GNU_SOURCE
#include "blkd.h"
#include "blk_image.h"
#include "../common/pv_log.h"

#include "../xenbus/xb_dev.h"
#include "../xenbus/xb_parse.h"
#include "../xenbus/xb_state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Refused requests logged per device: the first few, then every 1000th
 * (a hostile guest must not be able to fill dom0's disk with our log). */
#define BAD_LOG_FIRST 10
#define BATCH_BUDGET 64

static struct vbd *find(struct blkd *d, uint32_t domid, uint32_t devid)
{
    struct vbd *v;

    for (v = d->vbds; v; v = v->next)
        if (v->domid == domid && v->devid == devid)
            return v;
    return NULL;
}

static struct vbd *vbd_new(struct blkd *d, uint32_t domid, uint32_t devid)
{
    struct vbd *v = calloc(1, sizeof(*v));
    char path[XB_PATH_MAX + 8];

    if (!v || posix_memalign((void **)&v->b.buf, BLK_SEG_PAGE, BLK_MAX_BYTES)) {
        free(v);
        pv_log("out of memory for device %u of domain %u", devid, domid);
        return NULL;
    }
    v->domid = domid;
    v->devid = devid;
    xb_backend_path(v->be, sizeof(v->be), domid, devid);
    xb_frontend_path(v->fe, sizeof(v->fe), domid, devid);
    snprintf(v->fe_token, sizeof(v->fe_token), "fe:%u:%u", domid, devid);
    v->b.disk.fd = -1;
    v->gnt.xgt = d->xgt;
    v->gnt.domid = (uint16_t)domid;
    v->b.gops.copy = blk_gnt_copy;
    v->b.gops.fetch = blk_gnt_fetch;
    v->b.gops.ctx = &v->gnt;
    snprintf(path, sizeof(path), "%s/state", v->fe);
    v->watching = xs_watch(d->xs, path, v->fe_token);
    if (!v->watching)
        pv_log("%s: cannot watch the frontend state: %s", v->be, strerror(errno));
    v->next = d->vbds;
    d->vbds = v;
    pv_log("domain %u device %u: new (%s)", domid, devid, v->be);
    return v;
}

static void disconnect(struct blkd *d, struct vbd *v)
{
    if (!v->connected)
        return;
    xenevtchn_unbind(d->xce, v->port);
    xengnttab_unmap(d->xgt, v->ring_page, 1);
    v->ring_page = NULL;
    v->connected = v->runnable = false;
    pv_log("domain %u device %u: disconnected (%" PRIu64 " reads, %" PRIu64 " writes, %"
            PRIu64 " flushes, %" PRIu64 " refused)", v->domid, v->devid, v->b.st.reads,
            v->b.st.writes, v->b.st.flushes, v->b.st.errors + v->b.st.unsupported);
}

static void close_image(struct vbd *v)
{
    if (v->b.disk.fd >= 0 && blk_image_close(&v->b.disk))
        pv_log("domain %u device %u: fdatasync of the image failed: %s",
                v->domid, v->devid, strerror(errno));
}

static void vbd_free(struct blkd *d, struct vbd *v)
{
    struct vbd **pp;
    char path[XB_PATH_MAX + 8];

    disconnect(d, v);
    close_image(v);
    if (v->watching) {
        snprintf(path, sizeof(path), "%s/state", v->fe);
        xs_unwatch(d->xs, path, v->fe_token);
    }
    for (pp = &d->vbds; *pp; pp = &(*pp)->next) {
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    }
    free(v->b.buf);
    free(v);
}

/* Say why in the log and in backend/error (the toolstack shows it). */
static void __attribute__((format(printf, 3, 4))) fail(struct blkd *d, struct vbd *v,
                                                       const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_log("domain %u device %u: %s", v->domid, v->devid, msg);
    xb_write(d->xs, XBT_NULL, v->be, "error", msg);
    v->failed = true;
}

static int open_image(struct blkd *d, struct vbd *v)
{
    char err[XB_ERR_LEN];
    unsigned len;
    char *params, *mode;
    bool ro;
    int rc;

    if (v->b.disk.fd >= 0)
        return 0;
    params = xb_read(d->xs, XBT_NULL, v->be, "params", &len);
    mode = xb_read(d->xs, XBT_NULL, v->be, "mode", NULL);
    ro = !(mode && !strcmp(mode, "w"));     /* anything but "w" is read-only */
    if (params && strlen(params) != len) {
        free(params);                       /* an embedded NUL: not a path */
        params = NULL;
    }
    rc = blk_image_open(params, ro, &v->b.disk, err, sizeof(err));
    v->b.disk.lim.max_indirect = BLK_MAX_INDIRECT_SEGS;
    if (rc)
        fail(d, v, "%s", err);
    else
        pv_log("domain %u device %u: %s %s, %" PRIu64 " sectors", v->domid, v->devid,
                ro ? "read-only" : "read-write", params, v->b.disk.lim.sectors);
    free(params);
    free(mode);
    return rc;
}

/* Initialising -> InitWait: publish what the frontend needs to know. */
static int prepare(struct blkd *d, struct vbd *v)
{
    const struct blk_limits *lim = &v->b.disk.lim;
    int bad = 0;

    disconnect(d, v);
    if (open_image(d, v))
        return -1;
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-flush-cache", "1");
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-barrier", "0");
    /* requests of up to 1 MiB instead of 44 KiB: fewer round trips */
    bad |= xb_writef(d->xs, XBT_NULL, v->be, "feature-max-indirect-segments", "%u",
                     lim->max_indirect);
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-discard", lim->discard ? "1" : "0");
    if (lim->discard) {
        bad |= xb_write(d->xs, XBT_NULL, v->be, "discard-granularity", "4096");
        bad |= xb_write(d->xs, XBT_NULL, v->be, "discard-alignment", "0");
    }
    bad |= xb_writef(d->xs, XBT_NULL, v->be, "sectors", "%" PRIu64, lim->sectors);
    bad |= xb_write(d->xs, XBT_NULL, v->be, "sector-size", "512");
    bad |= xb_writef(d->xs, XBT_NULL, v->be, "info", "%u", lim->readonly ? VDISK_READONLY : 0);
    if (bad) {
        fail(d, v, "cannot publish the device's features: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* A frontend node that must be a number (hostile: strict parse). */
static int fe_u32(struct blkd *d, struct vbd *v, const char *node, uint32_t *out, bool *present)
{
    unsigned len;
    char *s = xb_read(d->xs, XBT_NULL, v->fe, node, &len);
    int rc = s ? xb_parse_u32(s, len, UINT32_MAX, out) : -1;

    if (present)
        *present = s != NULL;
    free(s);
    return rc;
}

/* InitWait -> Connected: the frontend's ring and event channel. */
static int connect_ring(struct blkd *d, struct vbd *v, bool resume)
{
    uint32_t ref, port, n;
    bool present;
    unsigned len;
    char *proto;
    enum xb_proto p;
    xenevtchn_port_or_error_t local;

    if (open_image(d, v))
        return -1;
    /* What we did not offer must not be asked for. */
    if (fe_u32(d, v, "ring-page-order", &n, &present), present && n != 0) {
        fail(d, v, "the frontend asks for a multi-page ring (not offered)");
        return -1;
    }
    if (fe_u32(d, v, "multi-queue-num-queues", &n, &present), present && n != 1) {
        fail(d, v, "the frontend asks for several queues (not offered)");
        return -1;
    }
    if (fe_u32(d, v, "ring-ref", &ref, NULL) || fe_u32(d, v, "event-channel", &port, NULL)) {
        fail(d, v, "the frontend's ring-ref or event-channel is missing or not a number");
        return -1;
    }
    proto = xb_read(d->xs, XBT_NULL, v->fe, "protocol", &len);
    p = xb_parse_protocol(proto, len);
    free(proto);
    if (!xb_proto_supported(p)) {
        /* 32-bit guests lay requests out differently (id at offset 4) */
        fail(d, v, "the frontend's ring protocol is not supported (x86_64-abi only)");
        return -1;
    }
    v->ring_page = xengnttab_map_grant_ref(d->xgt, v->domid, ref, PROT_READ | PROT_WRITE);
    if (!v->ring_page) {
        fail(d, v, "cannot map the frontend's ring (grant %u): %s", ref, strerror(errno));
        return -1;
    }
    local = xenevtchn_bind_interdomain(d->xce, v->domid, port);
    if (local < 0) {
        fail(d, v, "cannot bind the frontend's event channel %u: %s", port, strerror(errno));
        xengnttab_unmap(d->xgt, v->ring_page, 1);
        v->ring_page = NULL;
        return -1;
    }
    v->port = (evtchn_port_t)local;
    if (resume)
        blk_ring_resume(&v->b.ring, v->ring_page, BLK_RING_PAGE);
    else
        blk_ring_attach(&v->b.ring, v->ring_page, BLK_RING_PAGE);
    v->connected = true;
    v->runnable = true;     /* requests may be queued already (a resumed ring) */
    pv_log("domain %u device %u: connected%s (ring grant %u, event channel %u -> %u)",
            v->domid, v->devid, resume ? " again" : "", ref, port, v->port);
    return 0;
}

/* Run the state machine until it settles (our own state write can enable
 * the next step, e.g. Initialising -> InitWait -> Connected). */
static void vbd_step(struct blkd *d, struct vbd *v)
{
    int i;

    for (i = 0; i < 4; i++) {
        struct xb_view view = { .have_ring = v->connected };
        unsigned len;
        char *on;
        enum xb_action act;
        int next, rc = 0;

        errno = 0;
        view.be_state = xb_read_state(d->xs, XBT_NULL, v->be);
        if (view.be_state < 0 && errno == ENOENT) {
            unsigned n;
            char *dir = xs_read(d->xs, XBT_NULL, v->be, &n);

            free(dir);
            if (!dir) {         /* the toolstack removed the device */
                pv_log("domain %u device %u: removed", v->domid, v->devid);
                vbd_free(d, v);
                return;
            }
        }
        if (v->failed)          /* stays down until the toolstack removes it */
            return;
        on = xb_read(d->xs, XBT_NULL, v->be, "online", &len);
        view.online = on && xb_parse_bool(on, len) == 1;
        free(on);
        view.fe_state = xb_read_state(d->xs, XBT_NULL, v->fe);

        act = xb_backend_step(&view, &next);
        if (act == XB_ACT_NONE)
            return;
        pv_debug("domain %u device %u: backend %s, frontend %s%s: %s", v->domid, v->devid,
                  xb_state_name(view.be_state), xb_state_name(view.fe_state),
                  view.online ? "" : ", offline", xb_action_name(act));
        switch (act) {
        case XB_ACT_PREPARE:
            rc = prepare(d, v);
            break;
        case XB_ACT_CONNECT:
            rc = connect_ring(d, v, view.be_state == XenbusStateConnected);
            break;
        case XB_ACT_CLOSING:     /* the ring stays until the frontend is Closed */
            break;
        case XB_ACT_CLOSED:
            disconnect(d, v);
            close_image(v);
            break;
        case XB_ACT_NONE:
            break;
        }
        if (rc)         /* the toolstack sees Closed/Closing and our error */
            next = act == XB_ACT_PREPARE ? XenbusStateClosed : XenbusStateClosing;
        if (next != view.be_state && xb_writef(d->xs, XBT_NULL, v->be, "state", "%d", next))
            pv_log("domain %u device %u: cannot write state: %s", v->domid, v->devid,
                    strerror(errno));
        if (rc)
            return;
    }
}

void vbd_event(struct blkd *d, uint32_t domid, uint32_t devid)
{
    struct vbd *v = find(d, domid, devid);

    if (!v) {
        char be[XB_PATH_MAX], *fe;
        unsigned n;

        /* a device appears when the toolstack's transaction wrote it */
        fe = xb_read(d->xs, XBT_NULL, xb_backend_path(be, sizeof(be), domid, devid),
                     "frontend", &n);
        free(fe);
        if (!fe || !(v = vbd_new(d, domid, devid)))
            return;
    }
    vbd_step(d, v);
}

void vbd_fe_event(struct blkd *d, const char *token)
{
    unsigned domid, devid;
    struct vbd *v;
    int end = 0;

    if (sscanf(token, "fe:%u:%u%n", &domid, &devid, &end) != 2 || token[end])
        return;
    v = find(d, domid, devid);
    if (v)
        vbd_step(d, v);
}

static bool domain_alive(struct blkd *d, uint32_t domid)
{
    xc_domaininfo_t info;
    int n = xc_domain_getinfolist(d->xch, domid, 1, &info);

    if (n < 0)
        return true;            /* cannot tell: never reap on an error */
    return n == 1 && info.domain == domid && !(info.flags & XEN_DOMINF_dying);
}

void vbd_reap_dead(struct blkd *d)
{
    struct vbd *v, *next;
    char err[XB_ERR_LEN];

    for (v = d->vbds; v; v = next) {
        uint32_t domid = v->domid, devid = v->devid;

        next = v->next;
        if (domain_alive(d, domid))
            continue;
        /* release the ring first: until then Xen keeps the dying domain */
        pv_log("domain %u device %u: the guest is gone; releasing and removing its nodes",
                domid, devid);
        vbd_free(d, v);
        if (xb_vbd_remove(d->xs, domid, devid, err, sizeof(err)))
            pv_log("domain %u: %s", domid, err);
    }
}

void vbd_scan(struct blkd *d)
{
    unsigned i, j, nd = 0, nv;
    char **doms, **devs, path[XB_PATH_MAX];
    struct vbd *v, *next;

    doms = xs_directory(d->xs, XBT_NULL, XB_BACKEND_ROOT, &nd);
    for (i = 0; doms && i < nd; i++) {
        uint32_t domid, devid;

        if (xb_parse_u32(doms[i], strlen(doms[i]), XB_DOMID_MAX, &domid))
            continue;
        nv = 0;
        devs = xs_directory(d->xs, XBT_NULL, xb_backend_domain_path(path, sizeof(path), domid), &nv);
        for (j = 0; devs && j < nv; j++)
            if (!xb_parse_u32(devs[j], strlen(devs[j]), UINT32_MAX, &devid))
                vbd_event(d, domid, devid);
        free(devs);
    }
    free(doms);
    /* known devices whose directories went away */
    for (v = d->vbds; v; v = next) {
        next = v->next;
        vbd_step(d, v);
    }
    vbd_reap_dead(d);
}

void vbd_kick(struct blkd *d, evtchn_port_t port)
{
    struct vbd *v;

    for (v = d->vbds; v; v = v->next)
        if (v->connected && v->port == port)
            v->runnable = true;
}

static void log_refused(struct vbd *v)
{
    uint64_t bad = v->b.st.errors + v->b.st.unsupported;

    if (bad == v->bad_seen)
        return;
    if (v->bad_logged < BAD_LOG_FIRST || bad / 1000 != v->bad_seen / 1000) {
        v->bad_logged++;
        pv_log("domain %u device %u: refused a request: %s (%" PRIu64 " so far)",
                v->domid, v->devid, v->b.st.last_why ? v->b.st.last_why : "?", bad);
    }
    v->bad_seen = bad;
}

bool vbd_run(struct blkd *d)
{
    struct vbd *v, *next;
    bool more = false;

    for (v = d->vbds; v; v = next) {
        bool notify;
        int rc;

        next = v->next;
        if (!v->connected || !v->runnable)
            continue;
        rc = blk_serve(&v->b, BATCH_BUDGET, &notify);
        if (notify)
            xenevtchn_notify(d->xce, v->port);
        log_refused(v);
        v->runnable = rc == BLK_SERVE_MORE;
        more |= v->runnable;
        if (rc == BLK_SERVE_BROKEN) {
            fail(d, v, "the frontend broke the ring protocol (producer index out of range)");
            disconnect(d, v);
            xb_writef(d->xs, XBT_NULL, v->be, "state", "%d", XenbusStateClosing);
        }
    }
    return more;
}

void vbd_shutdown_all(struct blkd *d)
{
    while (d->vbds) {
        struct vbd *v = d->vbds;

        /* every request we took has been answered (requests run to
         * completion): syncing now makes all acknowledged writes durable */
        vbd_free(d, v);
    }
}

void vbd_log_stats(struct blkd *d)
{
    struct vbd *v;
    int n = 0;

    for (v = d->vbds; v; v = v->next, n++)
        pv_log("domain %u device %u: %s, %" PRIu64 " reads, %" PRIu64 " writes, %" PRIu64
                " flushes, %" PRIu64 " discards, %" PRIu64 " errors, %" PRIu64 " unsupported",
                v->domid, v->devid, v->failed ? "failed" : v->connected ? "connected" : "idle",
                v->b.st.reads, v->b.st.writes, v->b.st.flushes, v->b.st.discards,
                v->b.st.errors, v->b.st.unsupported);
    pv_log("%d device(s)", n);
}
