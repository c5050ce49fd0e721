/*
 * test_vif.c - cmocka tests of xyl-netback's device code (netback/vif.c)
 * with many guests: 300 NICs through the real handshake (pv_dev.c) on the
 * fake xenstore and Xen (fake_xs.c, fake_xen.c), TAPs that are pipes;
 * once with the daemon's xenbus thread running (pv_hand.c), the test as
 * the ring thread: every NIC handed over connected and asked back when
 * its guest closes, the ring thread making no xenstore call.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pv-drivers/netback/netd.h"
#include "pv-drivers/common/pv_hand.h"
#include "pv-drivers/common/pv_log.h"
#include "pv-drivers/xenbus/xb_dev.h"
#include "fake_xs.h"
#include "fake_xen.h"
#include "fake_devs.h"

#define NDEV 300

/* The TAP: the read end of a pipe nobody writes (never readable). */
int net_tap_open(uint32_t domid, uint32_t devid, const char *bridge, unsigned mtu, char *name,
                 char *err, size_t errlen)
{
    int p[2];

    (void)bridge, (void)mtu, (void)err, (void)errlen;
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
        return -1;
    close(p[1]);
    snprintf(name, NET_TAP_NAME_MAX, "xylvif%u.%u", domid, devid);
    return p[0];
}

int net_tap_write(int fd, const uint8_t *frame, size_t len, const struct net_gso *gso)
{
    (void)fd, (void)frame, (void)len, (void)gso;
    return -1;                  /* these guests send nothing */
}

/* TUNSETOFFLOAD as each TAP (fd) last got it: bit 0 csum, 1 tso4, 2 tso6;
 * -1 never set. */
static int offload_of[4096];

int net_tap_offload(int fd, bool csum, bool tso4, bool tso6)
{
    if (fd >= 0 && fd < 4096)
        offload_of[fd] = csum | tso4 << 1 | tso6 << 2;
    return 0;
}

ssize_t net_tap_read(int fd, uint8_t *frame, size_t max, struct net_rx_meta *m)
{
    memset(m, 0, sizeof(*m));
    return read(fd, frame, max);        /* a pipe nobody writes: EAGAIN */
}

int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    (void)xgt, (void)domid, (void)seg, (void)n, (void)buf, (void)to_guest;
    return -1;
}

static struct pv_devs S;

static void set(const char *fmt, unsigned domid, const char *node, const char *val)
{
    char p[160];

    snprintf(p, sizeof(p), fmt, domid, node);
    fake_xs_set(p, val);
}

static void drain(void)
{
    while (fake_xs_events_queued())
        pv_devs_xenstore(&S);
}

/* The devices' nodes as the toolstack and 300 guests left them: each
 * guest Connected, its rings and event channel there. */
static void nodes(void)
{
    unsigned i;
    char v[32];

    pv_log_quiet = 1;           /* 300 guests' lines */
    memset(offload_of, 0xff, sizeof(offload_of));
    fake_devs_init(&S, &xb_kind_vif, &vif_ops);
    assert_int_equal(pv_devs_open(&S), 0);
    for (i = 1; i <= NDEV; i++) {
        snprintf(v, sizeof(v), "/local/domain/%u/device/vif/0", i);
        set("/local/domain/0/backend/xyl-vif/%u/0/%s", i, "frontend", v);
        set("/local/domain/0/backend/xyl-vif/%u/0/%s", i, "online", "1");
        set("/local/domain/0/backend/xyl-vif/%u/0/%s", i, "state", "1");
        set("/local/domain/%u/device/vif/0/%s", i, "request-rx-copy", "1");
        set("/local/domain/%u/device/vif/0/%s", i, "feature-rx-notify", "1");
        set("/local/domain/%u/device/vif/0/%s", i, "tx-ring-ref", "8");
        set("/local/domain/%u/device/vif/0/%s", i, "rx-ring-ref", "9");
        snprintf(v, sizeof(v), "%u", 10 + i);
        set("/local/domain/%u/device/vif/0/%s", i, "event-channel", v);
        set("/local/domain/%u/device/vif/0/%s", i, "state", "4");
        /* rx offloads (rx_offload_follows_the_frontend): by domid % 4 */
        if (i % 4 == 1 || i % 4 == 3)
            set("/local/domain/%u/device/vif/0/%s", i, "feature-sg", "1");
        if (i % 4 != 0)
            set("/local/domain/%u/device/vif/0/%s", i, "feature-gso-tcpv4", "1");
        if (i % 4 == 1) {
            set("/local/domain/%u/device/vif/0/%s", i, "feature-gso-tcpv6", "1");
            set("/local/domain/%u/device/vif/0/%s", i, "feature-ipv6-csum-offload", "1");
        }
        if (i % 4 == 3)
            set("/local/domain/%u/device/vif/0/%s", i, "feature-no-csum-offload", "1");
    }
}

static int setup(void **st)
{
    struct pv_dev *d;
    int n = 0;

    (void)st;
    nodes();
    pv_devs_scan(&S);
    drain();
    for (d = S.list; d; d = d->next, n++) {
        struct vif *vf = (struct vif *)d;

        assert_true(d->connected);
        /* the guest posts rx buffers */
        ((netif_rx_sring_t *)vf->rx_page)->req_prod = 16;
    }
    assert_int_equal(n, NDEV);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    pv_devs_close(&S);
    fake_xs_reset();
    return 0;
}

/* More guests with rx buffers than TAPs polled per round: every one of
 * them is polled within two rounds (the start position rotates). */
static void taps_polled_fairly_past_the_limit(void **st)
{
    struct pollfd fds[256];
    struct vif *owner[256];
    static bool seen[NDEV + 1];
    int round, i, n, missing = 0;

    (void)st;
    memset(seen, 0, sizeof(seen));
    for (round = 0; round < 2; round++) {
        n = vif_poll_taps(&S, fds, owner, 256);
        assert_int_equal(n, 256);
        for (i = 0; i < n; i++)
            seen[owner[i]->dev.domid] = true;
    }
    for (i = 1; i <= NDEV; i++)
        missing += !seen[i];
    if (missing)
        fail_msg("%d of %d guests were never polled in two rounds", missing, NDEV);
}

/* GSO towards the guest only as the frontend asked (feature-gso-tcpv4/v6)
 * and could take it (feature-sg, checksum offload), and the TAP's
 * offloads to match: sg + both GSO kinds + IPv6 checksums: csum, TSO4,
 * TSO6; GSO without sg, or with feature-no-csum-offload, or none: no
 * offload at all (the path before GSO). */
static void rx_offload_follows_the_frontend(void **st)
{
    struct pv_dev *d;

    (void)st;
    for (d = S.list; d; d = d->next) {
        struct vif *v = (struct vif *)d;
        int want_gso = d->domid % 4 == 1 ? 6 : 0;
        int want_tap = d->domid % 4 == 1 ? 7 : 0;

        if (v->b.rx_gso != want_gso || offload_of[v->tap] != want_tap)
            fail_msg("domain %u: rx_gso %u, TAP offload %d (want %d, %d)", d->domid,
                     v->b.rx_gso, offload_of[v->tap], want_gso, want_tap);
        assert_int_equal(v->b.rx_csum4, d->domid % 4 != 3);
        assert_int_equal(v->b.rx_csum6, d->domid % 4 == 1);
    }
}

/* The ring thread's turn, as netback/main.c's loop (the TAPs are never
 * readable here); its xenstore calls are counted. */
static void ring_turn(void)
{
    struct pollfd p[2] = {
        { .fd = pv_hand_ring_fd(&S), .events = POLLIN },
        { .fd = xenevtchn_fd(S.xce), .events = POLLIN },
    };

    fake_xs_count_thread(true);
    vif_run(&S);
    pv_devs_publish_stats(&S, false);
    (void)poll(p, 2, 5);
    if (p[1].revents & POLLIN)
        pv_devs_events(&S);
    pv_devs_timers(&S);
    if (p[0].revents & POLLIN)
        pv_hand_ring_take(&S);
    fake_xs_count_thread(false);
}

static int served_count(void)
{
    struct pv_dev *d;
    int n = 0;

    for (d = S.served; d; d = d->serve.next)
        n++;
    return n;
}

/* The xenbus thread connects all 300 (the first scan) and hands them
 * over; their guests close: each is asked back, detached by the ring
 * thread (the shared rx round forgets it there) and closed. */
static void threads_hand_every_vif_over_and_back(void **st)
{
    char p[96];
    unsigned i;
    int turns = 0;

    (void)st;
    assert_int_equal(pv_hand_start(&S), 0);
    pv_hand_go(&S);
    while (served_count() < NDEV) {
        ring_turn();
        assert_true(++turns < 2000);    /* 10 s */
    }
    assert_int_equal(fake_xen_bound(), NDEV);
    for (i = 1; i <= NDEV; i++) {
        snprintf(p, sizeof(p), "/local/domain/%u/device/vif/0/state", i);
        assert_true(xs_write(S.xs, XBT_NULL, p, "6", 1));
    }
    while (served_count() > 0 || fake_xen_bound() > 0) {
        ring_turn();
        assert_true(++turns < 4000);
    }
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xs_thread_calls(), 0);
}

static int setup_threads(void **st)
{
    (void)st;
    nodes();                    /* the first scan is the xenbus thread's */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(taps_polled_fairly_past_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(rx_offload_follows_the_frontend, setup, teardown),
        cmocka_unit_test_setup_teardown(threads_hand_every_vif_over_and_back, setup_threads,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
