/*
 * vif.c - the network devices xyl-netback serves: their xenbus handshake
 * (driven by xb_backend_step, as for the disks), rings, event channel and
 * TAP, and teardown.
 *
 * Trust: the backend directory is dom0's (bridge, mtu, mac, online, state
 * there are ours).  Everything in the frontend directory is the guest's and
 * is read once, parsed strictly and never logged verbatim; paths are built
 * from numbers we hold.
 */
#define _GNU_SOURCE
#include "netd.h"
#include "../common/pv_log.h"
#include "../xenbus/xb_dev.h"
#include "../xenbus/xb_parse.h"
#include "../xenbus/xb_state.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define BAD_LOG_FIRST 10
#define TX_BUDGET 64            /* packets per device per round */
#define RX_BUDGET 64            /* frames per device per round */
#define RX_BUF 65536            /* a read from the TAP: any frame fits */
#define DEFAULT_MTU 1500u

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static struct vif *find(struct netd *d, uint32_t domid, uint32_t devid)
{
    struct vif *v;

    for (v = d->vifs; v; v = v->next)
        if (v->domid == domid && v->devid == devid)
            return v;
    return NULL;
}

/* struct net_io_ops for the daemon: Xen's grant copy, the TAP. */
static int gnt_copy(void *ctx, const struct pv_gseg *seg, unsigned n, uint8_t *buf, bool to_guest)
{
    struct vif *v = ctx;

    return pv_gnt_copy(v->xgt, (uint16_t)v->domid, seg, n, buf, to_guest);
}

static int tap_emit(void *ctx, const uint8_t *frame, size_t len)
{
    struct vif *v = ctx;

    /* a TAP write takes the whole frame or nothing; a full queue drops */
    return write(v->tap, frame, len) == (ssize_t)len ? 0 : -1;
}

static struct vif *vif_new(struct netd *d, uint32_t domid, uint32_t devid)
{
    struct vif *v = calloc(1, sizeof(*v));
    char path[XB_PATH_MAX + 8];

    if (!v || !(v->b.pkt = malloc(NET_MAX_FRAME)) || !(v->rx_frame = malloc(RX_BUF))) {
        if (v) {
            free(v->b.pkt);
            free(v);
        }
        pv_log("out of memory for device %u of domain %u", devid, domid);
        return NULL;
    }
    v->domid = domid;
    v->devid = devid;
    v->tap = -1;
    v->xgt = d->xgt;
    xb_dev_backend_path(&xb_kind_vif, v->be, sizeof(v->be), domid, devid);
    xb_dev_frontend_path(&xb_kind_vif, v->fe, sizeof(v->fe), domid, devid);
    snprintf(v->fe_token, sizeof(v->fe_token), "fe:%u:%u", domid, devid);
    v->b.ops.copy = gnt_copy;
    v->b.ops.emit = tap_emit;
    v->b.ops.ctx = v;
    v->b.max_frame = DEFAULT_MTU + NET_ETH_HLEN + NET_VLAN_HLEN;
    snprintf(path, sizeof(path), "%s/state", v->fe);
    v->watching = xs_watch(d->xs, path, v->fe_token);
    if (!v->watching)
        pv_log("%s: cannot watch the frontend state: %s", v->be, strerror(errno));
    v->next = d->vifs;
    d->vifs = v;
    pv_log("domain %u vif %u: new (%s)", domid, devid, v->be);
    return v;
}

static void disconnect(struct netd *d, struct vif *v)
{
    const struct net_stats *s = &v->b.st;

    if (!v->connected)
        return;
    xenevtchn_unbind(d->xce, v->port);
    xengnttab_unmap(d->xgt, v->tx_page, 1);
    xengnttab_unmap(d->xgt, v->rx_page, 1);
    v->tx_page = v->rx_page = NULL;
    v->connected = v->tx_runnable = false;
    v->rx_len = 0;
    pv_log("domain %u vif %u: disconnected (tx %" PRIu64 " packets %" PRIu64 " bytes, rx %"
           PRIu64 " packets %" PRIu64 " bytes)", v->domid, v->devid, s->tx_packets,
           s->tx_bytes, s->rx_packets, s->rx_bytes);
}

static void close_tap(struct vif *v)
{
    if (v->tap >= 0) {
        close(v->tap);          /* the interface goes, and leaves its bridge */
        v->tap = -1;
        pv_log("domain %u vif %u: %s removed", v->domid, v->devid, v->tapname);
    }
}

static void vif_free(struct netd *d, struct vif *v)
{
    struct vif **pp;
    char path[XB_PATH_MAX + 8];

    disconnect(d, v);
    close_tap(v);
    if (v->watching) {
        snprintf(path, sizeof(path), "%s/state", v->fe);
        xs_unwatch(d->xs, path, v->fe_token);
    }
    for (pp = &d->vifs; *pp; pp = &(*pp)->next) {
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    }
    free(v->b.pkt);
    free(v->rx_frame);
    free(v);
}

/* Say why in the log and in backend/error (the toolstack shows it). */
static void __attribute__((format(printf, 3, 4))) fail(struct netd *d, struct vif *v,
                                                       const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_log("domain %u vif %u: %s", v->domid, v->devid, msg);
    xb_write(d->xs, XBT_NULL, v->be, "error", msg);
    v->failed = true;
}

/* Our own backend node as a number (dom0's, but still parsed strictly). */
static uint32_t be_u32(struct netd *d, struct vif *v, const char *node, uint32_t max,
                       uint32_t dflt)
{
    unsigned len;
    char *s = xb_read(d->xs, XBT_NULL, v->be, node, &len);
    uint32_t n;

    if (!s || xb_parse_u32(s, len, max, &n))
        n = dflt;
    free(s);
    return n;
}

static int open_tap(struct netd *d, struct vif *v)
{
    char err[XB_ERR_LEN];
    unsigned len, mtu;
    char *bridge;

    if (v->tap >= 0)
        return 0;
    mtu = be_u32(d, v, "mtu", 65535 - NET_ETH_HLEN - NET_VLAN_HLEN, DEFAULT_MTU);
    if (mtu < 68)
        mtu = DEFAULT_MTU;
    bridge = xb_read(d->xs, XBT_NULL, v->be, "bridge", &len);
    if (bridge && strlen(bridge) != len) {
        free(bridge);
        bridge = NULL;
    }
    v->tap = net_tap_open(v->domid, v->devid, bridge ? bridge : "xenbr0", mtu, v->tapname,
                          err, sizeof(err));
    if (v->tap < 0)
        fail(d, v, "%s", err);
    else
        pv_log("domain %u vif %u: %s in bridge %s, MTU %u", v->domid, v->devid, v->tapname,
               bridge ? bridge : "xenbr0", mtu);
    v->b.max_frame = mtu + NET_ETH_HLEN + NET_VLAN_HLEN;
    free(bridge);
    return v->tap < 0 ? -1 : 0;
}

/* Initialising -> InitWait: the TAP, and what the frontend needs to know. */
static int prepare(struct netd *d, struct vif *v)
{
    int bad = 0;

    disconnect(d, v);
    if (open_tap(d, v))
        return -1;
    /* copy-only receive path; multi-slot packets both ways; nothing else
     * (no GSO, no multi-queue, no split event channels, no IPv6 offload) */
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-rx-copy", "1");
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-rx-flip", "0");
    bad |= xb_write(d->xs, XBT_NULL, v->be, "feature-sg", "1");
    bad |= xb_writef(d->xs, XBT_NULL, v->be, "mtu", "%u",
                     v->b.max_frame - NET_ETH_HLEN - NET_VLAN_HLEN);
    bad |= xb_write(d->xs, XBT_NULL, v->be, "hotplug-status", "connected");
    if (bad) {
        fail(d, v, "cannot publish the device's features: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* A frontend node that must be a number (hostile: strict parse). */
static int fe_u32(struct netd *d, struct vif *v, const char *node, uint32_t *out, bool *present)
{
    unsigned len;
    char *s = xb_read(d->xs, XBT_NULL, v->fe, node, &len);
    int rc = s ? xb_parse_u32(s, len, UINT32_MAX, out) : -1;

    if (present)
        *present = s != NULL;
    free(s);
    return rc;
}

/* A frontend flag: 1 only for exactly "1". */
static bool fe_flag(struct netd *d, struct vif *v, const char *node)
{
    uint32_t n;

    return fe_u32(d, v, node, &n, NULL) == 0 && n == 1;
}

/* InitWait -> Connected: the frontend's rings and event channel. */
static int connect_rings(struct netd *d, struct vif *v, bool resume)
{
    uint32_t txref, rxref, port, n;
    bool present;
    xenevtchn_port_or_error_t local;

    if (open_tap(d, v))
        return -1;
    if (fe_u32(d, v, "multi-queue-num-queues", &n, &present), present && n != 1) {
        fail(d, v, "the frontend asks for several queues (not offered)");
        return -1;
    }
    if (!fe_flag(d, v, "request-rx-copy")) {
        fail(d, v, "the frontend does not use the copying receive path (request-rx-copy)");
        return -1;
    }
    if (!fe_flag(d, v, "feature-rx-notify")) {
        fail(d, v, "the frontend does not notify for rx buffers (feature-rx-notify)");
        return -1;
    }
    if (fe_u32(d, v, "tx-ring-ref", &txref, NULL) || fe_u32(d, v, "rx-ring-ref", &rxref, NULL) ||
        fe_u32(d, v, "event-channel", &port, NULL)) {
        fail(d, v, "the frontend's tx-ring-ref, rx-ring-ref or event-channel is missing "
             "or not a number");
        return -1;
    }
    v->b.rx_sg = fe_flag(d, v, "feature-sg");
    v->tx_page = xengnttab_map_grant_ref(d->xgt, v->domid, txref, PROT_READ | PROT_WRITE);
    v->rx_page = v->tx_page ? xengnttab_map_grant_ref(d->xgt, v->domid, rxref,
                                                      PROT_READ | PROT_WRITE) : NULL;
    if (!v->rx_page) {
        fail(d, v, "cannot map the frontend's rings (grants %u, %u): %s", txref, rxref,
             strerror(errno));
        if (v->tx_page)
            xengnttab_unmap(d->xgt, v->tx_page, 1);
        v->tx_page = NULL;
        return -1;
    }
    local = xenevtchn_bind_interdomain(d->xce, v->domid, port);
    if (local < 0) {
        fail(d, v, "cannot bind the frontend's event channel %u: %s", port, strerror(errno));
        xengnttab_unmap(d->xgt, v->tx_page, 1);
        xengnttab_unmap(d->xgt, v->rx_page, 1);
        v->tx_page = v->rx_page = NULL;
        return -1;
    }
    v->port = (evtchn_port_t)local;
    if (resume)
        net_resume(&v->b, v->tx_page, v->rx_page);
    else
        net_attach(&v->b, v->tx_page, v->rx_page);
    v->connected = true;
    v->tx_runnable = true;
    pv_log("domain %u vif %u: connected%s (rings %u/%u, event channel %u -> %u, rx %s)",
           v->domid, v->devid, resume ? " again" : "", txref, rxref, port, v->port,
           v->b.rx_sg ? "sg" : "one slot");
    return 0;
}

/* Run the state machine until it settles (see blkback's vbd_step). */
static void vif_step(struct netd *d, struct vif *v)
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
                pv_log("domain %u vif %u: removed", v->domid, v->devid);
                vif_free(d, v);
                return;
            }
        }
        if (v->failed)
            return;
        on = xb_read(d->xs, XBT_NULL, v->be, "online", &len);
        view.online = on && xb_parse_bool(on, len) == 1;
        free(on);
        view.fe_state = xb_read_state(d->xs, XBT_NULL, v->fe);

        act = xb_backend_step(&view, &next);
        if (act == XB_ACT_NONE)
            return;
        pv_debug("domain %u vif %u: backend %s, frontend %s%s: %s", v->domid, v->devid,
                 xb_state_name(view.be_state), xb_state_name(view.fe_state),
                 view.online ? "" : ", offline", xb_action_name(act));
        switch (act) {
        case XB_ACT_PREPARE:
            rc = prepare(d, v);
            break;
        case XB_ACT_CONNECT:
            rc = connect_rings(d, v, view.be_state == XenbusStateConnected);
            break;
        case XB_ACT_CLOSING:
            break;
        case XB_ACT_CLOSED:
            disconnect(d, v);
            break;
        case XB_ACT_NONE:
            break;
        }
        if (rc)
            next = act == XB_ACT_PREPARE ? XenbusStateClosed : XenbusStateClosing;
        if (next != view.be_state && xb_writef(d->xs, XBT_NULL, v->be, "state", "%d", next))
            pv_log("domain %u vif %u: cannot write state: %s", v->domid, v->devid,
                   strerror(errno));
        if (rc)
            return;
    }
}

void vif_event(struct netd *d, uint32_t domid, uint32_t devid)
{
    struct vif *v = find(d, domid, devid);

    if (!v) {
        char be[XB_PATH_MAX], *fe;
        unsigned n;

        fe = xb_read(d->xs, XBT_NULL,
                     xb_dev_backend_path(&xb_kind_vif, be, sizeof(be), domid, devid),
                     "frontend", &n);
        free(fe);
        if (!fe || !(v = vif_new(d, domid, devid)))
            return;
    }
    vif_step(d, v);
}

void vif_fe_event(struct netd *d, const char *token)
{
    unsigned domid, devid;
    struct vif *v;
    int end = 0;

    if (sscanf(token, "fe:%u:%u%n", &domid, &devid, &end) != 2 || token[end])
        return;
    v = find(d, domid, devid);
    if (v)
        vif_step(d, v);
}

static bool domain_alive(struct netd *d, uint32_t domid)
{
    xc_domaininfo_t info;
    int n = xc_domain_getinfolist(d->xch, domid, 1, &info);

    if (n < 0)
        return true;            /* cannot tell: never reap on an error */
    return n == 1 && info.domain == domid && !(info.flags & XEN_DOMINF_dying);
}

void vif_reap_dead(struct netd *d)
{
    struct vif *v, *next;
    char err[XB_ERR_LEN];

    for (v = d->vifs; v; v = next) {
        uint32_t domid = v->domid, devid = v->devid;

        next = v->next;
        if (domain_alive(d, domid))
            continue;
        pv_log("domain %u vif %u: the guest is gone; releasing and removing its nodes",
               domid, devid);
        vif_free(d, v);
        if (xb_dev_remove(d->xs, &xb_kind_vif, domid, devid, err, sizeof(err)))
            pv_log("domain %u: %s", domid, err);
    }
}

void vif_scan(struct netd *d)
{
    unsigned i, j, nd = 0, nv;
    char **doms, **devs, path[XB_PATH_MAX];
    struct vif *v, *next;

    doms = xs_directory(d->xs, XBT_NULL, xb_kind_vif.root, &nd);
    for (i = 0; doms && i < nd; i++) {
        uint32_t domid, devid;

        if (xb_parse_u32(doms[i], strlen(doms[i]), XB_DOMID_MAX, &domid))
            continue;
        nv = 0;
        devs = xs_directory(d->xs, XBT_NULL,
                            xb_dev_backend_domain_path(&xb_kind_vif, path, sizeof(path), domid),
                            &nv);
        for (j = 0; devs && j < nv; j++)
            if (!xb_parse_u32(devs[j], strlen(devs[j]), UINT32_MAX, &devid))
                vif_event(d, domid, devid);
        free(devs);
    }
    free(doms);
    for (v = d->vifs; v; v = next) {
        next = v->next;
        vif_step(d, v);
    }
    vif_reap_dead(d);
}

void vif_kick(struct netd *d, evtchn_port_t port)
{
    struct vif *v;

    for (v = d->vifs; v; v = v->next)
        if (v->connected && v->port == port)
            v->tx_runnable = true;
}

static uint64_t drops(const struct net_stats *s)
{
    return s->tx_bad_slots + s->tx_bad_size + s->tx_too_big + s->tx_bad_offset +
           s->tx_bad_extra + s->tx_grant_err + s->tx_csum_err + s->rx_too_big + s->rx_grant_err;
}

static void log_dropped(struct vif *v)
{
    uint64_t bad = drops(&v->b.st);

    if (bad == v->bad_seen)
        return;
    if (v->bad_logged < BAD_LOG_FIRST || bad / 1000 != v->bad_seen / 1000) {
        v->bad_logged++;
        pv_log("domain %u vif %u: dropped a packet: %s (%" PRIu64 " so far)", v->domid,
               v->devid, v->b.st.last_why ? v->b.st.last_why : "?", bad);
    }
    v->bad_seen = bad;
}

static void cut_off(struct netd *d, struct vif *v)
{
    fail(d, v, "the frontend broke the ring protocol (%s)",
         v->b.broken_why ? v->b.broken_why : "?");
    disconnect(d, v);
    xb_writef(d->xs, XBT_NULL, v->be, "state", "%d", XenbusStateClosing);
}

/* Frames from the TAP into the guest, while it has buffers. */
static bool rx_run(struct netd *d, struct vif *v)
{
    int n;

    for (n = 0; n < RX_BUDGET; n++) {
        bool notify;
        int rc;

        if (!v->rx_len) {
            ssize_t got = read(v->tap, v->rx_frame, RX_BUF);

            if (got <= 0)
                return false;   /* EAGAIN: nothing queued */
            v->rx_len = (size_t)got;
        }
        rc = net_rx_deliver(&v->b, v->rx_frame, v->rx_len, &notify);
        if (notify)
            xenevtchn_notify(d->xce, v->port);
        if (rc == 1)            /* no buffer: keep the frame, wait for the guest */
            return false;
        v->rx_len = 0;
        if (rc == NET_BROKEN)
            return false;
    }
    return true;
}

bool vif_run(struct netd *d)
{
    struct vif *v, *next;
    bool more = false;

    for (v = d->vifs; v; v = next) {
        bool notify = false;
        int rc = NET_DONE;

        next = v->next;
        if (!v->connected)
            continue;
        if (v->tx_runnable) {
            rc = net_tx_serve(&v->b, TX_BUDGET, &notify);
            if (notify)
                xenevtchn_notify(d->xce, v->port);
            v->tx_runnable = rc == NET_MORE;
        }
        if (rc != NET_BROKEN && v->rx_len && net_rx_slots(&v->b) > 0)
            more |= rx_run(d, v);
        log_dropped(v);
        more |= v->tx_runnable;
        if (v->b.broken)
            cut_off(d, v);
    }
    return more;
}

int vif_poll_taps(struct netd *d, struct pollfd *fds, struct vif **owners, int max)
{
    struct vif *v;
    int n = 0;

    for (v = d->vifs; v && n < max; v = v->next) {
        /* a guest without rx buffers is not read for: its frames wait in
         * the TAP's queue (which drops, counted by the kernel, when full) */
        if (!v->connected || v->tap < 0 || v->b.broken || v->rx_len || !net_rx_slots(&v->b))
            continue;
        fds[n].fd = v->tap;
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        owners[n++] = v;
    }
    return n;
}

void vif_tap_ready(struct netd *d, struct vif *v)
{
    if (!v->connected)
        return;
    rx_run(d, v);       /* a budget's worth; poll reports the rest */
    if (v->b.broken)
        cut_off(d, v);
}

void vif_publish_stats(struct netd *d)
{
    long now = now_ms();
    struct vif *v;

    for (v = d->vifs; v; v = v->next) {
        const struct net_stats *s = &v->b.st;
        char buf[sizeof(v->stats)];

        if (now - v->stats_at < 1000)
            continue;
        snprintf(buf, sizeof(buf),
                 "tx_packets=%" PRIu64 " tx_bytes=%" PRIu64 " rx_packets=%" PRIu64
                 " rx_bytes=%" PRIu64 " tx_bad_slots=%" PRIu64 " tx_bad_size=%" PRIu64
                 " tx_too_big=%" PRIu64 " tx_bad_offset=%" PRIu64 " tx_bad_extra=%" PRIu64
                 " tx_grant_err=%" PRIu64 " tx_csum_err=%" PRIu64 " tx_out_err=%" PRIu64
                 " rx_too_big=%" PRIu64 " rx_grant_err=%" PRIu64 " rx_no_buffer=%" PRIu64,
                 s->tx_packets, s->tx_bytes, s->rx_packets, s->rx_bytes, s->tx_bad_slots,
                 s->tx_bad_size, s->tx_too_big, s->tx_bad_offset, s->tx_bad_extra,
                 s->tx_grant_err, s->tx_csum_err, s->tx_out_err, s->rx_too_big,
                 s->rx_grant_err, s->rx_no_buffer);
        if (!strcmp(buf, v->stats))
            continue;
        v->stats_at = now;
        if (!xb_write(d->xs, XBT_NULL, v->be, "xyl-stats", buf))
            memcpy(v->stats, buf, sizeof(buf));
    }
}

void vif_shutdown_all(struct netd *d)
{
    while (d->vifs)
        vif_free(d, d->vifs);
}

void vif_log_stats(struct netd *d)
{
    struct vif *v;
    int n = 0;

    for (v = d->vifs; v; v = v->next, n++)
        pv_log("domain %u vif %u: %s, tx %" PRIu64 " packets, rx %" PRIu64 " packets, %"
               PRIu64 " dropped, %" PRIu64 " times without rx buffers", v->domid, v->devid,
               v->failed ? "failed" : v->connected ? "connected" : "idle",
               v->b.st.tx_packets, v->b.st.rx_packets, drops(&v->b.st), v->b.st.rx_no_buffer);
    pv_log("%d device(s)", n);
}
