/*
 * test_vif_tap.c - xyl-netback's rx path end to end against the running
 * kernel: vif.c connects a frontend that asks for GSO (feature-sg,
 * feature-gso-tcpv4) on fake xenstore and Xen, opens its real TAP in a
 * bridge (network namespace of its own; root, skipped without) and
 * switches the offloads on; dom0's TCP connects to a peer the test plays
 * behind the TAP, sends 30000 bytes, and vif_tap_ready carries what the
 * kernel handed over into the guest's posted buffers (grant copies into
 * pages in memory): a frame larger than the MTU in netif.h's GSO layout,
 * its payload the bytes sent, in rounds of one copy each.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pv-drivers/netback/netd.h"
#include "pv-drivers/common/pv_log.h"
#include "fake_xs.h"
#include "fake_xen.h"
#include "tap_peer.h"

#define NBUF 200                /* rx buffers the guest posts: grants 1000.. */
static uint8_t guest[NBUF][PV_PAGE];
static int copies;

/* Xen's grant copy into the guest's pages (every ref checked). */
int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    unsigned i;

    (void)xgt, (void)domid;
    copies++;
    for (i = 0; i < n; i++)
        if (!to_guest || seg[i].gref < 1000 || seg[i].gref >= 1000 + NBUF ||
            seg[i].offset + seg[i].len > PV_PAGE)
            return -1;
    for (i = 0; i < n; i++) {
        memcpy(guest[seg[i].gref - 1000] + seg[i].offset, buf, seg[i].len);
        buf += seg[i].len;
    }
    return 0;
}

static struct pv_devs S;
static struct vif *V;
static netif_rx_front_ring_t fr;
static bool skipped;

static void set(const char *path, const char *val)
{
    fake_xs_set(path, val);
}

static int setup(void **st)
{
    unsigned i;

    (void)st;
    if (tap_peer_netns("test_vif_tap")) {
        skipped = true;
        return 0;
    }
    pv_log_quiet = 1;
    fake_xs_reset();
    fake_xen_reset();
    S.kind = &xb_kind_vif;
    S.ops = &vif_ops;
    if (pv_devs_open(&S))
        return -1;
    set("/local/domain/0/backend/xyl-vif/5/0/frontend", "/local/domain/5/device/vif/0");
    set("/local/domain/0/backend/xyl-vif/5/0/online", "1");
    set("/local/domain/0/backend/xyl-vif/5/0/bridge", "xbr0");
    set("/local/domain/0/backend/xyl-vif/5/0/state", "1");
    set("/local/domain/5/device/vif/0/request-rx-copy", "1");
    set("/local/domain/5/device/vif/0/feature-rx-notify", "1");
    set("/local/domain/5/device/vif/0/feature-sg", "1");
    set("/local/domain/5/device/vif/0/feature-gso-tcpv4", "1");
    set("/local/domain/5/device/vif/0/tx-ring-ref", "8");
    set("/local/domain/5/device/vif/0/rx-ring-ref", "9");
    set("/local/domain/5/device/vif/0/event-channel", "11");
    set("/local/domain/5/device/vif/0/state", "4");
    pv_devs_scan(&S);
    while (fake_xs_events_queued())
        pv_devs_xenstore(&S);
    V = (struct vif *)S.list;
    if (!V || !V->dev.connected || V->tap < 0 || V->b.rx_gso != 1u << XEN_NETIF_GSO_TYPE_TCPV4)
        return -1;
    if (tap_peer_neigh())
        return -1;
    /* the guest's side of the rx ring: NBUF buffers posted */
    SHARED_RING_INIT((netif_rx_sring_t *)V->rx_page);
    FRONT_RING_ATTACH(&fr, (netif_rx_sring_t *)V->rx_page, 0, PV_PAGE);
    for (i = 0; i < NBUF && i < RING_SIZE(&fr); i++) {
        netif_rx_request_t *r = RING_GET_REQUEST(&fr, fr.req_prod_pvt);

        r->id = (uint16_t)i;
        r->gref = 1000 + i;
        fr.req_prod_pvt++;
    }
    RING_PUSH_REQUESTS(&fr);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    if (!skipped)
        pv_devs_close(&S);
    return 0;
}

/* One frame the guest received, as netfront puts it together. */
struct got {
    uint8_t f[NET_RX_MAX_FRAME];
    size_t len;
    uint16_t flags;
    bool gso;
    netif_extra_info_t x;
};

/* The next frame in the responses, or false when none is left. */
static bool next_frame(struct got *g)
{
    netif_rx_response_t r;

    if (fr.rsp_cons == fr.sring->rsp_prod)
        return false;
    memset(g, 0, sizeof(*g) - sizeof(g->f));
    g->len = 0;
    r = *RING_GET_RESPONSE(&fr, fr.rsp_cons);
    fr.rsp_cons++;
    g->flags = r.flags;
    if (r.flags & NETRXF_extra_info) {
        assert_true(fr.rsp_cons != fr.sring->rsp_prod);
        memcpy(&g->x, RING_GET_RESPONSE(&fr, fr.rsp_cons), sizeof(g->x));
        fr.rsp_cons++;
        g->gso = true;
    }
    for (;;) {
        assert_true(r.status > 0);
        assert_true(r.id < NBUF && g->len + (size_t)r.status <= sizeof(g->f));
        memcpy(g->f + g->len, guest[r.id] + r.offset, (size_t)r.status);
        g->len += (size_t)r.status;
        if (!(r.flags & NETRXF_more_data))
            return true;
        assert_true(fr.rsp_cons != fr.sring->rsp_prod);
        r = *RING_GET_RESPONSE(&fr, fr.rsp_cons);
        fr.rsp_cons++;
    }
}

/* Let the daemon read the TAP until a TCP frame from dom0 on port comes
 * (of more than min bytes); false after 2 s without one. */
static bool rx_until(struct got *g, uint16_t port, size_t min)
{
    struct pollfd p = { .fd = V->tap, .events = POLLIN };

    for (;;) {
        while (next_frame(g))
            if (g->len > min && g->f[12] == 0x08 && g->f[23] == 6 && !memcmp(g->f + 34, &port, 2))
                return true;
        if (poll(&p, 1, 2000) != 1)
            return false;
        vif_tap_ready(&S, V);
    }
}

static void gso_frames_reach_the_guest(void **st)
{
    static uint8_t data[30000];
    static struct got g;
    struct pollfd p = { .events = POLLOUT };
    uint16_t port;
    size_t i, hl, payload = 0;
    int s, err = 0;
    socklen_t el = sizeof(err);

    (void)st;
    if (skipped)
        skip();
    for (i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13 + 7);
    s = tap_peer_connect(&port);
    assert_true(rx_until(&g, port, 0));                 /* the SYN, through the guest */
    assert_int_equal(g.f[47] & 0x12, 0x02);
    tap_peer_syn_ack(V->tap, g.f);
    p.fd = s;
    assert_int_equal(poll(&p, 1, 2000), 1);
    assert_int_equal(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el), 0);
    assert_int_equal(err, 0);
    copies = 0;
    assert_int_equal(send(s, data, sizeof(data), 0), (ssize_t)sizeof(data));
    assert_true(rx_until(&g, port, 1514));               /* more than the MTU: GSO */
    assert_true(g.gso);
    assert_int_equal(g.x.type, XEN_NETIF_EXTRA_TYPE_GSO);
    assert_int_equal(g.x.u.gso.type, XEN_NETIF_GSO_TYPE_TCPV4);
    assert_int_equal(g.x.u.gso.size, 1460);
    assert_int_equal(g.flags & (NETRXF_csum_blank | NETRXF_data_validated | NETRXF_extra_info),
                     NETRXF_csum_blank | NETRXF_data_validated | NETRXF_extra_info);
    hl = 34 + (size_t)(g.f[46] >> 4) * 4;
    payload = g.len - hl;
    assert_memory_equal(g.f + hl, data, payload);       /* the first bytes sent, whole */
    if (copies > 2)
        fail_msg("%d grant copies for the first frames (one per round wanted)", copies);
    assert_int_equal(V->b.st.rx_bad_offload, 0);
    assert_int_equal(V->b.st.rx_grant_err, 0);
    close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gso_frames_reach_the_guest),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
