/*
 * net_rx.c - the rx ring: frames for the guest, grant-copied into the
 * buffers it posted (feature-rx-copy; see net_be.h), a round at a time.
 *
 * A frame takes its slots as it comes (the guest's requests are copied
 * once; their ids are only echoed, their grants checked by Xen at copy
 * time); the copy into the guest's pages and the responses wait for the
 * round's end: one grant copy for all its frames.  A GSO frame (dom0's
 * kernel left it whole for a frontend that said feature-gso-tcpv4/v6)
 * goes as netif.h says: its first data slot with NETRXF_extra_info, then
 * a slot holding the GSO extra (its request's buffer stays unused, as
 * netfront expects: responses sit in their requests' slots), then the
 * other data slots.  A checksum dom0 left to be completed goes with
 * NETRXF_csum_blank when the frontend takes that for the frame's IP
 * version, else is completed here.
 */
#include "net_be.h"

#include <string.h>

unsigned net_rx_need(const struct net_backend *b, size_t len, bool gso)
{
    if (len < NET_MIN_FRAME || len > (gso ? NET_RX_MAX_FRAME : b->max_frame))
        return 0;
    if (len > PV_PAGE && !b->rx_sg)
        return 0;
    return (unsigned)((len + PV_PAGE - 1) / PV_PAGE) + gso;
}

/* Posted, unconsumed requests (the index read once and checked);
 * UINT32_MAX when the frontend broke the ring. */
static unsigned posted(struct net_backend *b)
{
    RING_IDX rp = *(volatile RING_IDX *)&b->rx.sring->req_prod;

    xen_rmb();
    if (RING_REQUEST_PROD_OVERFLOW(&b->rx, rp)) {
        b->broken = true;
        b->broken_why = "rx producer index out of range";
        return UINT32_MAX;
    }
    return rp - b->rx.req_cons;
}

unsigned net_rx_slots(struct net_backend *b)
{
    unsigned n;
    int more;

    if (b->broken)
        return 0;
    n = posted(b);
    if (n == 0) {
        /* ask for an event when the guest posts the next buffer */
        RING_FINAL_CHECK_FOR_REQUESTS(&b->rx, more);
        if (more)
            n = posted(b);
    }
    return n == UINT32_MAX ? 0 : n;
}

/* Write one frame's responses (err: its copy failed: the chain keeps its
 * shape, so netfront consumes it whole and drops it) and publish them at
 * once: a response takes the slot of a request already taken, and a daemon
 * killed while it sat there unpublished would read it back as a request
 * after its restart (net_be.h: rx_notify).  The event waits for the push. */
static void respond(struct net_backend *b, const struct net_rx_round *r, unsigned i, bool err)
{
    unsigned j, data = 0;
    size_t left = r->f[i].len;
    int push;

    for (j = 0; j < r->f[i].nslots; j++) {
        RING_IDX at = r->f[i].first + j;
        netif_rx_response_t rsp;

        memset(&rsp, 0, sizeof(rsp));
        if (j == 1 && r->f[i].gso_type != XEN_NETIF_GSO_TYPE_NONE) {
            netif_extra_info_t x;

            memset(&x, 0, sizeof(x));
            x.type = XEN_NETIF_EXTRA_TYPE_GSO;
            x.u.gso.size = r->f[i].gso_size;
            x.u.gso.type = r->f[i].gso_type;
            _Static_assert(sizeof(x) <= sizeof(rsp), "an extra fits an rx slot");
            memcpy(&rsp, &x, sizeof(x));
        } else {
            size_t n = left < PV_PAGE ? left : PV_PAGE;

            rsp.id = r->id[(size_t)(r->f[i].seg0) + data];
            rsp.offset = 0;
            rsp.flags = j == 0 ? r->f[i].flags : 0;
            if (left > n)
                rsp.flags |= NETRXF_more_data;
            rsp.status = err ? NETIF_RSP_ERROR : (int16_t)n;
            left -= n;
            data++;
        }
        memcpy(RING_GET_RESPONSE(&b->rx, at), &rsp, sizeof(rsp));
    }
    b->rx.rsp_prod_pvt = r->f[i].first + r->f[i].nslots;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->rx, push);
    b->rx_notify |= push;
}

/* The round takes no more frames: NET_RX_BATCH of them, or past its bytes. */
static bool rx_round_full(const struct net_rx_round *r)
{
    return r->k >= NET_RX_BATCH || r->used > NET_RX_TURN_BYTES;
}

/* The round holds nothing and belongs to no device. */
static void rx_round_empty(struct net_rx_round *r)
{
    r->k = r->nsegs = 0;
    r->used = 0;
    r->owner = NULL;
}

/* Copy the round's frames into the guest's pages with one grant copy (when
 * Xen refuses a segment, frame by frame, to fail only whose it was), write
 * and publish their responses, empty the round.  The event is
 * net_rx_push's. */
static void rx_flush(struct net_rx_round *r)
{
    struct net_backend *b = r->owner;
    bool all_bad = false;
    unsigned i;

    if (!b)
        return;
    if (r->nsegs && b->ops.copy(b->ops.ctx, r->seg, r->nsegs, r->mem, true))
        all_bad = true;
    for (i = 0; i < r->k; i++) {
        bool err = all_bad && b->ops.copy(b->ops.ctx, r->seg + r->f[i].seg0, r->f[i].nseg,
                                          r->mem + r->f[i].off, true);

        if (err) {
            b->st.rx_grant_err++;
            b->st.last_why = "grant copy to an rx buffer failed (bad grant reference?)";
        } else {
            b->st.rx_packets++;
            b->st.rx_bytes += r->f[i].len;
        }
        respond(b, r, i, err);
    }
    rx_round_empty(r);
}

/* The round for b: another device's frames still in it are finished for
 * that device first. */
static struct net_rx_round *rx_round(struct net_backend *b)
{
    struct net_rx_round *r = b->rxr;

    if (r->owner && r->owner != b)
        rx_flush(r);
    r->owner = b;
    return r;
}

uint8_t *net_rx_room(struct net_backend *b)
{
    struct net_rx_round *r = rx_round(b);

    if (rx_round_full(r))
        return NULL;
    return r->mem + r->used;
}

bool net_rx_push(struct net_backend *b)
{
    int push;

    if (b->rxr->owner == b)
        rx_flush(b->rxr);
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->rx, push);     /* all published already */
    push |= b->rx_notify;
    b->rx_notify = false;
    return push;
}

/* net_rx_resume: slot q (a request as the guest posted it, or a response
 * the old daemon wrote over it) read as one of our data responses: offset
 * 0, a length within a page or an error, known flags.  As a request its
 * grant reference would be flags | status << 16, past any grant table a
 * guest gets (Xen's default 64 frames hold 32,768 references). */
static bool rx_was_response(const netif_rx_request_t *q, netif_rx_response_t *r)
{
    memcpy(r, q, sizeof(*r));
    return q->gref >= 0x10000 && r->offset == 0 &&
           ((r->status > 0 && r->status <= (int)PV_PAGE) || r->status == NETIF_RSP_ERROR) &&
           !(r->flags & ~(NETRXF_data_validated | NETRXF_csum_blank | NETRXF_more_data |
                          NETRXF_extra_info));
}

/* ... or as the GSO extra respond() writes (as a request: the grant
 * reference XEN_NETIF_GSO_TYPE_TCPV4 or _TCPV6, among those Linux keeps
 * for itself: its xenstore ring is reference 1). */
static bool rx_was_extra(const netif_rx_request_t *q)
{
    netif_extra_info_t x;

    memcpy(&x, q, sizeof(x));
    return x.type == XEN_NETIF_EXTRA_TYPE_GSO && x.flags == 0 && x.u.gso.size != 0 &&
           (x.u.gso.type == XEN_NETIF_GSO_TYPE_TCPV4 || x.u.gso.type == XEN_NETIF_GSO_TYPE_TCPV6) &&
           x.u.gso.pad == 0 && x.u.gso.features == 0;
}

void net_rx_resume(struct net_backend *b)
{
    RING_IDX at = b->rx.req_cons, rp = *(volatile RING_IDX *)&b->rx.sring->req_prod;
    bool more = true, extra = false;
    unsigned j, n;
    int push;

    xen_rmb();
    n = rp - at;
    if (n > RING_SIZE(&b->rx))
        return;                 /* broken: the first round says so */
    for (j = 0; j < n && j < NET_RX_MAX_SLOTS && (more || extra); j++) {
        netif_rx_request_t q;
        netif_rx_response_t r;

        RING_COPY_REQUEST(&b->rx, at + j, &q);
        if (extra) {
            if (!rx_was_extra(&q))
                break;
            extra = false;
            continue;
        }
        if (!rx_was_response(&q, &r))
            break;
        extra = j == 0 && (r.flags & NETRXF_extra_info);
        more = r.flags & NETRXF_more_data;
    }
    if (j == 0)
        return;
    if (more || extra) {
        /* cut short: what was written goes back as buffers the frontend
         * re-posts (Linux's netfront moves an errored slot back, by its
         * ring index: the extra's lost id does not matter to it) */
        unsigned i;

        for (i = 0; i < j; i++) {
            netif_rx_response_t *r = RING_GET_RESPONSE(&b->rx, at + i);

            r->offset = 0;
            r->flags = 0;
            r->status = NETIF_RSP_ERROR;
        }
    }
    b->rx.req_cons = b->rx.rsp_prod_pvt = at + j;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->rx, push);
    (void)push;                 /* net_resume's first tx round notifies (one event channel) */
}

void net_rx_forget(struct net_backend *b)
{
    struct net_rx_round *r = b->rxr;

    if (r && r->owner == b)
        rx_round_empty(r);
}

/* A broken ring: the round's frames for it are forgotten (the device is
 * about to be cut off and its ring unmapped). */
static int rx_broken(struct net_backend *b)
{
    net_rx_forget(b);
    return NET_BROKEN;
}

static int rx_drop(struct net_backend *b, uint64_t *ctr, const char *why)
{
    (*ctr)++;
    b->st.last_why = why;
    return 0;
}

/* What dom0 asked for, against what the frontend takes: the first slot's
 * flags, or -1 (dropped).  Completing a checksum waits until the frame
 * surely goes (a frame held back is delivered again, with m again). */
static int offload_flags(struct net_backend *b, const uint8_t *frame, size_t len,
                         const struct net_rx_meta *m, bool *complete)
{
    uint16_t type;
    bool blank_ok;

    *complete = false;
    if (!m)
        return 0;
    if (m->gso_type != XEN_NETIF_GSO_TYPE_NONE) {
        if (m->gso_type >= 8 || !(b->rx_gso & (1u << m->gso_type)))
            return -1;          /* a kind the frontend did not ask for */
        if (m->gso_size == 0 || !m->csum_partial)
            return -1;          /* netfront refuses a size 0; segments need sums */
    }
    if (!m->csum_partial)
        return m->csum_valid ? NETRXF_data_validated : 0;
    if (m->csum_start < NET_ETH_HLEN || m->csum_start > len ||
        m->csum_offset > len - m->csum_start || len - m->csum_start - m->csum_offset < 2)
        return -1;
    type = net_ethertype(frame, len);
    blank_ok = (type == 0x0800 && b->rx_csum4) || (type == 0x86dd && b->rx_csum6);
    if (blank_ok)
        return NETRXF_csum_blank | NETRXF_data_validated;
    if (m->gso_type != XEN_NETIF_GSO_TYPE_NONE)
        return -1;              /* each segment would need its own sum */
    *complete = true;
    return 0;
}

int net_rx_deliver(struct net_backend *b, uint8_t *frame, size_t len,
                   const struct net_rx_meta *m)
{
    bool gso = m && m->gso_type != XEN_NETIF_GSO_TYPE_NONE, complete;
    unsigned need, have, i, data;
    struct net_rx_round *r;
    int flags;
    size_t off;

    if (b->broken)
        return rx_broken(b);
    need = net_rx_need(b, len, gso);
    if (need == 0)
        return rx_drop(b, &b->st.rx_too_big, "frame larger than the guest's MTU or buffers");
    flags = offload_flags(b, frame, len, m, &complete);
    if (flags < 0)
        return rx_drop(b, &b->st.rx_bad_offload,
                       "offload (GSO or checksum) the frontend did not ask for, or malformed");
    have = posted(b);
    if (have == UINT32_MAX)
        return rx_broken(b);
    if (have < need) {
        /* ask for an event once enough are posted (a frame over several
         * slots may find some posted already: then the frontend would not
         * notify for the rest on its own), and look once more */
        b->rx.sring->req_event = b->rx.req_cons + need;
        xen_mb();
        have = posted(b);
        if (have == UINT32_MAX)
            return rx_broken(b);
        if (have < need) {
            b->st.rx_no_buffer++;
            return 1;
        }
    }
    /* the frame goes: into the round (in place when read where it said) */
    r = rx_round(b);
    if (frame != r->mem + r->used) {
        if (rx_round_full(r)) {
            rx_flush(r);
            r->owner = b;
        }
        memmove(r->mem + r->used, frame, len);
        frame = r->mem + r->used;
    } else if (r->k >= NET_RX_BATCH) {
        return rx_drop(b, &b->st.rx_too_big, "rx round full (caller ignored net_rx_room)");
    }
    if (complete)
        (void)net_csum_at(frame, len, m->csum_start, m->csum_offset);      /* checked above */
    r->f[r->k].first = b->rx.req_cons;
    r->f[r->k].nslots = need;
    r->f[r->k].seg0 = r->nsegs;
    r->f[r->k].nseg = need - gso;
    r->f[r->k].off = r->used;
    r->f[r->k].len = len;
    r->f[r->k].flags = (uint16_t)(flags | (gso ? NETRXF_extra_info : 0));
    r->f[r->k].gso_type = gso ? m->gso_type : XEN_NETIF_GSO_TYPE_NONE;
    r->f[r->k].gso_size = gso ? m->gso_size : 0;
    for (i = 0, data = 0, off = 0; i < need; i++) {
        netif_rx_request_t req;

        RING_COPY_REQUEST(&b->rx, b->rx.req_cons, &req);
        b->rx.req_cons++;
        if (gso && i == 1)
            continue;           /* the extra's slot: its buffer stays unused */
        r->id[r->nsegs + data] = req.id;
        r->seg[r->nsegs + data].gref = req.gref;
        r->seg[r->nsegs + data].offset = 0;
        r->seg[r->nsegs + data].len = (uint16_t)(len - off < PV_PAGE ? len - off : PV_PAGE);
        off += r->seg[r->nsegs + data].len;
        data++;
    }
    r->nsegs += data;
    r->used += len;
    r->k++;
    return 0;
}
