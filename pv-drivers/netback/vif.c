/*
 * vif.c - the network devices xyl-netback serves: their rings, event
 * channel and TAP (the xenbus handshake around them is pv_dev.c's).
 *
 * Trust: the backend directory is dom0's (bridge, mtu, mac there are
 * ours).  The frontend's nodes are read once and parsed strictly.
 */
#define _GNU_SOURCE
#include "netd.h"
#include "../common/pv_log.h"
#include "../xenbus/xb_dev.h"
#include "../xenbus/xb_parse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAD_LOG_FIRST 10
#define TX_BUDGET 64            /* packets per device per round */
/* frames per device per rx round: NET_RX_BATCH and NET_RX_TURN_BYTES
 * (net_rx_room), so a guest taking 64 KiB frames cannot starve others */
#define DEFAULT_MTU 1500u

#define VIF(d) ((struct vif *)(d))      /* struct pv_dev is the first member */

/* struct net_io_ops for the daemon: Xen's grant copy, the TAP. */
static int gnt_copy(void *ctx, const struct pv_gseg *seg, unsigned n, uint8_t *buf, bool to_guest)
{
    struct vif *v = ctx;

    return pv_gnt_copy(v->xgt, (uint16_t)v->dev.domid, seg, n, buf, to_guest);
}

/* The TAP has IFF_VNET_HDR: net_tap_write puts the header before the
 * frame, which asks the kernel to cut a TSO frame and complete its sums. */
static int tap_emit(void *ctx, const uint8_t *frame, size_t len, const struct net_gso *gso)
{
    struct vif *v = ctx;

    return net_tap_write(v->tap, frame, len, gso);
}

/* The tx frame buffer, one for every device: the daemon serves one ring
 * at a time and nothing stays in it between two calls of net_tx_serve. */
static uint8_t *tx_buf(void)
{
    static uint8_t *buf;

    if (!buf)
        buf = malloc(NET_TX_BUF);
    return buf;
}

/* The rx round, one for every device likewise: every round ends with
 * net_rx_push (rx_run), and net_rx.c finishes one left over for its own
 * device before another's starts. */
static struct net_rx_round *rx_round(void)
{
    static struct net_rx_round *r;

    if (!r && (r = calloc(1, sizeof(*r))) && !(r->mem = malloc(NET_RX_BUF))) {
        free(r);
        r = NULL;
    }
    return r;
}

static struct pv_dev *vif_alloc(struct pv_devs *s, uint32_t domid, uint32_t devid)
{
    struct vif *v = calloc(1, sizeof(*v));

    (void)domid, (void)devid;
    if (!v || !(v->b.pkt = tx_buf()) || !(v->b.rxr = rx_round()) ||
        !(v->rx_frame = malloc(NET_RX_MAX_FRAME))) {
        free(v);
        return NULL;
    }
    v->b.pkt_size = NET_TX_BUF;
    v->b.gso = true;            /* feature-gso-tcpv4, published at InitWait */
    v->tap = -1;
    v->xgt = s->xgt;
    v->b.ops.copy = gnt_copy;
    v->b.ops.emit = tap_emit;
    v->b.ops.ctx = v;
    v->b.max_frame = DEFAULT_MTU + NET_ETH_HLEN + NET_VLAN_HLEN;
    return &v->dev;
}

/* ops->detach: by the device's owner (the ring thread while lent).  The
 * rx round shared by every device (rx_round) forgets this one's frames
 * here, on the ring thread, so that its next connect need not look at
 * the round.  No xenstore (pv_dev_back logs the counters). */
static void vif_detach(struct pv_devs *s, struct pv_dev *d)
{
    struct vif *v = VIF(d);

    if (!d->connected)
        return;
    net_rx_forget(&v->b);
    xenevtchn_unbind(s->xce, d->port);
    xengnttab_unmap(s->xgt, v->tx_page, 1);
    xengnttab_unmap(s->xgt, v->rx_page, 1);
    v->tx_page = v->rx_page = NULL;
    d->connected = d->runnable = false;
    v->rx_len = 0;
}

/* -> Closed (the xenbus thread, the device back): the TAP stays for a
 * reconnect. */
static void vif_close(struct pv_devs *s, struct pv_dev *d)
{
    vif_detach(s, d);
}

static void vif_free(struct pv_devs *s, struct pv_dev *d)
{
    struct vif *v = VIF(d);

    vif_close(s, d);
    if (v->tap >= 0) {
        close(v->tap);          /* the interface goes, and leaves its bridge */
        pv_log("domain %u vif %u: %s removed", d->domid, d->devid, v->tapname);
    }
    free(v->rx_frame);          /* b.pkt is every device's (tx_buf) */
    free(v);
}

/* Our own backend node as a number (dom0's, but still parsed strictly). */
static uint32_t be_u32(struct pv_devs *s, struct pv_dev *d, const char *node, uint32_t max,
                       uint32_t dflt)
{
    unsigned len;
    char *v = xb_read(s->xs, XBT_NULL, d->be, node, &len);
    uint32_t n;

    if (!v || xb_parse_u32(v, len, max, &n))
        n = dflt;
    free(v);
    return n;
}

static int open_tap(struct pv_devs *s, struct vif *v)
{
    struct pv_dev *d = &v->dev;
    char err[XB_ERR_LEN];
    unsigned len, mtu;
    char *bridge;

    if (v->tap >= 0)
        return 0;
    mtu = be_u32(s, d, "mtu", 65535 - NET_ETH_HLEN - NET_VLAN_HLEN, DEFAULT_MTU);
    if (mtu < 68)
        mtu = DEFAULT_MTU;
    bridge = xb_read(s->xs, XBT_NULL, d->be, "bridge", &len);
    if (bridge && strlen(bridge) != len) {
        free(bridge);
        bridge = NULL;
    }
    v->tap = net_tap_open(d->domid, d->devid, bridge ? bridge : "xenbr0", mtu, v->tapname,
                          err, sizeof(err));
    if (v->tap < 0)
        pv_dev_fail(s, d, "%s", err);
    else
        pv_log("domain %u vif %u: %s in bridge %s, MTU %u", d->domid, d->devid, v->tapname,
               bridge ? bridge : "xenbr0", mtu);
    v->b.max_frame = mtu + NET_ETH_HLEN + NET_VLAN_HLEN;
    free(bridge);
    return v->tap < 0 ? -1 : 0;
}

/* Initialising -> InitWait: the TAP, and what the frontend needs to know. */
static int vif_prepare(struct pv_devs *s, struct pv_dev *d)
{
    struct vif *v = VIF(d);
    int bad = 0;

    vif_detach(s, d);
    if (open_tap(s, v))
        return -1;
    /* copy-only receive path; multi-slot packets both ways; TSO from the
     * guest over IPv4; nothing else (no GSO towards the guest, no
     * multi-queue, no split event channels, no IPv6 offload) */
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-rx-copy", "1");
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-rx-flip", "0");
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-sg", "1");
    bad |= xb_write(s->xs, XBT_NULL, d->be, "feature-gso-tcpv4", "1");
    bad |= xb_writef(s->xs, XBT_NULL, d->be, "mtu", "%u",
                     v->b.max_frame - NET_ETH_HLEN - NET_VLAN_HLEN);
    bad |= xb_write(s->xs, XBT_NULL, d->be, "hotplug-status", "connected");
    if (bad) {
        pv_dev_fail(s, d, "cannot publish the device's features: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* A frontend flag: true only for exactly "1". */
static bool fe_flag(struct pv_devs *s, struct pv_dev *d, const char *node)
{
    uint32_t n;

    return pv_dev_fe_u32(s, d, node, &n, NULL) == 0 && n == 1;
}

/* What the frontend takes on rx, and the TAP's offloads to match
 * (netif.h): checksum offload unless feature-no-csum-offload (IPv6 only
 * with feature-ipv6-csum-offload); GSO per feature-gso-tcpv4/-tcpv6, as
 * Linux's netback only with feature-sg and checksum offload (TCPv6 with
 * IPv6's).  A frontend asking for no GSO keeps the TAP without offloads:
 * checksummed frames within the MTU.  Frames queued before a reconnect
 * are checked against the new features (net_rx_deliver). */
static void rx_offload(struct pv_devs *s, struct vif *v)
{
    struct pv_dev *d = &v->dev;
    uint32_t n;
    bool nocsum = pv_dev_fe_u32(s, d, "feature-no-csum-offload", &n, NULL) == 0 && n == 1;
    bool gso4, gso6;

    v->b.rx_csum4 = !nocsum;
    v->b.rx_csum6 = fe_flag(s, d, "feature-ipv6-csum-offload");
    gso4 = v->b.rx_sg && v->b.rx_csum4 && fe_flag(s, d, "feature-gso-tcpv4");
    gso6 = v->b.rx_sg && v->b.rx_csum6 && fe_flag(s, d, "feature-gso-tcpv6");
    v->b.rx_gso = (uint8_t)((gso4 ? 1u << XEN_NETIF_GSO_TYPE_TCPV4 : 0) |
                            (gso6 ? 1u << XEN_NETIF_GSO_TYPE_TCPV6 : 0));
    if (net_tap_offload(v->tap, v->b.rx_gso != 0, gso4, gso6)) {
        pv_dev_log(s, d, "%s: cannot switch on GSO towards the guest: %s (frames stay "
                   "within the MTU)", v->tapname, strerror(errno));
        v->b.rx_gso = 0;
        (void)net_tap_offload(v->tap, false, false, false);
    }
}

/* InitWait -> Connected: the frontend's rings and event channel. */
static int vif_connect(struct pv_devs *s, struct pv_dev *d, bool resume)
{
    struct vif *v = VIF(d);
    uint32_t txref, rxref, port, n;
    bool present;
    xenevtchn_port_or_error_t local;
    struct net_rx_round *rxr;

    if (open_tap(s, v))
        return -1;
    /* what we did not offer must not be asked for */
    if (pv_dev_fe_u32(s, d, "multi-queue-num-queues", &n, &present), present && n != 1) {
        pv_dev_fail(s, d, "the frontend asks for several queues (not offered)");
        return -1;
    }
    if (!fe_flag(s, d, "request-rx-copy")) {
        pv_dev_fail(s, d, "the frontend does not use the copying receive path (request-rx-copy)");
        return -1;
    }
    if (!fe_flag(s, d, "feature-rx-notify")) {
        pv_dev_fail(s, d, "the frontend does not notify for rx buffers (feature-rx-notify)");
        return -1;
    }
    if (pv_dev_fe_u32(s, d, "tx-ring-ref", &txref, NULL) ||
        pv_dev_fe_u32(s, d, "rx-ring-ref", &rxref, NULL) ||
        pv_dev_fe_u32(s, d, "event-channel", &port, NULL)) {
        pv_dev_fail(s, d, "the frontend's tx-ring-ref, rx-ring-ref or event-channel is "
                    "missing or not a number");
        return -1;
    }
    v->b.rx_sg = fe_flag(s, d, "feature-sg");
    rx_offload(s, v);
    v->tx_page = xengnttab_map_grant_ref(s->xgt, d->domid, txref, PROT_READ | PROT_WRITE);
    v->rx_page = v->tx_page ? xengnttab_map_grant_ref(s->xgt, d->domid, rxref,
                                                      PROT_READ | PROT_WRITE) : NULL;
    if (!v->rx_page) {
        pv_dev_fail(s, d, "cannot map the frontend's rings (grants %u, %u): %s", txref, rxref,
                    strerror(errno));
        if (v->tx_page)
            xengnttab_unmap(s->xgt, v->tx_page, 1);
        v->tx_page = NULL;
        return -1;
    }
    local = xenevtchn_bind_interdomain(s->xce, d->domid, port);
    if (local < 0) {
        pv_dev_fail(s, d, "cannot bind the frontend's event channel %u: %s", port,
                    strerror(errno));
        xengnttab_unmap(s->xgt, v->tx_page, 1);
        xengnttab_unmap(s->xgt, v->rx_page, 1);
        v->tx_page = v->rx_page = NULL;
        return -1;
    }
    d->port = (evtchn_port_t)local;
    /* the rx round is the ring thread's (serving other devices meanwhile):
     * net_attach must not look at it; vif_detach made it forget this
     * device's frames already */
    rxr = v->b.rxr;
    v->b.rxr = NULL;
    if (resume)
        net_resume(&v->b, v->tx_page, v->rx_page);
    else
        net_attach(&v->b, v->tx_page, v->rx_page);
    v->b.rxr = rxr;
    d->connected = true;
    d->runnable = true;
    pv_dev_log(s, d, "connected%s (rings %u/%u, event channel %u -> %u, rx %s, GSO to the "
               "guest: %s)", resume ? " again" : "", txref, rxref, port, d->port,
               v->b.rx_sg ? "sg" : "one slot",
               v->b.rx_gso == 6 ? "tcpv4 tcpv6" : v->b.rx_gso == 2 ? "tcpv4" :
               v->b.rx_gso == 4 ? "tcpv6" : "none");
    return 0;
}

/* ops->stats: the counters as `xyl network-list` reads them. */
static void vif_stats(struct pv_devs *s, struct pv_dev *d, char *buf, size_t len)
{
    const struct net_stats *st = &VIF(d)->b.st;

    (void)s;
    snprintf(buf, len,
             "tx_packets=%" PRIu64 " tx_bytes=%" PRIu64 " rx_packets=%" PRIu64
             " rx_bytes=%" PRIu64 " tx_bad_slots=%" PRIu64 " tx_bad_size=%" PRIu64
             " tx_too_big=%" PRIu64 " tx_bad_offset=%" PRIu64 " tx_bad_extra=%" PRIu64
             " tx_grant_err=%" PRIu64 " tx_csum_err=%" PRIu64 " tx_out_err=%" PRIu64
             " rx_too_big=%" PRIu64 " rx_grant_err=%" PRIu64 " rx_no_buffer=%" PRIu64
             " rx_bad_offload=%" PRIu64,
             st->tx_packets, st->tx_bytes, st->rx_packets, st->rx_bytes, st->tx_bad_slots,
             st->tx_bad_size, st->tx_too_big, st->tx_bad_offset, st->tx_bad_extra,
             st->tx_grant_err, st->tx_csum_err, st->tx_out_err, st->rx_too_big,
             st->rx_grant_err, st->rx_no_buffer, st->rx_bad_offload);
}

const struct pv_dev_ops vif_ops = {
    .noun = "vif",
    .alloc = vif_alloc,
    .free = vif_free,
    .prepare = vif_prepare,
    .connect = vif_connect,
    .close = vif_close,
    .detach = vif_detach,
    .stats = vif_stats,
};

static uint64_t drops(const struct net_stats *st)
{
    return st->tx_bad_slots + st->tx_bad_size + st->tx_too_big + st->tx_bad_offset +
           st->tx_bad_extra + st->tx_grant_err + st->tx_csum_err + st->rx_too_big +
           st->rx_grant_err + st->rx_bad_offload;
}

/* Dropped packets: the first few, then every 1000th (a hostile guest must
 * not be able to fill dom0's disk with our log). */
static void log_dropped(struct vif *v)
{
    uint64_t bad = drops(&v->b.st);

    if (bad == v->bad_seen)
        return;
    if (v->bad_logged < BAD_LOG_FIRST || bad / 1000 != v->bad_seen / 1000) {
        v->bad_logged++;
        pv_log("domain %u vif %u: dropped a packet: %s (%" PRIu64 " so far)", v->dev.domid,
               v->dev.devid, v->b.st.last_why ? v->b.st.last_why : "?", bad);
    }
    v->bad_seen = bad;
}

/* Tx slots taken so far, whatever became of them. */
static uint64_t tx_taken(const struct net_stats *st)
{
    return st->tx_packets + st->tx_out_err + st->tx_bad_slots + st->tx_bad_size +
           st->tx_too_big + st->tx_bad_offset + st->tx_bad_extra + st->tx_grant_err +
           st->tx_csum_err;
}

/* Frames from the TAP into the guest, while it has buffers: a round
 * (NET_RX_BATCH frames, NET_RX_TURN_BYTES) read straight into the rx
 * round's memory, copied with one grant copy, published and notified
 * once.  A frame the guest has no buffers for yet waits in v->rx_frame. */
static void rx_run(struct pv_devs *s, struct vif *v)
{
    uint8_t *at;
    int rc;

    while ((at = net_rx_room(&v->b))) {
        ssize_t got;
        struct net_rx_meta m;

        if (v->rx_len) {        /* the one held back comes first */
            memcpy(at, v->rx_frame, v->rx_len);
            got = (ssize_t)v->rx_len;
            m = v->rx_meta;
            v->rx_len = 0;
        } else {
            got = net_tap_read(v->tap, at, NET_RX_MAX_FRAME, &m);
            if (got < 0)
                break;          /* EAGAIN: nothing queued */
            if (got == 0)
                continue;       /* not a frame after the TAP's header */
        }
        rc = net_rx_deliver(&v->b, at, (size_t)got, &m);
        if (rc == 1) {          /* no buffers: keep the frame, wait for the guest */
            memcpy(v->rx_frame, at, (size_t)got);
            v->rx_len = (size_t)got;
            v->rx_meta = m;
            break;
        }
        if (rc == NET_BROKEN)
            return;             /* cut off by the caller */
    }
    if (net_rx_push(&v->b))
        xenevtchn_notify(s->xce, v->dev.port);
}

bool vif_run(struct pv_devs *s)
{
    struct pv_dev *d, *next;
    bool more = false;

    for (d = s->served; d; d = next) {
        struct vif *v = VIF(d);
        bool notify = false;

        next = d->serve.next;  /* a cut-off takes d off the list */
        if (!d->connected)
            continue;
        if (d->runnable) {
            uint64_t taken = tx_taken(&v->b.st);
            /* a guest's event also says it posted rx buffers */
            RING_IDX rxp = *(volatile RING_IDX *)&v->b.rx.sring->req_prod;
            int rc = net_tx_serve(&v->b, TX_BUDGET, &notify);

            if (notify)
                xenevtchn_notify(s->xce, d->port);
            d->runnable = rc == NET_MORE;
            /* unmasks its port unless more is left; an event that found
             * neither packets nor buffers counts towards the backoff */
            pv_dev_served(s, d, tx_taken(&v->b.st) != taken || rxp != v->rx_prod_seen,
                          d->runnable);
            v->rx_prod_seen = rxp;
        }
        /* a frame held back for want of buffers: the guest may have posted */
        if (!v->b.broken && v->rx_len && net_rx_slots(&v->b) > 0)
            rx_run(s, v);
        log_dropped(v);
        more |= d->runnable;
        if (v->b.broken)
            pv_dev_cut_off(s, d, v->b.broken_why ? v->b.broken_why : "?");     /* d is gone */
    }
    return more;
}

int vif_poll_taps(struct pv_devs *s, struct pollfd *fds, struct vif **owners, int max)
{
    /* where this round's walk starts: after where the last one stopped, so
     * with more guests than max every one gets its turn */
    static unsigned cursor;
    struct pv_dev *d;
    unsigned i, count = 0, skip;
    int n = 0;

    for (d = s->served; d; d = d->serve.next)
        count++;
    if (!count)
        return 0;
    skip = cursor % count;
    for (d = s->served, i = 0; i < skip; i++)
        d = d->serve.next;
    for (i = 0; i < count && n < max; i++, d = d->serve.next ? d->serve.next : s->served) {
        struct vif *v = VIF(d);

        /* a guest without rx buffers is not read for: its frames wait in
         * the TAP's queue (which drops, counted by the kernel, when full) */
        if (!d->connected || v->tap < 0 || v->b.broken || v->rx_len || !net_rx_slots(&v->b))
            continue;
        fds[n].fd = v->tap;
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        owners[n++] = v;
    }
    cursor = skip + i;
    return n;
}

void vif_tap_ready(struct pv_devs *s, struct vif *v)
{
    if (!v->dev.connected)
        return;
    rx_run(s, v);       /* a budget's worth; poll reports the rest */
    if (v->b.broken)
        pv_dev_cut_off(s, &v->dev, v->b.broken_why ? v->b.broken_why : "?");
}
