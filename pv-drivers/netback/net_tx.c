/*
 * net_tx.c - the tx ring: packets from the guest (see net_be.h).
 */
#include "net_be.h"

#include <string.h>

void net_attach(struct net_backend *b, void *tx_page, void *rx_page)
{
    BACK_RING_INIT(&b->tx, (netif_tx_sring_t *)tx_page, NET_RING_PAGE);
    BACK_RING_INIT(&b->rx, (netif_rx_sring_t *)rx_page, NET_RING_PAGE);
    b->tx_notify = b->rx_notify = false;
    b->tx_resumed = false;
    b->broken = false;
    b->broken_why = NULL;
    net_rx_forget(b);   /* nothing of an earlier connection stays in a round */
}

void net_resume(struct net_backend *b, void *tx_page, void *rx_page)
{
    netif_tx_sring_t *tx = tx_page;
    netif_rx_sring_t *rx = rx_page;

    BACK_RING_ATTACH(&b->tx, tx, *(volatile RING_IDX *)&tx->rsp_prod, NET_RING_PAGE);
    BACK_RING_ATTACH(&b->rx, rx, *(volatile RING_IDX *)&rx->rsp_prod, NET_RING_PAGE);
    /* one event at the first round: the old daemon may have died between
     * publishing and notifying */
    b->tx_notify = true;
    b->rx_notify = false;
    /* only a packet taken then can hold them */
    b->tx_resumed = *(volatile RING_IDX *)&tx->req_prod != b->tx.rsp_prod_pvt;
    b->broken = false;
    b->broken_why = NULL;
    net_rx_forget(b);   /* a new daemon has no round: its requests are taken again */
    net_rx_resume(b);
}

/* One packet's slots, as copied out of the ring. */
struct tx_pkt {
    unsigned nslots;                    /* all slots, extras included */
    unsigned ndata;
    netif_tx_request_t slot[NET_FATAL_SLOTS + NET_MAX_EXTRAS];
    bool is_extra[NET_FATAL_SLOTS + NET_MAX_EXTRAS];
    const char *drop;                   /* why it is dropped, NULL if not */
    uint64_t *drop_ctr;
    bool gso;                           /* a TSO frame, segments of gso_size */
    uint16_t gso_size;
    bool answered;                      /* answered before a restart (answered_before) */
    int16_t answered_status;
};

/* The smallest segment size taken for TSO: a guest asking for 64 KiB in
 * 1-byte segments would make dom0 build 65,000 packets (Linux's TCP never
 * goes below 536 for IPv4 without an MTU that small). */
#define NET_MIN_GSO_SIZE 256

static int broken(struct net_backend *b, const char *why)
{
    b->broken = true;
    b->broken_why = why;
    return NET_BROKEN;
}

static void drop(struct tx_pkt *p, uint64_t *ctr, const char *why)
{
    if (!p->drop) {                     /* the first reason counts */
        p->drop = why;
        p->drop_ctr = ctr;
    }
}

/* Copy the next request (exactly once) into the packet. */
static void take(struct net_backend *b, struct tx_pkt *p, bool extra)
{
    RING_COPY_REQUEST(&b->tx, b->tx.req_cons, &p->slot[p->nslots]);
    p->is_extra[p->nslots] = extra;
    p->nslots++;
    p->ndata += !extra;
    b->tx.req_cons++;
}

/* A GSO extra, checked as strictly as it can be before the frame is seen
 * (finish() checks it against the frame's headers). */
static void take_gso(struct net_backend *b, struct tx_pkt *p, const netif_extra_info_t *x)
{
    if (!b->gso)
        drop(p, &b->st.tx_bad_extra, "GSO packet (feature-gso-tcpv4 not offered)");
    else if (p->gso)
        drop(p, &b->st.tx_bad_extra, "two GSO extra-info slots in one packet");
    else if (x->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4)
        drop(p, &b->st.tx_bad_extra, "GSO type other than TCPv4 (the only one offered)");
    else if (x->u.gso.size < NET_MIN_GSO_SIZE)
        drop(p, &b->st.tx_bad_extra, "GSO segment size below 256");
    else {
        p->gso = true;
        p->gso_size = x->u.gso.size;
    }
}

/* Take a whole packet's slots (rp: the producer index read once).
 * 0, or NET_BROKEN when the chain does not end inside [req_cons, rp) or
 * is longer than any frontend may make it. */
static int take_packet(struct net_backend *b, RING_IDX rp, struct tx_pkt *p)
{
    uint16_t flags;
    unsigned extras = 0;

    p->nslots = p->ndata = 0;
    p->drop = NULL;
    p->gso = false;
    take(b, p, false);
    flags = p->slot[0].flags;
    if (flags & NETTXF_extra_info) {
        bool more = true;

        while (more) {
            netif_extra_info_t x;

            if (b->tx.req_cons == rp)
                return broken(b, "an extra-info chain runs past the producer index");
            if (++extras > NET_MAX_EXTRAS)
                return broken(b, "too many extra-info slots in one packet");
            take(b, p, true);
            memcpy(&x, &p->slot[p->nslots - 1], sizeof(x));
            more = x.flags & XEN_NETIF_EXTRA_FLAG_MORE;
            if (x.type == XEN_NETIF_EXTRA_TYPE_GSO)
                take_gso(b, p, &x);
            else if (x.type == XEN_NETIF_EXTRA_TYPE_NONE || x.type >= XEN_NETIF_EXTRA_TYPE_MAX)
                drop(p, &b->st.tx_bad_extra, "unknown extra-info type");
            /* MCAST_ADD/DEL and HASH carry nothing we need */
        }
    }
    while (flags & NETTXF_more_data) {
        if (b->tx.req_cons == rp)
            return broken(b, "a packet's slot chain runs past the producer index");
        if (p->ndata >= NET_FATAL_SLOTS)
            return broken(b, "a packet with more than 20 slots");
        take(b, p, false);
        flags = p->slot[p->nslots - 1].flags;
    }
    return 0;
}

/* The first packet after net_resume, at the last published response: a
 * daemon killed between writing its responses and publishing them
 * (respond) left them in place, each response over the first four bytes
 * of its request (netif.h's layouts): its id and status over the grant
 * reference, the rest intact.  So a first slot whose grant reference reads
 * as a response carrying the slot's own id and OKAY or ERROR was answered
 * (and the frame sent, or dropped): it gets that answer again, and its
 * grant reference, another page of the guest, is not copied.  A request
 * the guest made with a grant reference equal to its id taken for one is
 * answered without being sent: one frame lost, as a network may. */
static void answered_before(struct tx_pkt *p)
{
    netif_tx_response_t r;

    memcpy(&r, &p->slot[0], sizeof(r));
    if (r.id == p->slot[0].id && (r.status == NETIF_RSP_OKAY || r.status == NETIF_RSP_ERROR)) {
        p->answered = true;
        p->answered_status = r.status;
    }
}

/* Check the data slots and turn them into grant-copy segments; returns the
 * frame length (0 if dropped). */
static size_t plan(struct net_backend *b, struct tx_pkt *p, struct pv_gseg *seg, unsigned *nseg)
{
    const netif_tx_request_t *first = &p->slot[0];
    uint32_t rest = 0, len = first->size;
    unsigned i;

    *nseg = 0;
    if (p->answered)
        return 0;
    if (p->ndata > NET_MAX_SLOTS)
        drop(p, &b->st.tx_bad_slots, "more than 18 slots");
    for (i = 1; i < p->nslots; i++)
        if (!p->is_extra[i])
            rest += p->slot[i].size;
    if (rest > len)
        drop(p, &b->st.tx_bad_size, "fragments larger than the frame");
    else if (len < NET_MIN_FRAME)
        drop(p, &b->st.tx_bad_size, "frame shorter than an Ethernet header");
    else if (!p->gso && len > b->max_frame)
        drop(p, &b->st.tx_too_big, "frame larger than the MTU");
    else if (p->gso && !(first->flags & NETTXF_csum_blank))
        drop(p, &b->st.tx_bad_extra, "GSO without checksum offload (csum_blank)");
    if (p->drop)
        return 0;
    for (i = 0; i < p->nslots; i++) {
        const netif_tx_request_t *s = &p->slot[i];
        uint32_t n = i == 0 ? len - rest : s->size;

        if (p->is_extra[i])
            continue;
        if ((uint32_t)s->offset + n > PV_PAGE) {
            drop(p, &b->st.tx_bad_offset, "a slot crosses its page");
            return 0;
        }
        if (n == 0)
            continue;
        seg[*nseg].gref = s->gref;
        seg[*nseg].offset = s->offset;
        seg[*nseg].len = (uint16_t)n;
        (*nseg)++;
    }
    return len;
}

/* A packet's responses, published at once (net_be.h: tx_notify). */
static void respond(struct net_backend *b, const struct tx_pkt *p, int16_t status)
{
    unsigned i;
    int push;

    for (i = 0; i < p->nslots; i++) {
        netif_tx_response_t r;

        memset(&r, 0, sizeof(r));
        r.id = p->is_extra[i] ? 0 : p->slot[i].id;
        r.status = p->is_extra[i] ? NETIF_RSP_NULL : status;
        memcpy(RING_GET_RESPONSE(&b->tx, b->tx.rsp_prod_pvt), &r, sizeof(r));
        b->tx.rsp_prod_pvt++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->tx, push);
    b->tx_notify |= push;
}

/* Packets taken in one round share one grant copy (one gntdev ioctl per 64
 * segments, pv_gnt.c, where each packet used to cost one): at most
 * NET_TX_BATCH of them, and only while the next one is sure to fit in
 * b->pkt beside the others (with GSO offered, any may be a 64 KiB frame). */
#define NET_TX_BATCH 32

struct tx_batch {
    struct tx_pkt p[NET_TX_BATCH];
    size_t len[NET_TX_BATCH];           /* frame length (0: dropped by plan) */
    size_t off[NET_TX_BATCH];           /* where the frame lands in b->pkt */
    unsigned seg0[NET_TX_BATCH], nseg[NET_TX_BATCH];
    struct pv_gseg seg[NET_TX_BATCH * NET_FATAL_SLOTS];
    unsigned k, nsegs;
    size_t used;                        /* bytes of b->pkt taken */
};

/* A TSO frame's extra against its own headers: TCP over IPv4, something
 * to cut, and segments that fit the MTU.  The TAP completes the checksums
 * (the field holds the pseudo-header sum, as for csum_blank). */
static void check_gso(struct net_backend *b, struct tx_pkt *p, const uint8_t *frame, size_t len,
                      struct net_gso *g)
{
    size_t l4, hdr_len;

    if (net_tcp4_headers(frame, len, &l4, &hdr_len))
        drop(p, &b->st.tx_bad_extra, "GSO on a frame that is not TCP over IPv4");
    else if (len <= hdr_len)
        drop(p, &b->st.tx_bad_extra, "GSO frame without TCP payload");
    else if (hdr_len + p->gso_size > b->max_frame)
        drop(p, &b->st.tx_bad_extra, "GSO segments larger than the MTU");
    else {
        g->size = p->gso_size;
        g->hdr_len = (uint16_t)hdr_len;
        g->csum_start = (uint16_t)l4;
        g->csum_offset = 16;            /* struct tcphdr's check */
    }
}

/* One packet whose bytes are at frame (if it was not dropped): checksum
 * or segmentation offload, out to the TAP, its responses. */
static void finish(struct net_backend *b, struct tx_pkt *p, uint8_t *frame, size_t len)
{
    int16_t status = NETIF_RSP_OKAY;
    struct net_gso gso = { 0, 0, 0, 0 };

    if (p->answered) {
        respond(b, p, p->answered_status);
        return;
    }
    if (!p->drop && p->gso)
        check_gso(b, p, frame, len, &gso);
    else if (!p->drop && (p->slot[0].flags & NETTXF_csum_blank) && net_csum_fill(frame, len))
        drop(p, &b->st.tx_csum_err, "checksum offload on a frame that is not TCP/UDP over IP");
    if (p->drop) {
        (*p->drop_ctr)++;
        b->st.last_why = p->drop;
        status = NETIF_RSP_ERROR;
    } else if (b->ops.emit(b->ops.ctx, frame, len, p->gso ? &gso : NULL)) {
        b->st.tx_out_err++;             /* not the guest's fault: it was sent */
    } else {
        b->st.tx_packets++;
        b->st.tx_bytes += len;
    }
    respond(b, p, status);
}

/* Take the next packet into the batch and plan its copy.  0 or NET_BROKEN. */
static int batch_add(struct net_backend *b, struct tx_batch *t, RING_IDX rp)
{
    unsigned k = t->k;
    struct tx_pkt *p = &t->p[k];

    p->answered = false;
    if (take_packet(b, rp, p))
        return NET_BROKEN;
    if (b->tx_resumed) {
        b->tx_resumed = false;
        answered_before(p);
    }
    t->seg0[k] = t->nsegs;
    t->len[k] = plan(b, p, t->seg + t->nsegs, &t->nseg[k]);
    if (!t->len[k])
        t->nseg[k] = 0;         /* dropped: segments planned before the drop are not copied */
    t->off[k] = t->used;
    t->nsegs += t->nseg[k];
    t->used += t->len[k];
    t->k++;
    return 0;
}

/* Room for one more packet of the largest size it may have (the first
 * always fits: no frame exceeds NET_MAX_FRAME, and b->pkt holds that). */
static bool batch_room(const struct net_backend *b, const struct tx_batch *t)
{
    size_t worst = b->gso ? NET_MAX_FRAME : b->max_frame;

    return t->k < NET_TX_BATCH && (t->k == 0 || t->used + worst <= b->pkt_size);
}

/* Copy the batch with one grant copy, then finish its packets in ring
 * order.  When Xen refuses a segment, the packets are copied one by one to
 * find whose it was: a guest with bad grants costs only itself more. */
static void batch_send(struct net_backend *b, struct tx_batch *t)
{
    unsigned i;

    if (t->nsegs && b->ops.copy(b->ops.ctx, t->seg, t->nsegs, b->pkt, false)) {
        for (i = 0; i < t->k; i++)
            if (!t->p[i].drop && b->ops.copy(b->ops.ctx, t->seg + t->seg0[i], t->nseg[i],
                                             b->pkt + t->off[i], false))
                drop(&t->p[i], &b->st.tx_grant_err, "grant copy failed (bad grant reference?)");
    }
    for (i = 0; i < t->k; i++)
        finish(b, &t->p[i], b->pkt + t->off[i], t->len[i]);
    t->k = t->nsegs = 0;
    t->used = 0;
}

int net_tx_serve(struct net_backend *b, int budget, bool *notify)
{
    struct tx_batch t;
    RING_IDX rp;
    int more, n = 0, push;
    size_t bytes = 0;

    *notify = false;
    if (b->broken)
        return NET_BROKEN;
    t.k = t.nsegs = 0;
    t.used = 0;
    for (;;) {
        int got = 0;

        /* one read of the guest's producer index per round */
        rp = *(volatile RING_IDX *)&b->tx.sring->req_prod;
        xen_rmb();
        if (RING_REQUEST_PROD_OVERFLOW(&b->tx, rp))
            return broken(b, "tx producer index out of range");
        while (b->tx.req_cons != rp && n < budget && bytes < NET_TX_TURN_BYTES) {
            if (!batch_room(b, &t))
                batch_send(b, &t);
            if (batch_add(b, &t, rp)) {
                batch_send(b, &t);      /* the packets before the break are answered */
                *notify = b->tx_notify;
                b->tx_notify = false;
                return NET_BROKEN;
            }
            bytes += t.p[t.k - 1].slot[0].size;
            n++, got++;
        }
        batch_send(b, &t);
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->tx, push);     /* nothing left: no-op */
        *notify |= push || b->tx_notify;
        b->tx_notify = false;
        if (n >= budget || bytes >= NET_TX_TURN_BYTES)
            return NET_MORE;
        RING_FINAL_CHECK_FOR_REQUESTS(&b->tx, more);
        if (!more)
            return NET_DONE;
        /* a round that found nothing counts as a packet: a guest flipping
         * req_prod under the final check cannot keep us here */
        if (!got && ++n >= budget)
            return NET_MORE;
    }
}
