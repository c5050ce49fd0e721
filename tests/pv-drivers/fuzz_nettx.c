/*
 * fuzz_nettx.c - libFuzzer target: arbitrary tx and rx ring pages (and a
 * guest that keeps rewriting the tx ring while the backend copies) fed to
 * xyl-netback's data path: net_tx_serve (slot chains, extra-info, sizes,
 * offsets, checksum and segmentation offload, batches) and net_rx_deliver.
 *
 * Input: byte 0 = options (frontend feature-sg, small MTU, racing guest,
 * feature-gso-tcpv4 offered, the frontend's rx offloads: GSO v4/v6 and
 * checksums, from bit 4 on),
 * then the tx ring page (its first padding byte, bit 0: a restarted daemon
 * resumes the rings, net_resume, at whatever rsp_prod the pages hold,
 * rather than attaching), the rx ring page, then bytes XORed into the tx ring
 * during each grant copy, then the granted pages' content.
 *
 * Besides ASan/UBSan it aborts when an invariant breaks: every frame
 * emitted is between an Ethernet header and the MTU's frame size (a TSO
 * frame: its headers plus payload, segments that fit the MTU), every
 * consumed slot gets exactly one response with a valid status, a broken
 * ring stays broken, and serving always ends.  On rx (frames with GSO and
 * checksum requests made from the input), every response chain is what
 * netfront parses: a data slot within its page, an extra only behind a
 * first slot saying so, of a GSO kind the frontend asked for, size > 0,
 * csum_blank only for what it takes, no chain longer than 18 data slots.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_net.h"

static const uint8_t *race;
static size_t race_len, race_pos;

static void guest_races(struct fake_net *f)
{
    uint8_t *p = f->tx_page;
    size_t i;

    for (i = 0; i < 16 && race_pos + 2 < race_len; i++, race_pos += 3) {
        size_t at = ((size_t)race[race_pos] << 8 | race[race_pos + 1]) % PV_PAGE;
        p[at] ^= race[race_pos + 2];
    }
}

static unsigned max_frame;

/* The responses netfront would read, slot by slot from i (where this
 * daemon started answering) to rsp_prod. */
static void check_rx_chains(const struct fake_net *f, RING_IDX i)
{
    RING_IDX end = f->b.rx.rsp_prod_pvt;

    while (i != end) {
        netif_rx_response_t r;
        unsigned data = 0;
        uint16_t flags;

        memcpy(&r, RING_GET_RESPONSE(&f->b.rx, i), sizeof(r));
        i++;
        flags = r.flags;
        if ((flags & NETRXF_csum_blank) && !f->b.rx_csum4 && !f->b.rx_csum6)
            abort();
        if (flags & NETRXF_extra_info) {
            netif_extra_info_t x;

            if (i == end)
                abort();        /* an extra promised, not there */
            memcpy(&x, RING_GET_RESPONSE(&f->b.rx, i), sizeof(x));
            i++;
            if (x.type != XEN_NETIF_EXTRA_TYPE_GSO || (x.flags & XEN_NETIF_EXTRA_FLAG_MORE) ||
                x.u.gso.size == 0 || x.u.gso.type >= 8 ||
                !(f->b.rx_gso & (1u << x.u.gso.type)) || !(flags & NETRXF_csum_blank))
                abort();
        }
        for (;;) {
            if (r.status != NETIF_RSP_ERROR && (r.status <= 0 || (unsigned)r.offset + (unsigned)r.status > PV_PAGE))
                abort();
            if (++data > NET_MAX_SLOTS)
                abort();
            if (!(r.flags & NETRXF_more_data))
                break;
            if (i == end)
                abort();        /* more promised, not there */
            memcpy(&r, RING_GET_RESPONSE(&f->b.rx, i), sizeof(r));
            i++;
            if (r.flags & ~NETRXF_more_data)
                abort();        /* only the first slot carries flags */
        }
    }
}

static int checked_emit(void *ctx, const uint8_t *frame, size_t len, const struct net_gso *gso)
{
    if (len < NET_MIN_FRAME || (!gso && len > max_frame) || len > NET_MAX_FRAME)
        abort();
    if (gso && (!((struct fake_net *)ctx)->b.gso || gso->hdr_len >= len || gso->size < 256 ||
                gso->hdr_len + gso->size > max_frame || gso->csum_start + 20u > gso->hdr_len ||
                gso->csum_offset != 16))
        abort();
    return fake_net_emit(ctx, frame, len, gso);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t frame[NET_RX_MAX_FRAME + 200];
    struct fake_net f;
    uint8_t opt;
    size_t n;
    int round, rc = NET_MORE;
    RING_IDX i, rx_start, tx_start = 0;

    if (size < 1)
        return 0;
    opt = data[0];
    data++, size--;
    fake_net_init(&f, opt & 2 ? 576 : 1500, opt & 1);
    f.b.gso = opt & 8;
    f.b.rx_gso = (uint8_t)((opt >> 3) & 6);     /* bits 4, 5: TCPv4, TCPv6 */
    f.b.rx_csum4 = !(opt & 64);
    f.b.rx_csum6 = opt & 128;
    max_frame = f.b.max_frame;
    f.b.ops.emit = checked_emit;

    n = size < PV_PAGE ? size : PV_PAGE;        /* the tx ring, indexes included */
    memcpy(f.tx_page, data, n);
    data += n, size -= n;
    n = size < PV_PAGE ? size : PV_PAGE;        /* the rx ring */
    memcpy(f.rx_page, data, n);
    data += n, size -= n;
    race = data;
    race_len = opt & 4 ? (size < 256 ? size : 256) : 0;
    race_pos = 0;
    data += race_len, size -= race_len;
    n = size < (size_t)FAKE_NET_PAGES * PV_PAGE ? size : (size_t)FAKE_NET_PAGES * PV_PAGE;
    memcpy(f.pages, data, n);
    if (opt & 4)
        f.on_copy = guest_races;
    if (((uint8_t *)f.tx_page)[16] & 1) {
        netif_tx_sring_t *ts = f.tx_page;
        netif_rx_sring_t *rs = f.rx_page;
        RING_IDX rx0 = rs->rsp_prod;

        tx_start = ts->rsp_prod;
        net_resume(&f.b, f.tx_page, f.rx_page);
        /* resumed where published (on rx, past at most one frame the old
         * daemon wrote, now published) */
        if (f.b.tx.req_cons != tx_start || f.b.tx.rsp_prod_pvt != tx_start ||
            f.b.rx.req_cons != f.b.rx.rsp_prod_pvt || rs->rsp_prod != f.b.rx.rsp_prod_pvt ||
            f.b.rx.rsp_prod_pvt - rx0 > NET_RX_MAX_SLOTS)
            abort();
    }
    rx_start = f.b.rx.rsp_prod_pvt;     /* what net_resume published is the old daemon's */

    for (round = 0; round < 64 && rc == NET_MORE; round++) {
        bool notify;

        rc = net_tx_serve(&f.b, 16, &notify);
    }
    if (rc == NET_MORE)
        abort();                /* 64 rounds of 16 cover a whole ring and more */
    if (rc == NET_BROKEN) {
        bool notify;

        if (!f.b.broken || net_tx_serve(&f.b, 16, &notify) != NET_BROKEN)
            abort();
    } else if (f.b.tx.rsp_prod_pvt != f.b.tx.req_cons) {
        abort();                /* a slot without a response */
    }
    /* the statuses this daemon wrote (a racing guest may scribble over
     * them: not then) */
    for (i = f.b.tx.rsp_prod_pvt - tx_start > 256 ? f.b.tx.rsp_prod_pvt - 256 : tx_start;
         i != f.b.tx.rsp_prod_pvt && rc != NET_BROKEN && !(opt & 4); i++) {
        netif_tx_response_t *r = RING_GET_RESPONSE(&f.b.tx, i);

        if (r->status != NETIF_RSP_OKAY && r->status != NETIF_RSP_ERROR &&
            r->status != NETIF_RSP_NULL)
            abort();
    }

    /* rx: frames of input-chosen lengths into whatever the rx ring holds */
    if (!f.b.broken) {
        size_t len = 14;
        int k;

        memcpy(frame, f.pages[0], 64);          /* EtherType, what dom0 says: the input's */

        for (k = 0; k < 300; k++) {
            struct net_rx_meta m;
            uint8_t *at;

            /* what dom0 says of the frame: from the frame's own bytes */
            len = (len * 2654435761u + opt + (size_t)k) % (k % 5 == 4 ? NET_RX_MAX_FRAME + 200
                                                                     : max_frame + 200);
            memset(&m, 0, sizeof(m));
            m.csum_partial = frame[k % 64] & 1;
            m.csum_valid = frame[k % 64] & 2;
            m.gso_type = k % 5 == 4 ? (uint8_t)(frame[k % 64] >> 2 & 3) : 0;
            if (m.gso_type == 3)
                m.gso_type = NET_GSO_OTHER;
            m.gso_size = (uint16_t)(frame[(k + 1) % 64] << 8 | frame[(k + 2) % 64]);
            m.csum_start = (uint16_t)(frame[(k + 3) % 64] % 80);
            m.csum_offset = (uint16_t)(frame[(k + 4) % 64] % 24);
            at = k % 3 && len <= NET_RX_MAX_FRAME ? net_rx_room(&f.b) : NULL;  /* in place, or copied in */
            if (at)
                memcpy(at, frame, len);
            rc = net_rx_deliver(&f.b, at ? at : frame, len, &m);
            if (k % 7 == 6)
                (void)net_rx_push(&f.b);        /* rounds of seven frames */
            if (rc != 0)
                break;
        }
        (void)net_rx_push(&f.b);
        if (rc != NET_BROKEN && f.b.rx.rsp_prod_pvt != f.b.rx.req_cons)
            abort();
        if (f.b.rx.sring->rsp_prod != f.b.rx.rsp_prod_pvt)
            abort();                            /* a push publishes every response */
        if (rc != NET_BROKEN)
            check_rx_chains(&f, rx_start);
    }
    fake_net_free(&f);
    return 0;
}
