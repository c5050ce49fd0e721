/*
 * net_rx.c - the rx ring: frames for the guest, grant-copied into the
 * buffers it posted (feature-rx-copy; see net_be.h).
 */
#include "net_be.h"

#include <string.h>

unsigned net_rx_need(const struct net_backend *b, size_t len)
{
    if (len < NET_MIN_FRAME || len > b->max_frame)
        return 0;
    if (len > PV_PAGE && !b->rx_sg)
        return 0;
    return (unsigned)((len + PV_PAGE - 1) / PV_PAGE);
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

bool net_rx_push(struct net_backend *b)
{
    int push;

    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->rx, push);     /* all published already */
    push |= b->rx_notify;
    b->rx_notify = false;
    return push;
}

int net_rx_deliver(struct net_backend *b, uint8_t *frame, size_t len)
{
    struct pv_gseg seg[NET_MAX_FRAME / PV_PAGE + 1];
    uint16_t ids[NET_MAX_FRAME / PV_PAGE + 1];
    unsigned need = net_rx_need(b, len), have, i;
    int16_t err = 0;
    int push;

    if (b->broken)
        return NET_BROKEN;
    if (need == 0) {
        b->st.rx_too_big++;
        b->st.last_why = "frame larger than the guest's MTU or buffers";
        return 0;
    }
    have = posted(b);
    if (have == UINT32_MAX)
        return NET_BROKEN;
    if (have < need) {
        /* ask for an event once enough are posted (a frame over several
         * slots may find some posted already: then the frontend would not
         * notify for the rest on its own), and look once more */
        b->rx.sring->req_event = b->rx.req_cons + need;
        xen_mb();
        have = posted(b);
        if (have == UINT32_MAX)
            return NET_BROKEN;
        if (have < need) {
            b->st.rx_no_buffer++;
            return 1;
        }
    }
    for (i = 0; i < need; i++) {
        netif_rx_request_t req;
        size_t off = (size_t)i * PV_PAGE;

        RING_COPY_REQUEST(&b->rx, b->rx.req_cons, &req);
        b->rx.req_cons++;
        ids[i] = req.id;
        seg[i].gref = req.gref;
        seg[i].offset = 0;
        seg[i].len = (uint16_t)(len - off < PV_PAGE ? len - off : PV_PAGE);
    }
    if (b->ops.copy(b->ops.ctx, seg, need, frame, true)) {
        b->st.rx_grant_err++;
        b->st.last_why = "grant copy to an rx buffer failed (bad grant reference?)";
        err = NETIF_RSP_ERROR;
    } else {
        b->st.rx_packets++;
        b->st.rx_bytes += len;
    }
    for (i = 0; i < need; i++) {
        netif_rx_response_t r;

        memset(&r, 0, sizeof(r));
        r.id = ids[i];
        r.offset = 0;
        r.flags = i + 1 < need && !err ? NETRXF_more_data : 0;
        r.status = err ? err : (int16_t)seg[i].len;
        memcpy(RING_GET_RESPONSE(&b->rx, b->rx.rsp_prod_pvt), &r, sizeof(r));
        b->rx.rsp_prod_pvt++;
    }
    /* published at once (net_be.h: tx_notify), the event at the round's end */
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->rx, push);
    b->rx_notify |= push;
    return 0;
}
