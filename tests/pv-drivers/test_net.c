/*
 * test_net.c - cmocka tests of xyl-netback's data path: an in-memory
 * netfront (fake_net) on one side, net_tx_serve / net_rx_deliver on the
 * other, well-formed traffic and every kind of hostile packet.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_net.h"
#include "inet_sum.h"

static struct fake_net F;

static int setup(void **st) { (void)st; fake_net_init(&F, 1500, false); return 0; }
static int setup_sg(void **st) { (void)st; fake_net_init(&F, 9000, true); return 0; }
static int teardown(void **st) { (void)st; fake_net_free(&F); return 0; }

/* Fill grant page gref at off with len bytes of a pattern seeded by seed. */
static void fill(unsigned gref, unsigned off, unsigned len, unsigned seed)
{
    unsigned i;

    for (i = 0; i < len; i++)
        F.pages[gref][off + i] = (uint8_t)(seed + i * 7);
}

static netif_tx_request_t *slot(unsigned gref, unsigned off, unsigned size, unsigned flags,
                                unsigned id)
{
    netif_tx_request_t *r = fake_net_tx(&F);

    r->gref = gref;
    r->offset = (uint16_t)off;
    r->size = (uint16_t)size;
    r->flags = (uint16_t)flags;
    r->id = (uint16_t)id;
    return r;
}

/* One frame to the guest, and the end of its round (the daemon notifies
 * once per round: rx_round_published_notified_once). */
static int deliver(uint8_t *frame, size_t len)
{
    int rc = net_rx_deliver(&F.b, frame, len, NULL);

    net_rx_push(&F.b);
    return rc;
}

static int deliver_m(uint8_t *frame, size_t len, const struct net_rx_meta *m)
{
    int rc = net_rx_deliver(&F.b, frame, len, m);

    net_rx_push(&F.b);
    return rc;
}

static int serve(void)
{
    bool notify;

    return net_tx_serve(&F.b, 64, &notify);
}

/* Expect n responses: ids[i] with status st[i]. */
static void expect_rsp(unsigned n, const unsigned *ids, const int *st)
{
    netif_tx_response_t r;
    unsigned i;

    for (i = 0; i < n; i++) {
        assert_true(fake_net_tx_rsp(&F, &r));
        if (st[i] != NETIF_RSP_NULL)
            assert_int_equal(r.id, ids[i]);
        assert_int_equal(r.status, st[i]);
    }
    assert_false(fake_net_tx_rsp(&F, &r));
}

static void one_slot(void **st)
{
    (void)st;
    fill(3, 100, 60, 1);
    slot(3, 100, 60, 0, 9);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.frames, 1);
    assert_int_equal(F.last_len, 60);
    assert_memory_equal(F.last, F.pages[3] + 100, 60);
    expect_rsp(1, (unsigned[]){ 9 }, (int[]){ NETIF_RSP_OKAY });
    assert_int_equal(F.b.st.tx_packets, 1);
}

static void three_slots_in_order(void **st)
{
    uint8_t want[1500 + 3000];

    (void)st;
    fill(1, 0, 1000, 10);
    fill(2, 96, 4000, 20);
    fill(5, 0, 200, 30);
    /* first slot: size = whole frame, its own bytes = 1400 - 1200 = 200 */
    slot(5, 0, 1400, NETTXF_more_data, 1);
    slot(1, 0, 1000, NETTXF_more_data, 2);
    slot(2, 96, 200, 0, 3);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    memcpy(want, F.pages[5], 200);
    memcpy(want + 200, F.pages[1], 1000);
    memcpy(want + 1200, F.pages[2] + 96, 200);
    assert_int_equal(F.last_len, 1400);
    assert_memory_equal(F.last, want, 1400);
    expect_rsp(3, (unsigned[]){ 1, 2, 3 }, (int[]){ 0, 0, 0 });
}

/* 19 data slots: more than netback's 18, dropped and counted; the next
 * packet goes through. */
static void too_many_slots_dropped(void **st)
{
    unsigned i, ids[19];
    int sts[19];

    (void)st;
    for (i = 0; i < 19; i++) {
        slot(i, 0, i == 0 ? 19 * 10 : 10, i < 18 ? NETTXF_more_data : 0, 100 + i);
        ids[i] = 100 + i;
        sts[i] = NETIF_RSP_ERROR;
    }
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.frames, 0);
    assert_int_equal(F.b.st.tx_bad_slots, 1);
    expect_rsp(19, ids, sts);
    slot(0, 0, 64, 0, 7);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.frames, 1);
}

/* 21 slots in one chain: no frontend does that; the ring is cut off. */
static void absurd_chain_breaks_ring(void **st)
{
    unsigned i;

    (void)st;
    for (i = 0; i < 21; i++)
        slot(0, 0, 10, NETTXF_more_data, i);
    slot(0, 0, 10, 0, 99);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_BROKEN);
    assert_true(F.b.broken);
    assert_int_equal(F.frames, 0);
    assert_int_equal(serve(), NET_BROKEN);     /* and stays so */
}

/* The last slot says more_data but the frontend produced nothing more. */
static void chain_past_producer_breaks_ring(void **st)
{
    (void)st;
    slot(0, 0, 100, NETTXF_more_data, 1);
    slot(1, 0, 50, NETTXF_more_data, 2);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_BROKEN);
    assert_non_null(strstr(F.b.broken_why, "producer"));
}

static void producer_overflow_breaks_ring(void **st)
{
    (void)st;
    ((netif_tx_sring_t *)F.tx_page)->req_prod = 1000;  /* > 256 outstanding */
    assert_int_equal(serve(), NET_BROKEN);
    assert_int_equal(F.frames, 0);
}

static void fragments_larger_than_frame(void **st)
{
    (void)st;
    slot(0, 0, 100, NETTXF_more_data, 1);
    slot(1, 0, 200, 0, 2);                  /* 200 > 100 */
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_bad_size, 1);
    expect_rsp(2, (unsigned[]){ 1, 2 }, (int[]){ NETIF_RSP_ERROR, NETIF_RSP_ERROR });
}

static void runt_and_oversized(void **st)
{
    (void)st;
    slot(0, 0, 13, 0, 1);                   /* shorter than an Ethernet header */
    slot(0, 0, 1600, NETTXF_more_data, 2);  /* 1600 > 1500 + 18 */
    slot(1, 0, 1000, 0, 3);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_bad_size, 1);
    assert_int_equal(F.b.st.tx_too_big, 1);
    assert_int_equal(F.frames, 0);
}

static void slot_crossing_page(void **st)
{
    (void)st;
    slot(0, 4000, 200, 0, 1);               /* 4000 + 200 > 4096 */
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_bad_offset, 1);
    expect_rsp(1, (unsigned[]){ 1 }, (int[]){ NETIF_RSP_ERROR });
}

static void bad_grant(void **st)
{
    (void)st;
    slot(FAKE_NET_PAGES + 5, 0, 100, 0, 4);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_grant_err, 1);
    expect_rsp(1, (unsigned[]){ 4 }, (int[]){ NETIF_RSP_ERROR });
}

static netif_extra_info_t *extra(uint8_t type, uint8_t flags)
{
    netif_extra_info_t *x = (netif_extra_info_t *)fake_net_tx(&F);

    x->type = type;
    x->flags = flags;
    return x;
}

/* GSO was not offered: such a packet is dropped, its extra slot answered
 * with RSP_NULL.  A multicast extra is skipped and the packet goes out. */
static void extras(void **st)
{
    (void)st;
    slot(0, 0, 100, NETTXF_extra_info, 1);
    extra(XEN_NETIF_EXTRA_TYPE_GSO, 0)->u.gso.size = 1400;
    slot(1, 0, 80, NETTXF_extra_info | NETTXF_more_data, 2);
    extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE);
    extra(XEN_NETIF_EXTRA_TYPE_HASH, 0);
    slot(2, 0, 30, 0, 3);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_bad_extra, 1);
    assert_int_equal(F.frames, 1);
    assert_int_equal(F.last_len, 80);
    expect_rsp(6, (unsigned[]){ 1, 0, 2, 0, 0, 3 },
               (int[]){ NETIF_RSP_ERROR, NETIF_RSP_NULL, 0, NETIF_RSP_NULL, NETIF_RSP_NULL, 0 });
}

static void extra_chain_without_end(void **st)
{
    unsigned i;

    (void)st;
    slot(0, 0, 100, NETTXF_extra_info, 1);
    for (i = 0; i < 6; i++)
        extra(XEN_NETIF_EXTRA_TYPE_HASH, XEN_NETIF_EXTRA_FLAG_MORE);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_BROKEN);
}

/* A guest that changes the ring while we copy: only our copy counts. */
static void rewrite_during_copy(struct fake_net *f)
{
    netif_tx_request_t *r = RING_GET_REQUEST(&f->tx, 0);

    r->size = 60000;
    r->flags = NETTXF_more_data;
}

static void double_fetch_is_harmless(void **st)
{
    (void)st;
    fill(0, 0, 100, 3);
    slot(0, 0, 100, 0, 1);
    fake_net_tx_push(&F);
    F.on_copy = rewrite_during_copy;
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.last_len, 100);
    assert_memory_equal(F.last, F.pages[0], 100);
}

static void tap_error_is_not_the_guests(void **st)
{
    (void)st;
    slot(0, 0, 100, 0, 1);
    fake_net_tx_push(&F);
    F.emit_fails = true;
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_out_err, 1);
    expect_rsp(1, (unsigned[]){ 1 }, (int[]){ NETIF_RSP_OKAY });
}

static void budget_leaves_more(void **st)
{
    unsigned i;
    bool notify;

    (void)st;
    for (i = 0; i < 100; i++)
        slot(0, 0, 60, 0, i);
    fake_net_tx_push(&F);
    assert_int_equal(net_tx_serve(&F.b, 64, &notify), NET_MORE);
    assert_int_equal(F.frames, 64);
    assert_int_equal(net_tx_serve(&F.b, 64, &notify), NET_DONE);
    assert_int_equal(F.frames, 100);
}

/* 9000-byte frames (3 slots each): a turn ends after NET_TX_TURN_BYTES'
 * worth, well before 64 packets. */
static void budget_counts_bytes(void **st)
{
    unsigned i;
    bool notify;

    (void)st;
    for (i = 0; i < 80; i++) {
        slot(0, 0, 9000, NETTXF_more_data, 3 * i);
        slot(1, 0, 4096, NETTXF_more_data, 3 * i + 1);
        slot(2, 0, 808, 0, 3 * i + 2);
    }
    fake_net_tx_push(&F);
    assert_int_equal(net_tx_serve(&F.b, 64, &notify), NET_MORE);
    if (F.frames > 30)
        fail_msg("one turn sent %u frames of 9000 bytes", F.frames);
    while (net_tx_serve(&F.b, 64, &notify) == NET_MORE)
        ;
    assert_int_equal(F.frames, 80);
}

/* ---- checksum offload ---- */

static uint16_t fold(uint32_t s)
{
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)s;
}

/* An IPv4/UDP frame with csum_blank: the filled-in checksum verifies
 * against an independent computation over pseudo header + datagram. */
static void csum_blank_udp(void **st)
{
    uint8_t f[14 + 20 + 8 + 33];
    uint8_t pseudo[12] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 8 + 33 };
    uint16_t ph;
    unsigned i;

    (void)st;
    memset(f, 0, sizeof(f));
    f[12] = 0x08;
    f[14] = 0x45;
    f[14 + 9] = 17;
    memcpy(f + 14 + 12, pseudo, 8);
    f[34 + 4] = 0;
    f[34 + 5] = 8 + 33;
    for (i = 0; i < 33; i++)
        f[42 + i] = (uint8_t)(i * 13 + 1);
    ph = fold(inet_sum(pseudo, 12, 0));        /* what Linux leaves for offload */
    f[34 + 6] = (uint8_t)(ph >> 8);
    f[34 + 7] = (uint8_t)ph;
    memcpy(F.pages[0], f, sizeof(f));
    slot(0, 0, sizeof(f), NETTXF_csum_blank | NETTXF_data_validated, 1);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.frames, 1);
    assert_int_equal(fold(inet_sum(pseudo, 12, inet_sum(F.last + 34, 8 + 33, 0))), 0xffff);
}

static void csum_blank_not_ip(void **st)
{
    (void)st;
    memset(F.pages[0], 0, 100);
    F.pages[0][12] = 0x08;
    F.pages[0][13] = 0x06;                  /* ARP */
    slot(0, 0, 100, NETTXF_csum_blank, 1);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_csum_err, 1);
    assert_int_equal(net_csum_fill(F.pages[0], 10), -1);
}

/* ---- rx ---- */

static void rx_one(void **st)
{
    uint8_t frame[1000];
    netif_rx_response_t r;

    (void)st;
    memset(frame, 0xab, sizeof(frame));
    fake_net_rx_post(&F, 77, 6);
    assert_int_equal(net_rx_slots(&F.b), 1);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 77);
    assert_int_equal(r.status, 1000);
    assert_int_equal(r.flags, 0);
    assert_int_equal(r.offset, 0);
    assert_memory_equal(F.pages[6], frame, 1000);
    assert_int_equal(F.b.st.rx_packets, 1);
}

static void rx_no_buffer_then_buffer(void **st)
{
    uint8_t frame[100] = { 1 };
    netif_rx_response_t r;

    (void)st;
    assert_int_equal(net_rx_slots(&F.b), 0);
    assert_int_equal(deliver(frame, sizeof(frame)), 1);
    assert_int_equal(F.b.st.rx_no_buffer, 1);
    /* the guest asked to be told (req_event re-armed) and posts one */
    assert_int_equal(((netif_rx_sring_t *)F.rx_page)->req_event, 1);
    fake_net_rx_post(&F, 5, 1);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.status, 100);
}

static void rx_too_big_without_sg(void **st)
{
    static uint8_t frame[5000];

    (void)st;
    fake_net_rx_post(&F, 1, 1);
    fake_net_rx_post(&F, 2, 2);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_int_equal(F.b.st.rx_too_big, 1);
    assert_int_equal(F.b.st.rx_packets, 0);
}

static void rx_sg_two_slots(void **st)
{
    static uint8_t frame[6000];
    netif_rx_response_t r;
    unsigned i;

    (void)st;
    for (i = 0; i < sizeof(frame); i++)
        frame[i] = (uint8_t)(i * 3);
    fake_net_rx_post(&F, 10, 1);
    fake_net_rx_post(&F, 11, 2);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 10);
    assert_int_equal(r.status, 4096);
    assert_int_equal(r.flags, NETRXF_more_data);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 11);
    assert_int_equal(r.status, 6000 - 4096);
    assert_int_equal(r.flags, 0);
    assert_memory_equal(F.pages[1], frame, 4096);
    assert_memory_equal(F.pages[2], frame + 4096, 6000 - 4096);
}

/* A frame needing two slots with one posted: the guest is asked to notify
 * once the second one is there. */
static void rx_sg_waits_for_enough(void **st)
{
    static uint8_t frame[6000];
    netif_rx_response_t r;

    (void)st;
    fake_net_rx_post(&F, 10, 1);
    assert_int_equal(deliver(frame, sizeof(frame)), 1);
    assert_int_equal(F.b.st.rx_no_buffer, 1);
    assert_int_equal(((netif_rx_sring_t *)F.rx_page)->req_event, 2);
    assert_false(fake_net_rx_rsp(&F, &r));
    fake_net_rx_post(&F, 11, 2);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 10);
}

static void rx_bad_grant(void **st)
{
    uint8_t frame[100] = { 0 };
    netif_rx_response_t r;

    (void)st;
    fake_net_rx_post(&F, 3, 9999);
    assert_int_equal(deliver(frame, sizeof(frame)), 0);
    assert_int_equal(F.b.st.rx_grant_err, 1);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 3);
    assert_int_equal(r.status, NETIF_RSP_ERROR);
}

static void rx_producer_overflow(void **st)
{
    uint8_t frame[100] = { 0 };

    (void)st;
    ((netif_rx_sring_t *)F.rx_page)->req_prod = 5000;
    assert_int_equal(deliver(frame, sizeof(frame)), NET_BROKEN);
    assert_int_equal(net_rx_slots(&F.b), 0);
}

/* A round's packets share one grant copy; the frames come out whole and
 * in ring order. */
static void batch_one_copy(void **st)
{
    unsigned i, ids[10];
    int sts[10];

    (void)st;
    for (i = 0; i < 10; i++) {
        fill(i, 8 * i, 100 + i, 40 + i);
        slot(i, 8 * i, 100 + i, 0, 200 + i);
        ids[i] = 200 + i;
        sts[i] = NETIF_RSP_OKAY;
    }
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.copies, 1);
    assert_int_equal(F.frames, 10);
    assert_int_equal(F.frame_bytes, 10 * 100 + 45);
    assert_int_equal(F.last_len, 109);
    assert_memory_equal(F.last, F.pages[9] + 72, 109);
    expect_rsp(10, ids, sts);
}

/* 40 packets: a batch holds 32, so two copies. */
static void batch_is_bounded(void **st)
{
    unsigned i;

    (void)st;
    for (i = 0; i < 40; i++)
        slot(i % FAKE_NET_PAGES, 0, 60, 0, i);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.copies, 2);
    assert_int_equal(F.frames, 40);
}

/* A bad grant in the middle of a batch fails that packet only; the
 * packets around it go out intact. */
static void batch_bad_grant_is_its_packets_alone(void **st)
{
    (void)st;
    fill(1, 0, 80, 1);
    fill(2, 0, 90, 2);
    slot(1, 0, 80, 0, 1);
    slot(FAKE_NET_PAGES + 1, 0, 70, 0, 2);
    slot(2, 0, 90, 0, 3);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.frames, 2);
    assert_int_equal(F.b.st.tx_grant_err, 1);
    assert_int_equal(F.b.st.tx_packets, 2);
    assert_int_equal(F.last_len, 90);
    assert_memory_equal(F.last, F.pages[2], 90);
    expect_rsp(3, (unsigned[]){ 1, 2, 3 }, (int[]){ NETIF_RSP_OKAY, NETIF_RSP_ERROR, NETIF_RSP_OKAY });
}

/* A packet dropped after part of it was planned (its second slot crosses
 * its page) takes no room in the batch: the next frame's bytes are its own. */
static void batch_dropped_packet_takes_no_room(void **st)
{
    (void)st;
    fill(3, 0, 300, 3);
    fill(4, 0, 200, 4);
    fill(6, 0, 120, 6);
    slot(3, 0, 300, NETTXF_more_data, 1);       /* 100 here, 200 in the next */
    slot(4, 4000, 200, 0, 2);                   /* 4000 + 200 > 4096: dropped */
    slot(6, 0, 120, 0, 3);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_bad_offset, 1);
    assert_int_equal(F.frames, 1);
    assert_int_equal(F.last_len, 120);
    assert_memory_equal(F.last, F.pages[6], 120);
    expect_rsp(3, (unsigned[]){ 1, 2, 3 }, (int[]){ NETIF_RSP_ERROR, NETIF_RSP_ERROR, NETIF_RSP_OKAY });
}

/* An Ethernet + IPv4 + TCP frame of len bytes (proto: 6 TCP, 17 UDP),
 * spread over grant pages 10, 11, ...; then its slots: the first with
 * flags and a GSO extra (size, type; a second one with two), fragments. */
static uint8_t gso_frame[NET_MAX_FRAME];

static void gso_send(size_t len, unsigned proto, uint16_t size, uint8_t type, unsigned flags,
                     bool two)
{
    size_t i, off;
    unsigned page = 10;
    netif_extra_info_t *x;

    memset(gso_frame, 0, 54);
    gso_frame[12] = 0x08;
    gso_frame[14] = 0x45;
    gso_frame[16] = (uint8_t)((len - 14) >> 8);
    gso_frame[17] = (uint8_t)(len - 14);
    gso_frame[23] = (uint8_t)proto;
    gso_frame[34 + 12] = 0x50;              /* a 20-byte TCP header */
    for (i = 54; i < len; i++)
        gso_frame[i] = (uint8_t)(i * 7 + 3);
    for (off = 0; off < len; off += PV_PAGE)
        memcpy(F.pages[page + off / PV_PAGE], gso_frame + off, len - off < PV_PAGE ? len - off : PV_PAGE);
    slot(page, 0, (unsigned)len, flags | NETTXF_extra_info | (len > PV_PAGE ? NETTXF_more_data : 0), 1);
    x = extra(XEN_NETIF_EXTRA_TYPE_GSO, two ? XEN_NETIF_EXTRA_FLAG_MORE : 0);
    x->u.gso.size = size;
    x->u.gso.type = type;
    if (two) {
        x = extra(XEN_NETIF_EXTRA_TYPE_GSO, 0);
        x->u.gso.size = size;
        x->u.gso.type = type;
    }
    /* the first slot holds the first page; the rest follow a page each */
    for (off = PV_PAGE; off < len; off += PV_PAGE)
        slot(page + (unsigned)(off / PV_PAGE), 0, (unsigned)(len - off < PV_PAGE ? len - off : PV_PAGE),
             off + PV_PAGE < len ? NETTXF_more_data : 0, 1 + (unsigned)(off / PV_PAGE));
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
}

/* feature-gso-tcpv4: a 9000-byte TSO frame over three slots goes out
 * whole, with how to cut it; the responses are the usual ones. */
static void gso_tcp4(void **st)
{
    (void)st;
    F.b.gso = true;
    gso_send(9000, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false);
    assert_int_equal(F.frames, 1);
    assert_int_equal(F.b.st.tx_bad_extra, 0);
    assert_int_equal(F.last_len, 9000);
    assert_memory_equal(F.last, gso_frame, 9000);
    assert_true(F.last_gso_set);
    assert_int_equal(F.last_gso.size, 1448);
    assert_int_equal(F.last_gso.hdr_len, 54);
    assert_int_equal(F.last_gso.csum_start, 34);
    assert_int_equal(F.last_gso.csum_offset, 16);
    expect_rsp(4, (unsigned[]){ 1, 0, 2, 3 },
               (int[]){ NETIF_RSP_OKAY, NETIF_RSP_NULL, NETIF_RSP_OKAY, NETIF_RSP_OKAY });
}

/* Each GSO rule drops its packet (counted, all slots answered with an
 * error) and nothing reaches the TAP. */
static void gso_rules(void **st)
{
    static const struct {
        bool offered;
        size_t len;
        unsigned proto;
        uint16_t size;
        uint8_t type;
        unsigned flags;
        bool two;
    } bad[] = {
        { false, 9000, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },  /* not offered */
        { true, 9000, 6, 100, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },    /* tiny segments */
        { true, 9000, 6, 0, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },
        { true, 9000, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV6, NETTXF_csum_blank, false },   /* not offered */
        { true, 9000, 6, 1448, XEN_NETIF_GSO_TYPE_NONE, NETTXF_csum_blank, false },
        { true, 9000, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV4, 0, false },                   /* no csum_blank */
        { true, 9000, 17, 1448, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },  /* UDP */
        { true, 9000, 6, 1480, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },   /* over the MTU */
        { true, 54, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, false },     /* no payload */
        { true, 9000, 6, 1448, XEN_NETIF_GSO_TYPE_TCPV4, NETTXF_csum_blank, true },    /* two extras */
    };
    size_t i;

    (void)st;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        netif_tx_response_t r;
        unsigned errors = 0;

        F.b.gso = bad[i].offered;
        gso_send(bad[i].len, bad[i].proto, bad[i].size, bad[i].type, bad[i].flags, bad[i].two);
        if (F.frames || F.b.st.tx_bad_extra != i + 1)
            fail_msg("case %zu: %u frames, %llu bad extras", i, F.frames,
                     (unsigned long long)F.b.st.tx_bad_extra);
        while (fake_net_tx_rsp(&F, &r))
            errors += r.status == NETIF_RSP_ERROR;
        assert_int_equal(errors, bad[i].len > PV_PAGE ? 3 : 1);
    }
}

/* Without GSO on, frames stay within the MTU even where GSO is offered. */
static void gso_offered_mtu_still_holds(void **st)
{
    (void)st;
    F.b.gso = true;
    slot(0, 0, 2000, 0, 1);
    fake_net_tx_push(&F);
    assert_int_equal(serve(), NET_DONE);
    assert_int_equal(F.b.st.tx_too_big, 1);
    assert_int_equal(F.frames, 0);
}

/* The daemon's rx round: several frames, then the push: nothing reaches
 * the guest before it (one grant copy then); each frame's responses are
 * published as they are written (a crash must not leave written,
 * unpublished ones in request slots), the guest notified once. */
static void rx_round_published_notified_once(void **st)
{
    uint8_t frame[100];
    netif_rx_response_t r;
    unsigned i;

    (void)st;
    memset(frame, 0x5a, sizeof(frame));
    for (i = 0; i < 5; i++)
        fake_net_rx_post(&F, (uint16_t)(40 + i), i);
    ((netif_rx_sring_t *)F.rx_page)->rsp_event = 1; /* the guest wants an event */
    for (i = 0; i < 5; i++)
        assert_int_equal(net_rx_deliver(&F.b, frame, sizeof(frame), NULL), 0);
    assert_false(fake_net_rx_rsp(&F, &r));          /* the round is not copied yet */
    assert_int_equal(F.copies, 0);
    assert_true(net_rx_push(&F.b));                 /* the round's one event */
    assert_int_equal(F.copies, 1);
    for (i = 0; i < 5; i++) {
        assert_true(fake_net_rx_rsp(&F, &r));
        assert_int_equal(r.id, 40 + i);
        assert_int_equal(r.status, sizeof(frame));
    }
    assert_false(fake_net_rx_rsp(&F, &r));
    assert_false(net_rx_push(&F.b));                /* nothing new: no event */
}

/* ---- the daemon killed (SIGKILL) in the middle of a round, restarted ---- */
static jmp_buf killed;
static int kill_at;

static void kill_on_copy(struct fake_net *f)
{
    if (f->copies == kill_at)
        longjmp(killed, 1);
}

static void kill_on_emit(struct fake_net *f)
{
    if ((int)f->frames + 1 == kill_at)
        longjmp(killed, 1);
}

#define KILL_PKTS 40            /* two batches */

/* 40 packets from 40 pages, ids that are valid grant references too (a
 * response read back as a request would send another page's bytes).  The
 * daemon dies at each grant copy and each frame of its round; restarted
 * (net_resume on the shared pages, nothing private kept), it sends the
 * rest and notifies the frontend: every packet answered once, in order,
 * OKAY, and the frames sent are exactly the guest's 40. */
static void killed_mid_round_resumes_exactly(void **st)
{
    volatile uint64_t want = 0;         /* kept across the longjmp */
    volatile unsigned round;
    unsigned i;
    char what[64];

    (void)st;
    for (round = 0; round < 2 + KILL_PKTS; round++) {
        netif_tx_response_t r;
        bool notify;

        fake_net_free(&F);
        fake_net_init(&F, 1500, false);
        want = 0;
        for (i = 0; i < KILL_PKTS; i++) {
            fill(i, 0, 60 + i, 3 * i + round);
            want += fake_net_sum(F.pages[i], 60 + i);
            slot(i, 0, 60 + i, 0, (i + 7) % KILL_PKTS);
        }
        fake_net_tx_push(&F);
        if (round < 2) {
            kill_at = (int)round + 1;
            F.on_copy = kill_on_copy;
            snprintf(what, sizeof(what), "killed during copy %d", kill_at);
        } else {
            kill_at = (int)round - 1;
            F.on_emit = kill_on_emit;
            snprintf(what, sizeof(what), "killed at frame %d", kill_at);
        }
        if (setjmp(killed) == 0) {
            net_tx_serve(&F.b, 64, &notify);
            fail_msg("%s: the daemon was not killed", what);
        }
        F.on_copy = NULL;
        F.on_emit = NULL;
        net_resume(&F.b, F.tx_page, F.rx_page);
        assert_int_equal(net_tx_serve(&F.b, 64, &notify), NET_DONE);
        if (!notify)
            fail_msg("%s: no event for the frontend after the restart", what);
        for (i = 0; i < KILL_PKTS; i++) {
            if (!fake_net_tx_rsp(&F, &r))
                fail_msg("%s: packet %u never answered", what, i);
            if (r.id != (i + 7) % KILL_PKTS || r.status != NETIF_RSP_OKAY)
                fail_msg("%s: response %u is id %u status %d", what, i, r.id, r.status);
        }
        if (fake_net_tx_rsp(&F, &r))
            fail_msg("%s: a response too many (id %u)", what, r.id);
        if (F.frames != KILL_PKTS || F.frame_sum != want)
            fail_msg("%s: %u frames sent, %s", what, F.frames,
                     F.frame_sum == want ? "the guest's" : "not the guest's");
    }
}

/* Killed in the few stores between a packet's responses and their
 * publication (respond()): a response lies over the first four bytes of
 * its request, its id and status over the grant reference, so the
 * successor finds the packet at the last published response with a
 * grant reference that is the request's id (here a valid grant: another
 * page).  Packet 0 was answered and published, packet 1 (3 slots, ids 10,
 * 11, 12) sent and answered in its first k slots only, packet 2 not
 * taken.  Restarted: packet 1 is answered once, OKAY, as the old daemon
 * answered it, not sent again and never another page; packet 2 is sent. */
static void killed_between_response_and_publish(void **st)
{
    unsigned k, i;

    (void)st;
    for (k = 1; k <= 3; k++) {
        netif_tx_request_t ring[5];
        netif_tx_response_t r;
        netif_tx_sring_t *sr;
        uint64_t sent;
        bool notify;
        const unsigned ids[5] = { 30, 10, 11, 12, 31 };

        fake_net_free(&F);
        fake_net_init(&F, 1500, false);
        sr = F.tx_page;
        for (i = 0; i < 5; i++)
            fill(i, 0, 100, 11 * i + k);
        for (i = 10; i < 13; i++)
            fill(i, 0, 100, 200 + i);       /* what a response-as-request would send */
        slot(0, 0, 80, 0, ids[0]);
        slot(1, 0, 260, NETTXF_more_data, ids[1]);
        slot(2, 0, 100, NETTXF_more_data, ids[2]);
        slot(3, 0, 100, 0, ids[3]);
        slot(4, 0, 90, 0, ids[4]);
        fake_net_tx_push(&F);
        memcpy(ring, (void *)sr->ring, sizeof(ring));
        /* the old daemon: packets 0 and 1 sent and answered ... */
        net_tx_serve(&F.b, 2, &notify);
        assert_int_equal(F.frames, 2);
        sent = F.frame_sum;
        /* ... but killed after packet 1's k-th response store: its other
         * slots still hold requests, packet 2 was never taken, and the
         * index says packet 0 only */
        for (i = 1 + k; i < 5; i++)
            memcpy((void *)&sr->ring[i], &ring[i], sizeof(ring[i]));
        sr->rsp_prod = 1;
        /* restarted */
        net_resume(&F.b, F.tx_page, F.rx_page);
        assert_int_equal(net_tx_serve(&F.b, 64, &notify), NET_DONE);
        assert_true(notify);
        for (i = 0; i < 5; i++) {
            if (!fake_net_tx_rsp(&F, &r))
                fail_msg("k=%u: slot %u never answered", k, i);
            if (r.id != ids[i] || r.status != NETIF_RSP_OKAY)
                fail_msg("k=%u: response %u is id %u status %d", k, i, r.id, r.status);
        }
        if (fake_net_tx_rsp(&F, &r))
            fail_msg("k=%u: a response too many (id %u)", k, r.id);
        if (F.frames != 3 || F.frame_sum != sent + fake_net_sum(F.pages[4], 90))
            fail_msg("k=%u: %u frames sent, %s", k, F.frames,
                     F.frames == 3 ? "not the guest's" : "want 3");
        assert_int_equal(F.b.st.tx_grant_err + F.b.st.tx_bad_size + F.b.st.tx_bad_extra, 0);
    }
}

/* The same on rx: killed with 3 frames in its round, once before the
 * round's copy and once inside it: those frames are lost (a network may
 * drop), none is answered; restarted (net_resume, nothing private kept),
 * the next 2 frames go into the first two buffers, answered once each,
 * and the other buffers stay posted. */
static void rx_killed_mid_round(void **st)
{
    uint8_t frame[100];
    netif_rx_response_t r;
    volatile int at;
    volatile unsigned i;            /* kept across the longjmp */

    (void)st;
    for (at = 0; at < 2; at++) {
        fake_net_free(&F);
        fake_net_init(&F, 1500, false);
        for (i = 0; i < 5; i++)
            fake_net_rx_post(&F, (uint16_t)(40 + i), i);
        for (i = 0; i < 3; i++) {
            memset(frame, 0x30 + i, sizeof(frame));
            assert_int_equal(net_rx_deliver(&F.b, frame, sizeof(frame), NULL), 0);
        }
        kill_at = 1;
        F.on_copy = at ? kill_on_copy : NULL;
        if (at && setjmp(killed) == 0) {
            net_rx_push(&F.b);
            fail_msg("the daemon was not killed");
        }
        F.on_copy = NULL;
        /* restarted */
        net_resume(&F.b, F.tx_page, F.rx_page);
        for (; i < 5; i++) {
            memset(frame, 0x30 + i, sizeof(frame));
            assert_int_equal(deliver(frame, sizeof(frame)), 0);
        }
        for (i = 0; i < 2; i++) {
            assert_true(fake_net_rx_rsp(&F, &r));
            assert_int_equal(r.id, 40 + i);
            assert_int_equal(r.status, sizeof(frame));
            assert_int_equal(F.pages[i][0], 0x33 + i);
        }
        assert_false(fake_net_rx_rsp(&F, &r));
        assert_int_equal(F.b.rx.req_cons, 2);
        assert_int_equal(F.b.st.rx_grant_err, 0);
    }
}

/* ---- rx: GSO and checksum offload towards the guest, rounds ---- */

/* An Ethernet + IPv4 (or IPv6) + TCP frame of len bytes whose checksum
 * field holds the pseudo-header sum, as dom0's kernel hands a partial one
 * over; the payload a pattern. */
static uint8_t rx_big[NET_RX_MAX_FRAME];

static void rx_tcp_frame(size_t len, bool v6)
{
    size_t l4 = v6 ? 54 : 34, i;

    memset(rx_big, 0, l4 + 20);
    rx_big[12] = v6 ? 0x86 : 0x08;
    rx_big[13] = v6 ? 0xdd : 0x00;
    rx_big[14] = v6 ? 0x60 : 0x45;
    if (!v6) {
        rx_big[23] = 6;
    } else {
        rx_big[20] = 6;
    }
    rx_big[l4 + 12] = 0x50;
    rx_big[l4 + 16] = 0x12, rx_big[l4 + 17] = 0x34;     /* the pseudo-header sum */
    for (i = l4 + 20; i < len; i++)
        rx_big[i] = (uint8_t)(i * 5 + 1);
}

static const struct net_rx_meta gso4 = {
    .csum_partial = true, .gso_type = XEN_NETIF_GSO_TYPE_TCPV4, .gso_size = 1448,
    .csum_start = 34, .csum_offset = 16,
};

/* A 20000-byte TSO frame for a frontend that said feature-gso-tcpv4:
 * five data slots and the GSO extra in the second, netif.h's layout; each
 * response in its request's slot; the bytes whole in the guest's pages. */
static void rx_gso_frame(void **st)
{
    netif_rx_response_t r;
    netif_extra_info_t x;
    unsigned i;

    (void)st;
    F.b.rx_gso = 1u << XEN_NETIF_GSO_TYPE_TCPV4;
    rx_tcp_frame(20000, false);
    for (i = 0; i < 7; i++)
        fake_net_rx_post(&F, (uint16_t)(100 + i), 20 + i);
    assert_int_equal(net_rx_need(&F.b, 20000, true), 6);
    assert_int_equal(deliver_m(rx_big, 20000, &gso4), 0);
    assert_int_equal(F.b.rx.req_cons, 6);                   /* the 7th stays posted */
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 100);
    assert_int_equal(r.status, 4096);
    assert_int_equal(r.flags, NETRXF_csum_blank | NETRXF_data_validated | NETRXF_extra_info |
                     NETRXF_more_data);
    assert_true(fake_net_rx_rsp(&F, &r));
    memcpy(&x, &r, sizeof(x));
    assert_int_equal(x.type, XEN_NETIF_EXTRA_TYPE_GSO);
    assert_int_equal(x.flags, 0);
    assert_int_equal(x.u.gso.size, 1448);
    assert_int_equal(x.u.gso.type, XEN_NETIF_GSO_TYPE_TCPV4);
    assert_int_equal(x.u.gso.features, 0);
    for (i = 0; i < 4; i++) {
        assert_true(fake_net_rx_rsp(&F, &r));
        assert_int_equal(r.id, 102 + i);
        assert_int_equal(r.status, i < 3 ? 4096 : 20000 - 4 * 4096);
        assert_int_equal(r.flags, i < 3 ? NETRXF_more_data : 0);
        assert_int_equal(r.offset, 0);
    }
    assert_false(fake_net_rx_rsp(&F, &r));
    assert_memory_equal(F.pages[20], rx_big, 4096);
    for (i = 0; i < 4; i++)                                 /* page 21: the extra's, unused */
        assert_memory_equal(F.pages[22 + i], rx_big + 4096 * (i + 1),
                            i < 3 ? 4096 : 20000 - 4 * 4096);
    assert_int_equal(F.pages[21][0], 0);
    assert_int_equal(F.b.st.rx_packets, 1);
    assert_int_equal(F.b.st.rx_bytes, 20000);
}

/* The same kill on rx (net_rx_resume), in a GSO frame of 6 slots (data,
 * the extra, 4 data) after its k-th response store: as requests, the data
 * slots' grant references are garbage and the extra's is reference 1 (the
 * guest's xenstore ring in Linux; a page here).  Restarted: a whole frame
 * (k = 6) is published as written, a frame cut short is answered with
 * errors slot by slot; the next frame lands in the first untouched
 * buffer, and no copy touches a garbled grant. */
static void rx_killed_between_response_and_publish(void **st)
{
    unsigned k, i;
    uint8_t small[100];

    (void)st;
    memset(small, 0x77, sizeof(small));
    for (k = 1; k <= 6; k++) {
        netif_rx_request_t ring[8];
        netif_rx_sring_t *sr;
        netif_rx_response_t r;

        fake_net_free(&F);
        fake_net_init(&F, 9000, true);
        F.b.rx_gso = 1u << XEN_NETIF_GSO_TYPE_TCPV4;
        sr = F.rx_page;
        rx_tcp_frame(20000, false);
        for (i = 0; i < 8; i++)
            fake_net_rx_post(&F, (uint16_t)(100 + i), 20 + i);
        memcpy(ring, (void *)sr->ring, sizeof(ring));
        assert_int_equal(deliver_m(rx_big, 20000, &gso4), 0);
        /* killed after the k-th store: the rest still requests, nothing published */
        for (i = k; i < 8; i++)
            memcpy((void *)&sr->ring[i], &ring[i], sizeof(ring[i]));
        sr->rsp_prod = 0;
        net_resume(&F.b, F.tx_page, F.rx_page);
        assert_int_equal(deliver(small, sizeof(small)), 0);
        for (i = 0; i < (k == 6 ? 6 : k); i++) {
            if (!fake_net_rx_rsp(&F, &r))
                fail_msg("k=%u: slot %u never answered", k, i);
            if (k == 6 && i == 0 && (r.id != 100 || r.status != 4096))
                fail_msg("k=%u: the whole frame's first slot is id %u status %d", k, r.id,
                         r.status);
            if (k < 6 && (r.status != NETIF_RSP_ERROR || r.flags != 0))
                fail_msg("k=%u: slot %u is status %d flags %#x, want an error alone", k, i,
                         r.status, r.flags);
        }
        if (!fake_net_rx_rsp(&F, &r))
            fail_msg("k=%u: the next frame never answered", k);
        if (r.id != 100 + (k == 6 ? 6 : k) || r.status != sizeof(small))
            fail_msg("k=%u: the next frame went to id %u status %d", k, r.id, r.status);
        assert_int_equal(F.pages[20 + (k == 6 ? 6 : k)][0], 0x77);
        assert_false(fake_net_rx_rsp(&F, &r));
        assert_int_equal(F.pages[1][0], 0);         /* the extra's reference, untouched */
        assert_int_equal(F.b.st.rx_grant_err, 0);
    }
}

/* GSO and checksum requests the frontend did not ask for, or that make no
 * sense, are dropped and counted before a slot is taken. */
static void rx_offload_rules(void **st)
{
    static const struct {
        uint8_t mask;
        struct net_rx_meta m;
        size_t len;
    } bad[] = {
        { 0, { true, false, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 34, 16 }, 20000 },   /* not asked */
        { 2, { true, false, XEN_NETIF_GSO_TYPE_TCPV6, 1448, 54, 16 }, 20000 },   /* v4 only */
        { 6, { true, false, NET_GSO_OTHER, 1448, 34, 16 }, 20000 },              /* UDP, ECN... */
        { 6, { true, false, XEN_NETIF_GSO_TYPE_TCPV4, 0, 34, 16 }, 20000 },      /* size 0 */
        { 6, { false, false, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 34, 16 }, 20000 },  /* no sum */
        { 6, { true, false, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 34, 65000 }, 20000 }, /* field out */
        { 6, { true, false, XEN_NETIF_GSO_TYPE_NONE, 0, 1499, 0 }, 1500 },       /* field cut */
        { 6, { true, false, XEN_NETIF_GSO_TYPE_NONE, 0, 4, 0 }, 1500 },          /* in Ethernet */
        { 6, { true, false, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 34, 16 }, 70000 },   /* > 64 KiB */
    };
    size_t i;
    unsigned j;

    (void)st;
    for (j = 0; j < 20; j++)
        fake_net_rx_post(&F, (uint16_t)j, j);
    rx_tcp_frame(NET_RX_MAX_FRAME, false);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        F.b.rx_gso = bad[i].mask;
        assert_int_equal(deliver_m(rx_big, bad[i].len, &bad[i].m), 0);
        if (F.b.rx.req_cons != 0 ||
            F.b.st.rx_bad_offload + F.b.st.rx_too_big != i + 1)
            fail_msg("case %zu: %u slots taken, %llu bad", i, F.b.rx.req_cons,
                     (unsigned long long)F.b.st.rx_bad_offload);
    }
    assert_int_equal(F.b.st.rx_too_big, 1);
    assert_int_equal(F.b.st.rx_packets, 0);
}

/* Towards a frontend without GSO (today's path): a 20000-byte GSO frame
 * cannot go; no TAP offload is on for it, so that only follows a
 * reconnect. */
static void rx_gso_without_sg(void **st)
{
    (void)st;
    F.b.rx_gso = 2;
    fake_net_rx_post(&F, 1, 1);
    assert_int_equal(net_rx_need(&F.b, 20000, true), 0);
    assert_int_equal(deliver_m(rx_big, 20000, &gso4), 0);
    assert_int_equal(F.b.st.rx_too_big, 1);
}


/* A partial checksum for a frontend that refuses checksum offload (or for
 * IPv6 without feature-ipv6-csum-offload) is completed here; where the
 * frontend takes it, the frame goes with csum_blank. */
static void rx_csum_completed_or_blank(void **st)
{
    struct net_rx_meta m = { true, false, XEN_NETIF_GSO_TYPE_NONE, 0, 34, 16 };
    struct net_rx_meta m6 = { true, false, XEN_NETIF_GSO_TYPE_NONE, 0, 54, 16 };
    netif_rx_response_t r;
    uint32_t ph = 0x1234;

    (void)st;
    F.b.rx_csum4 = false;
    rx_tcp_frame(1000, false);
    fake_net_rx_post(&F, 1, 1);
    assert_int_equal(deliver_m(rx_big, 1000, &m), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.flags, 0);
    assert_int_equal(r.status, 1000);
    /* the guest's check: pseudo-header sum + the segment = all ones */
    assert_int_equal(inet_sum(F.pages[1] + 34, 1000 - 34, ph), 0xffff);
    assert_false(F.pages[1][50] == 0x12 && F.pages[1][51] == 0x34);
    /* IPv6: the frontend did not say feature-ipv6-csum-offload */
    rx_tcp_frame(1000, true);
    fake_net_rx_post(&F, 2, 2);
    assert_int_equal(deliver_m(rx_big, 1000, &m6), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.flags, 0);
    assert_int_equal(inet_sum(F.pages[2] + 54, 1000 - 54, ph), 0xffff);
    /* now it takes both: the field stays, csum_blank says so */
    F.b.rx_csum4 = F.b.rx_csum6 = true;
    fake_net_rx_post(&F, 3, 3);
    assert_int_equal(deliver_m(rx_big, 1000, &m6), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.flags, NETRXF_csum_blank | NETRXF_data_validated);
    assert_int_equal(F.pages[3][70], 0x12);
    assert_int_equal(F.pages[3][71], 0x34);
    /* checked by dom0: data_validated alone */
    m.csum_partial = false;
    m.csum_valid = true;
    fake_net_rx_post(&F, 4, 4);
    assert_int_equal(deliver_m(rx_big, 1000, &m), 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.flags, NETRXF_data_validated);
}

/* A round's frames reach the guest with one grant copy, at the push. */
static void rx_round_one_copy(void **st)
{
    uint8_t frame[300];
    netif_rx_response_t r;
    unsigned i;

    (void)st;
    for (i = 0; i < 10; i++)
        fake_net_rx_post(&F, (uint16_t)(50 + i), i);
    for (i = 0; i < 10; i++) {
        memset(frame, (int)(i + 1), sizeof(frame));
        assert_int_equal(net_rx_deliver(&F.b, frame, 100 + 10 * i, NULL), 0);
    }
    assert_int_equal(F.copies, 0);                          /* nothing copied yet */
    net_rx_push(&F.b);
    assert_int_equal(F.copies, 1);
    for (i = 0; i < 10; i++) {
        assert_true(fake_net_rx_rsp(&F, &r));
        assert_int_equal(r.id, 50 + i);
        assert_int_equal(r.status, 100 + 10 * i);
        assert_int_equal(F.pages[i][0], i + 1);
        assert_int_equal(F.pages[i][99 + 10 * i], i + 1);
        assert_int_equal(F.pages[i][100 + 10 * i], 0);
    }
}

/* A round is bounded in frames and in bytes: one guest's 64 KiB frames
 * cannot hold the thread for 64 of them. */
static void rx_round_is_bounded(void **st)
{
    unsigned n = 0;
    uint8_t *at;

    (void)st;
    for (n = 0; n < 200; n++)
        fake_net_rx_post(&F, (uint16_t)n, n % FAKE_NET_PAGES);
    n = 0;
    while ((at = net_rx_room(&F.b))) {
        memset(at, 0, 60);
        assert_int_equal(net_rx_deliver(&F.b, at, 60, NULL), 0);
        n++;
    }
    assert_int_equal(n, NET_RX_BATCH);
    net_rx_push(&F.b);
    assert_int_equal(F.copies, 1);
    F.b.rx_gso = 2;
    rx_tcp_frame(60000, false);
    for (n = 0; (at = net_rx_room(&F.b)); n++) {
        memcpy(at, rx_big, 60000);
        if (net_rx_deliver(&F.b, at, 60000, &gso4) != 0)
            break;
    }
    if (n > NET_RX_TURN_BYTES / 60000 + 1)
        fail_msg("one round took %u frames of 60000 bytes", n);
    net_rx_push(&F.b);
    assert_int_equal(F.copies, 2);
}

/* A bad grant fails only its own frame: the round's copy fails, each
 * frame is copied again alone; a GSO frame's error keeps its chain (the
 * extra where it was) so netfront drops it whole. */
static void rx_round_bad_grant_alone(void **st)
{
    netif_rx_response_t r;
    netif_extra_info_t x;
    uint8_t small[100];
    unsigned i;

    (void)st;
    F.b.rx_gso = 2;
    memset(small, 0x77, sizeof(small));
    rx_tcp_frame(9000, false);
    fake_net_rx_post(&F, 1, 1);
    fake_net_rx_post(&F, 2, 2);                 /* GSO: data */
    fake_net_rx_post(&F, 3, 3);                 /* the extra */
    fake_net_rx_post(&F, 4, FAKE_NET_PAGES + 9);        /* bad */
    fake_net_rx_post(&F, 5, 5);
    fake_net_rx_post(&F, 6, 6);
    assert_int_equal(net_rx_deliver(&F.b, small, sizeof(small), NULL), 0);
    assert_int_equal(net_rx_deliver(&F.b, rx_big, 9000, &gso4), 0);
    assert_int_equal(net_rx_deliver(&F.b, small, sizeof(small), NULL), 0);
    net_rx_push(&F.b);
    assert_int_equal(F.copies, 1 + 3);
    assert_int_equal(F.b.st.rx_grant_err, 1);
    assert_int_equal(F.b.st.rx_packets, 2);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.status, 100);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 2);
    assert_int_equal(r.status, NETIF_RSP_ERROR);
    assert_int_equal(r.flags & (NETRXF_extra_info | NETRXF_more_data),
                     NETRXF_extra_info | NETRXF_more_data);
    assert_true(fake_net_rx_rsp(&F, &r));
    memcpy(&x, &r, sizeof(x));
    assert_int_equal(x.type, XEN_NETIF_EXTRA_TYPE_GSO);
    for (i = 0; i < 2; i++) {
        assert_true(fake_net_rx_rsp(&F, &r));
        assert_int_equal(r.status, NETIF_RSP_ERROR);
    }
    assert_int_equal(r.flags, 0);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.id, 6);
    assert_int_equal(r.status, 100);
    assert_memory_equal(F.pages[6], small, 100);
}

/* A GSO frame needing six slots with three posted waits (nothing taken),
 * asking for an event at six. */
static void rx_gso_waits_for_its_slots(void **st)
{
    (void)st;
    F.b.rx_gso = 2;
    rx_tcp_frame(20000, false);
    fake_net_rx_post(&F, 1, 1);
    fake_net_rx_post(&F, 2, 2);
    fake_net_rx_post(&F, 3, 3);
    assert_int_equal(deliver_m(rx_big, 20000, &gso4), 1);
    assert_int_equal(F.b.rx.req_cons, 0);
    assert_int_equal(((netif_rx_sring_t *)F.rx_page)->req_event, 6);
}

/* The daemon's rx round is every device's: a round left with one
 * device's frames is finished for that device (its grants, its guest)
 * before another device's frames go in. */
static void rx_round_shared_never_mixes(void **st)
{
    static struct fake_net G;
    uint8_t a[200], b[200];
    netif_rx_response_t r;

    (void)st;
    fake_net_init(&G, 1500, false);
    free(G.b.rxr->mem);
    free(G.b.rxr);
    G.b.rxr = F.b.rxr;
    memset(a, 0xaa, sizeof(a));
    memset(b, 0xbb, sizeof(b));
    fake_net_rx_post(&F, 1, 4);
    fake_net_rx_post(&G, 1, 4);
    assert_int_equal(net_rx_deliver(&F.b, a, sizeof(a), NULL), 0);
    assert_int_equal(net_rx_deliver(&G.b, b, sizeof(b), NULL), 0);
    assert_int_equal(F.copies, 1);                          /* F's, finished first */
    assert_memory_equal(F.pages[4], a, sizeof(a));
    net_rx_push(&G.b);
    assert_int_equal(G.copies, 1);
    assert_memory_equal(G.pages[4], b, sizeof(b));
    net_rx_push(&F.b);
    assert_int_equal(F.copies, 1);
    assert_true(fake_net_rx_rsp(&F, &r));
    assert_int_equal(r.status, sizeof(a));
    G.b.rxr = NULL;
    free(G.tx_page);
    free(G.rx_page);
    free(G.pages);
    free(G.b.pkt);
}


#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TSG(f) cmocka_unit_test_setup_teardown(f, setup_sg, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(one_slot), T(three_slots_in_order), T(too_many_slots_dropped),
        T(absurd_chain_breaks_ring), T(chain_past_producer_breaks_ring),
        T(producer_overflow_breaks_ring), T(fragments_larger_than_frame),
        T(runt_and_oversized), T(slot_crossing_page), T(bad_grant), T(extras),
        T(extra_chain_without_end), T(double_fetch_is_harmless),
        T(tap_error_is_not_the_guests), T(budget_leaves_more), T(csum_blank_udp),
        T(csum_blank_not_ip), T(rx_one), T(rx_no_buffer_then_buffer),
        T(rx_too_big_without_sg), TSG(rx_sg_two_slots), TSG(rx_sg_waits_for_enough), T(rx_bad_grant),
        T(rx_producer_overflow), TSG(budget_counts_bytes), T(batch_one_copy),
        T(batch_is_bounded), T(batch_bad_grant_is_its_packets_alone),
        T(batch_dropped_packet_takes_no_room), T(gso_tcp4), T(gso_rules),
        T(gso_offered_mtu_still_holds), T(rx_round_published_notified_once),
        T(killed_mid_round_resumes_exactly), T(killed_between_response_and_publish),
        T(rx_killed_mid_round),
        TSG(rx_gso_frame), T(rx_killed_between_response_and_publish), TSG(rx_offload_rules), T(rx_gso_without_sg),
        T(rx_csum_completed_or_blank), T(rx_round_one_copy), TSG(rx_round_is_bounded),
        TSG(rx_round_bad_grant_alone), TSG(rx_gso_waits_for_its_slots),
        T(rx_round_shared_never_mixes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
