/*
 * fake_net.c - see fake_net.h.
 */
#include "fake_net.h"

#include <stdlib.h>
#include <string.h>

void fake_net_init(struct fake_net *f, unsigned mtu, bool rx_sg)
{
    memset(f, 0, sizeof(*f));
    f->tx_page = aligned_alloc(PV_PAGE, PV_PAGE);
    f->rx_page = aligned_alloc(PV_PAGE, PV_PAGE);
    f->pages = calloc(FAKE_NET_PAGES, PV_PAGE);
    if (!f->tx_page || !f->rx_page || !f->pages)
        abort();
    SHARED_RING_INIT((netif_tx_sring_t *)f->tx_page);
    SHARED_RING_INIT((netif_rx_sring_t *)f->rx_page);
    FRONT_RING_INIT(&f->tx, (netif_tx_sring_t *)f->tx_page, PV_PAGE);
    FRONT_RING_INIT(&f->rx, (netif_rx_sring_t *)f->rx_page, PV_PAGE);
    f->b.pkt = malloc(NET_TX_BUF);
    f->b.pkt_size = NET_TX_BUF;
    f->b.rxr = calloc(1, sizeof(*f->b.rxr));
    if (!f->b.pkt || !f->b.rxr || !(f->b.rxr->mem = malloc(NET_RX_BUF)))
        abort();
    f->b.rx_csum4 = true;       /* netif.h: IPv4 checksum offload unless refused */
    f->b.max_frame = mtu + NET_ETH_HLEN + NET_VLAN_HLEN;
    f->b.rx_sg = rx_sg;
    f->b.ops.copy = fake_net_copy;
    f->b.ops.emit = fake_net_emit;
    f->b.ops.ctx = f;
    net_attach(&f->b, f->tx_page, f->rx_page);
}

void fake_net_free(struct fake_net *f)
{
    free(f->tx_page);
    free(f->rx_page);
    free(f->pages);
    free(f->b.pkt);
    free(f->b.rxr->mem);
    free(f->b.rxr);
}

netif_tx_request_t *fake_net_tx(struct fake_net *f)
{
    netif_tx_request_t *r = RING_GET_REQUEST(&f->tx, f->tx.req_prod_pvt);

    f->tx.req_prod_pvt++;
    memset(r, 0, sizeof(*r));
    return r;
}

void fake_net_tx_push(struct fake_net *f)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f->tx, notify);
    (void)notify;
}

bool fake_net_tx_rsp(struct fake_net *f, netif_tx_response_t *rsp)
{
    if (f->tx.rsp_cons == f->tx.sring->rsp_prod)
        return false;
    *rsp = *RING_GET_RESPONSE(&f->tx, f->tx.rsp_cons);
    f->tx.rsp_cons++;
    return true;
}

void fake_net_rx_post(struct fake_net *f, uint16_t id, grant_ref_t gref)
{
    netif_rx_request_t *r = RING_GET_REQUEST(&f->rx, f->rx.req_prod_pvt);
    int notify;

    f->rx.req_prod_pvt++;
    r->id = id;
    r->gref = gref;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f->rx, notify);
    (void)notify;
}

bool fake_net_rx_rsp(struct fake_net *f, netif_rx_response_t *rsp)
{
    if (f->rx.rsp_cons == f->rx.sring->rsp_prod)
        return false;
    *rsp = *RING_GET_RESPONSE(&f->rx, f->rx.rsp_cons);
    f->rx.rsp_cons++;
    return true;
}

/* As Xen does: every segment's grant must exist and stay within its page. */
int fake_net_copy(void *ctx, const struct pv_gseg *seg, unsigned n, uint8_t *buf, bool to_guest)
{
    struct fake_net *f = ctx;
    unsigned i;

    f->copies++;
    if (f->on_copy)
        f->on_copy(f);
    for (i = 0; i < n; i++)
        if (seg[i].gref >= FAKE_NET_PAGES || seg[i].offset + seg[i].len > PV_PAGE)
            return -1;
    for (i = 0; i < n; i++) {
        uint8_t *page = f->pages[seg[i].gref] + seg[i].offset;

        if (to_guest)
            memcpy(page, buf, seg[i].len);
        else
            memcpy(buf, page, seg[i].len);
        buf += seg[i].len;
    }
    return 0;
}

uint64_t fake_net_sum(const uint8_t *p, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    while (len--)
        h = (h ^ *p++) * 1099511628211ULL;
    return h;
}

int fake_net_emit(void *ctx, const uint8_t *frame, size_t len, const struct net_gso *gso)
{
    struct fake_net *f = ctx;

    if (f->on_emit)
        f->on_emit(f);
    if (f->emit_fails)
        return -1;
    if (len > NET_MAX_FRAME)
        abort();                /* the backend must never build such a frame */
    f->frames++;
    f->frame_bytes += len;
    f->frame_sum += fake_net_sum(frame, len);
    memcpy(f->last, frame, len);
    f->last_len = len;
    f->last_gso_set = gso != NULL;
    if (gso)
        f->last_gso = *gso;
    return 0;
}
