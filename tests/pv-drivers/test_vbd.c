/*
 * test_vbd.c - cmocka tests of xyl-blkback's connect (vbd.c, vbd_ring.c):
 * the multi-page ring a frontend sets up with `ring-page-order` and
 * `ring-refN`, on the fake xenstore and Xen (fake_xs.c, fake_xen.c).  A
 * well-behaved frontend of every order gets a ring of 2^order pages mapped
 * with one call and served to its last slot; a hostile one (an order too
 * big or not a number, a reference missing, not a number, twice, beyond the
 * count, beside the one-page node) gets a failed device with its reason,
 * nothing mapped and no event channel bound.  The rings are served again
 * with the daemon's io_uring (vbd_setup): flushes go through the kernel's
 * ring and are answered in order.
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
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pv-drivers/blkback/blkd.h"
#include "pv-drivers/blkback/blk_uring.h"
#include "pv-drivers/blkback/vbd_ring.h"
#include "pv-drivers/common/pv_log.h"
#include "pv-drivers/xenbus/xb_dev.h"
#include "fake_xs.h"
#include "fake_xen.h"
#include "fake_devs.h"
#include "blk_front.h"

#define DOMID 3u
#define DEVID 51712u
#define PORT 9u

static struct pv_devs S;
static int imgfd = -1;
static bool async;              /* the second run: image I/O through io_uring */

/* Data moves only in the persistent-grant tests, through pages kept
 * mapped; elsewhere a grant copy is a test failure.  Where one is expected
 * it is counted and refused (the request gets an error). */
static bool copies_expected;
static int gnt_copies;

int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    (void)xgt, (void)domid, (void)seg, (void)n, (void)buf, (void)to_guest;
    if (!copies_expected)
        fail_msg("unexpected grant copy");
    gnt_copies++;
    return -1;
}

static char *fe_path(const char *node)
{
    static char p[XB_PATH_MAX + 32];

    snprintf(p, sizeof(p), "/local/domain/%u/device/vbd/%u%s%s", DOMID, DEVID,
             node ? "/" : "", node ? node : "");
    return p;
}

static char *be_path(const char *node)
{
    static char p[XB_PATH_MAX + 32];

    snprintf(p, sizeof(p), "/local/domain/0/backend/xyl-vbd/%u/%u/%s", DOMID, DEVID, node);
    return p;
}

/* What the guest writes (fires the watches, like xenstored). */
static void gw(const char *node, const char *val)
{
    assert_true(xs_write(S.xs, XBT_NULL, fe_path(node), val, (unsigned)strlen(val)));
}

static void drain(void)
{
    int turns = 0;

    while (fake_xs_events_queued()) {
        pv_devs_xenstore(&S);
        assert_true(++turns < 1000);
    }
}

static struct vbd *vbd(void)
{
    return (struct vbd *)pv_dev_find(&S, DOMID, DEVID);
}

static int setup(void **st)
{
    char img[64];

    (void)st;
    pv_log_quiet = 1;
    if (imgfd < 0) {
        imgfd = memfd_create("img", MFD_CLOEXEC);
        assert_true(imgfd >= 0 && ftruncate(imgfd, 1 << 20) == 0);
    }
    fake_devs_init(&S, &xb_kind_vbd, &vbd_ops);
    assert_int_equal(pv_devs_open(&S), 0);
    if (async) {
        vbd_setup(&S);
        if (!blk_uring_on())
            skip();             /* no io_uring here: the first run was synchronous */
    }
    /* the toolstack's entries, as xb_dev_create leaves them */
    snprintf(img, sizeof(img), "/proc/self/fd/%d", imgfd);
    fake_xs_set(fe_path("state"), "1");
    fake_xs_set(be_path("frontend"), fe_path(NULL));
    fake_xs_set(be_path("online"), "1");
    fake_xs_set(be_path("mode"), "w");
    fake_xs_set(be_path("params"), img);
    assert_true(xs_write(S.xs, XBT_NULL, be_path("state"), "1", 1));
    pv_devs_scan(&S);
    drain();
    assert_non_null(vbd());
    assert_true(!vbd()->b.aio.submit == !async);
    assert_string_equal(fake_xs_value(be_path("state")), "2");     /* InitWait */
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    pv_devs_close(&S);
    vbd_teardown();
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xen_bound(), 0);
    fake_xs_reset();
    return 0;
}

/* The frontend's nodes for a ring of 2^order pages (grants 100, 101, ...),
 * then Initialised. */
static void frontend_ring(int order)
{
    char node[24], v[16];
    int i;

    if (order > 0) {
        snprintf(v, sizeof(v), "%d", order);
        gw("ring-page-order", v);
        for (i = 0; i < 1 << order; i++) {
            snprintf(node, sizeof(node), "ring-ref%d", i);
            snprintf(v, sizeof(v), "%d", 100 + i);
            gw(node, v);
        }
    } else {
        gw("ring-ref", "100");
    }
}

static void frontend_connects(void)
{
    char v[16];

    snprintf(v, sizeof(v), "%u", PORT);
    gw("event-channel", v);
    gw("state", "3");
    drain();
}

/* The device failed on the frontend's ring: why in backend/error (what
 * it must contain), nothing held, the backend Closing. */
static void refused(const char *why)
{
    const char *err = fake_xs_value(be_path("error"));

    assert_non_null(vbd());
    assert_true(vbd()->dev.failed);
    assert_false(vbd()->dev.connected);
    assert_non_null(err);
    if (!strstr(err, why))
        fail_msg("backend/error '%s' does not say '%s'", err, why);
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xen_bound(), 0);
    assert_string_equal(fake_xs_value(be_path("state")), "5");
}

static void offers_max_ring_page_order(void **st)
{
    (void)st;
    assert_string_equal(fake_xs_value(be_path("max-ring-page-order")), "4");
}

/* n flush requests (no data) from the guest's side of the ring, then the
 * event; returns the next request index. */
static RING_IDX push_flushes(blkif_front_ring_t *f, unsigned n)
{
    return blk_front_flushes(f, n, vbd()->dev.port);
}

/* What the daemon's loop (main.c) does with the rings: serve, and when a
 * request waits for its I/O, wait for io_uring's completions (at most 1 s). */
static void daemon_turn(void)
{
    pv_devs_events(&S);
    if (!vbd_run(&S) && blk_uring_on()) {
        struct pollfd p = { .fd = blk_uring_fd(), .events = POLLIN };

        if (blk_busy(&vbd()->b) && poll(&p, 1, 1000) == 1)
            blk_uring_reap();
    }
}

/* Every order we offer: one map call for all its pages, the ring's size
 * from its bytes, and the ring filled to its last slot twice (so indexes
 * wrap over every page) all answered in order. */
static void every_order_connects_and_serves(void **st)
{
    int order;

    (void)st;
    for (order = 0; order <= (int)VBD_RING_MAX_ORDER; order++) {
        blkif_front_ring_t f;
        unsigned size = (unsigned)__CONST_RING_SIZE(blkif, VBD_RING_PAGE << order), round;
        RING_IDX seen = 0;

        if (order > 0) {        /* a fresh device for each order */
            teardown(NULL);
            setup(NULL);
        }
        frontend_ring(order);
        frontend_connects();
        assert_true(vbd()->dev.connected);
        assert_int_equal(fake_xen_map_calls(), 1);
        assert_int_equal(fake_xen_maps(), 1 << order);
        assert_int_equal(vbd()->ring_pages, 1u << order);
        assert_int_equal(blk_ring_size(&vbd()->b.ring), size);
        assert_string_equal(fake_xs_value(be_path("state")), "4");
        /* the guest's side: the mapped range is its ring */
        SHARED_RING_INIT((blkif_sring_t *)vbd()->ring_page);
        FRONT_RING_INIT(&f, (blkif_sring_t *)vbd()->ring_page, VBD_RING_PAGE << order);
        for (round = 0; round < 2; round++) {
            int guard = 0;

            push_flushes(&f, size);
            assert_true(RING_FULL(&f));
            while (f.sring->rsp_prod != f.req_prod_pvt) {
                daemon_turn();
                assert_true(++guard < 10000);
            }
            for (; seen != f.sring->rsp_prod; seen++) {
                blkif_response_t *rsp = RING_GET_RESPONSE(&f, seen);

                assert_int_equal(rsp->id, 0x1000 + seen);
                assert_int_equal(rsp->status, BLKIF_RSP_OKAY);
            }
            f.rsp_cons = seen;
        }
        assert_int_equal(vbd()->b.st.flushes, 2 * size);
    }
}

/* A frontend that reconnects (Connected -> Initialising -> Initialised,
 * as make lab-hostile's attacker does in a loop): the features published
 * at the first prepare are not written again (one read finds them there)
 * and are still right; nodes taken away meanwhile are written again. */
static void reconnect_republishes_nothing(void **st)
{
    long w0;

    (void)st;
    frontend_ring(0);
    frontend_connects();
    assert_true(vbd()->dev.connected);
    w0 = fake_xs_writes();
    gw("state", "1");
    drain();
    assert_false(vbd()->dev.connected);
    assert_string_equal(fake_xs_value(be_path("state")), "2");
    gw("state", "3");
    drain();
    assert_true(vbd()->dev.connected);
    /* the guest's two state writes and our two */
    if (fake_xs_writes() - w0 > 4)
        fail_msg("a reconnect cost %ld xenstore writes", fake_xs_writes() - w0);
    assert_string_equal(fake_xs_value(be_path("feature-flush-cache")), "1");
    assert_string_equal(fake_xs_value(be_path("max-ring-page-order")), "4");
    assert_string_equal(fake_xs_value(be_path("sectors")), "2048");
    assert_true(xs_rm(S.xs, XBT_NULL, be_path("sectors")));
    assert_true(xs_rm(S.xs, XBT_NULL, be_path("feature-flush-cache")));
    gw("state", "1");
    drain();
    assert_string_equal(fake_xs_value(be_path("sectors")), "2048");
    assert_string_equal(fake_xs_value(be_path("feature-flush-cache")), "1");
    gw("state", "3");
    drain();
    assert_true(vbd()->dev.connected);
}

/* The guest closes: all pages are unmapped (the fake aborts on a partial
 * unmap), and it can connect again with another order. */
static void close_unmaps_every_page(void **st)
{
    (void)st;
    frontend_ring(3);
    frontend_connects();
    assert_int_equal(fake_xen_maps(), 8);
    gw("state", "6");
    drain();
    assert_false(vbd()->dev.connected);
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xen_bound(), 0);
    /* a frontend that starts over with a smaller ring removes its nodes */
    assert_true(xs_rm(S.xs, XBT_NULL, fe_path("ring-page-order")));
    for (int i = 0; i < 8; i++) {
        char node[24];

        snprintf(node, sizeof(node), "ring-ref%d", i);
        assert_true(xs_rm(S.xs, XBT_NULL, fe_path(node)));
    }
    gw("state", "1");
    drain();
    frontend_ring(1);
    frontend_connects();
    assert_true(vbd()->dev.connected);
    assert_int_equal(fake_xen_maps(), 2);
}

/* The guest's side of a one-page ring, set up after the connect. */
static blkif_front_ring_t front;

static void front_init(void)
{
    SHARED_RING_INIT((blkif_sring_t *)vbd()->ring_page);
    FRONT_RING_INIT(&front, (blkif_sring_t *)vbd()->ring_page, VBD_RING_PAGE);
}

/* One data request of one segment (grant gref, 8 sectors from sector),
 * served; returns its status. */
static int16_t one_request(uint8_t op, grant_ref_t gref, uint64_t sector)
{
    blkif_front_ring_t *f = &front;
    RING_IDX i = f->req_prod_pvt;
    blkif_request_t *r;
    int notify, guard = 0;

    r = RING_GET_REQUEST(f, i);
    memset(r, 0, sizeof(*r));
    r->operation = op;
    r->nr_segments = 1;
    r->id = 77;
    r->sector_number = sector;
    r->seg[0].gref = gref;
    r->seg[0].first_sect = 0;
    r->seg[0].last_sect = 7;
    f->req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
    (void)notify;
    fake_xen_fire(vbd()->dev.port);
    while (f->sring->rsp_prod != f->req_prod_pvt) {
        daemon_turn();
        assert_true(++guard < 10000);
    }
    f->rsp_cons = f->sring->rsp_prod;
    assert_int_equal(RING_GET_RESPONSE(f, i)->id, 77);
    return RING_GET_RESPONSE(f, i)->status;
}

/* feature-persistent: offered; when the frontend takes it, a page it
 * grants is mapped once and reused, data moves both ways without a grant
 * copy, a reference Xen will not map goes by grant copy, and the close
 * unmaps everything (teardown: no map left). */
static void persistent_grants_map_once(void **st)
{
    uint8_t pattern[4096], back[4096], *page;

    (void)st;
    assert_string_equal(fake_xs_value(be_path("feature-persistent")), "1");
    memset(pattern, 0x5a, sizeof(pattern));
    assert_int_equal(pwrite(imgfd, pattern, sizeof(pattern), 0), (ssize_t)sizeof(pattern));
    gw("feature-persistent", "1");
    frontend_ring(0);
    frontend_connects();
    assert_true(vbd()->dev.connected);
    assert_true(vbd()->gnt.persistent);
    front_init();
    /* a read lands in the guest's page, now mapped */
    assert_int_equal(one_request(BLKIF_OP_READ, 500, 0), BLKIF_RSP_OKAY);
    page = fake_xen_mapped(500);
    assert_non_null(page);
    assert_memory_equal(page, pattern, sizeof(pattern));
    assert_int_equal(fake_xen_maps(), 2);       /* the ring and gref 500 */
    /* a write from the same page: no second map */
    memset(page, 0xc3, 4096);
    assert_int_equal(one_request(BLKIF_OP_WRITE, 500, 8), BLKIF_RSP_OKAY);
    assert_int_equal(pread(imgfd, back, sizeof(back), 8 * 512), (ssize_t)sizeof(back));
    assert_memory_equal(back, page, sizeof(back));
    assert_int_equal(fake_xen_maps(), 2);
    assert_true(vbd()->gnt.pg.hits >= 1);
    /* grant 0 cannot be mapped (fake Xen refuses it): copied, and that
     * copy's failure is the request's */
    copies_expected = true;
    assert_int_equal(one_request(BLKIF_OP_READ, 0, 0), BLKIF_RSP_ERROR);
    assert_int_equal(gnt_copies, 1);
    assert_int_equal(one_request(BLKIF_OP_READ, 0, 0), BLKIF_RSP_ERROR);
    assert_int_equal(vbd()->gnt.pg.refused, 1);     /* asked Xen once */
    copies_expected = false;
    gnt_copies = 0;
    /* the frontend closes: its page is unmapped with the ring */
    gw("state", "6");
    drain();
    assert_false(vbd()->dev.connected);
    assert_int_equal(fake_xen_maps(), 0);
}

/* Without the frontend's feature-persistent, nothing is mapped but the
 * ring: data goes by grant copy. */
static void no_persistent_grants_copies(void **st)
{
    (void)st;
    gw("feature-persistent", "0");
    frontend_ring(0);
    frontend_connects();
    assert_false(vbd()->gnt.persistent);
    front_init();
    copies_expected = true;
    assert_int_equal(one_request(BLKIF_OP_READ, 500, 0), BLKIF_RSP_ERROR);
    assert_int_equal(gnt_copies, 1);
    copies_expected = false;
    gnt_copies = 0;
    assert_int_equal(fake_xen_maps(), 1);
    assert_null(fake_xen_mapped(500));
}

static void order_too_big(void **st)
{
    (void)st;
    frontend_ring(4);
    gw("ring-page-order", "5");
    frontend_connects();
    refused("order 5 (at most 4 offered)");
}

static void order_huge(void **st)
{
    (void)st;
    frontend_ring(4);
    gw("ring-page-order", "4294967295");
    frontend_connects();
    refused("order 4294967295");
}

static void order_not_a_number(void **st)
{
    static const char *const bad[] = { "x", "", "-1", " 2", "2 ", "0x2", "2\n", "99999999999999999999999" };
    size_t i;

    (void)st;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (i) {
            teardown(NULL);
            setup(NULL);
        }
        frontend_ring(2);
        gw("ring-page-order", bad[i]);
        frontend_connects();
        refused("ring-page-order is not a number");
    }
}

static void missing_ref(void **st)
{
    (void)st;
    frontend_ring(2);
    assert_true(xs_rm(S.xs, XBT_NULL, fe_path("ring-ref2")));
    frontend_connects();
    refused("ring-ref2 is missing or not a number");
}

static void ref_not_a_number(void **st)
{
    (void)st;
    frontend_ring(2);
    gw("ring-ref3", "12a");
    frontend_connects();
    refused("ring-ref3 is missing or not a number");
}

static void ref_beyond_count(void **st)
{
    (void)st;
    frontend_ring(2);
    gw("ring-ref4", "104");
    frontend_connects();
    refused("ring-ref4, beyond its ring of 4 pages");
}

static void ref_far_beyond_count(void **st)
{
    (void)st;
    frontend_ring(1);
    gw("ring-ref4294967295", "7");
    frontend_connects();
    refused("ring-ref4294967295, beyond its ring of 2 pages");
}

static void single_ref_beside_pages(void **st)
{
    (void)st;
    frontend_ring(2);
    gw("ring-ref", "99");
    frontend_connects();
    refused("ring-ref beside a ring of order 2");
}

static void page_ref_without_order(void **st)
{
    (void)st;
    frontend_ring(0);
    gw("ring-ref0", "99");
    frontend_connects();
    refused("ring-ref0 without a ring-page-order");
}

static void order_zero_written_needs_ring_ref(void **st)
{
    (void)st;
    gw("ring-page-order", "0");
    gw("ring-ref0", "100");
    frontend_connects();
    refused("ring-ref0 without a ring-page-order");
}

static void ref_name_not_canonical(void **st)
{
    (void)st;
    frontend_ring(1);
    gw("ring-ref01", "101");
    frontend_connects();
    refused("named like a ring reference");
}

static void same_page_twice(void **st)
{
    (void)st;
    frontend_ring(2);
    gw("ring-ref3", "101");
    frontend_connects();
    refused("grants one page twice in its ring (ring-ref1 and ring-ref3)");
}

/* Xen refuses one of the grants: the whole map fails, nothing is left. */
static void grant_refused_by_xen(void **st)
{
    (void)st;
    frontend_ring(3);
    gw("ring-ref5", "0");
    frontend_connects();
    refused("cannot map the frontend's ring (8 pages, first grant 100)");
}

/* The ring is fine, the event channel is not: the pages are unmapped. */
static void bad_event_channel_unmaps(void **st)
{
    (void)st;
    frontend_ring(4);
    gw("event-channel", "5000");        /* the fake refuses ports >= 4096 */
    gw("state", "3");
    drain();
    refused("cannot bind the frontend's event channel 5000");
    assert_int_equal(fake_xen_map_calls(), 1);
}

/* A guest that keeps sending requests that are all refused (garbage), an
 * event with each: its events count as spurious, so its port backs off
 * like an event storm's, and it is served a few times per 128 ms instead of
 * at every turn of the loop (each turn of garbage takes the one thread for
 * up to BLK_TURN_NS).  A valid request afterwards is served within the
 * backoff and ends it. */
static long clock_ms;
static long fake_now(void) { return clock_ms; }

static void garbage_backs_off(void **st)
{
    blkif_front_ring_t f;
    RING_IDX seen = 0;
    int i, turns = 0, notify;

    (void)st;
    S.now_ms = fake_now;
    clock_ms = 1000000;
    frontend_ring(0);
    frontend_connects();
    assert_true(vbd()->dev.connected);
    SHARED_RING_INIT((blkif_sring_t *)vbd()->ring_page);
    FRONT_RING_INIT(&f, (blkif_sring_t *)vbd()->ring_page, VBD_RING_PAGE);
    for (i = 0; i < 1000; i++) {
        if (!RING_FULL(&f)) {
            blkif_request_t *r = RING_GET_REQUEST(&f, f.req_prod_pvt);

            memset(r, 0, sizeof(*r));
            r->operation = 200;         /* no such operation */
            r->id = f.req_prod_pvt++;
            RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
            (void)notify;       /* the guest storms anyway */
        }
        fake_xen_fire(vbd()->dev.port);
        clock_ms++;
        pv_devs_timers(&S);
        pv_devs_events(&S);
        vbd_run(&S);
        if (f.sring->rsp_prod != seen)
            turns++;
        seen = f.rsp_cons = f.sring->rsp_prod;
    }
    if (turns > 40)
        fail_msg("a guest sending only refused requests was served in %d of 1000 ms", turns);
    assert_int_equal(vbd()->b.st.reads + vbd()->b.st.writes, 0);
    /* the garbage left is answered in time; then a valid request is
     * served within the backoff (128 ms at most), and ends it */
    for (i = 0; i < 2; i++) {
        int ms;

        if (i == 1)
            push_flushes(&f, 1);
        for (ms = 0; ms < 200 && f.sring->rsp_prod != f.req_prod_pvt; ms++) {
            clock_ms++;
            pv_devs_timers(&S);
            pv_devs_events(&S);
            vbd_run(&S);
        }
        f.rsp_cons = f.sring->rsp_prod;
    }
    assert_int_equal(f.sring->rsp_prod, f.req_prod_pvt);
    assert_int_equal(vbd()->b.st.flushes, 1);
    assert_int_equal(vbd()->dev.spurious, 0);
}

/* io_uring: a guest that keeps notifying while its flush is under way
 * wakes the daemon no more (its port stays masked until the completion was
 * served: the events wait in Xen, one comes at the unmask) and is not
 * taken for an event storm (no backoff). */
static void waiting_guest_is_no_storm(void **st)
{
    blkif_front_ring_t f;
    int i, guard = 0;
    long delivered;

    (void)st;
    frontend_ring(0);
    frontend_connects();
    SHARED_RING_INIT((blkif_sring_t *)vbd()->ring_page);
    FRONT_RING_INIT(&f, (blkif_sring_t *)vbd()->ring_page, VBD_RING_PAGE);
    for (i = 0; i < 20; i++) {
        push_flushes(&f, 1);    /* and its event */
        pv_devs_events(&S);
        vbd_run(&S);
        if (!blk_busy(&vbd()->b))
            continue;           /* done within the submit after all */
        delivered = fake_xen_delivered();
        fake_xen_fire(vbd()->dev.port);         /* the guest, impatient */
        fake_xen_fire(vbd()->dev.port);
        pv_devs_events(&S);
        assert_int_equal(fake_xen_delivered(), delivered);      /* held by Xen */
        while (f.sring->rsp_prod != f.req_prod_pvt) {
            daemon_turn();
            assert_true(++guard < 10000);
        }
        daemon_turn();          /* the held event: found nothing */
        f.rsp_cons = f.sring->rsp_prod;
    }
    assert_int_equal(vbd()->b.st.flushes, 20);
    assert_true(vbd()->dev.spurious <= 8);      /* below the backoff's start */
    assert_int_equal(vbd()->dev.unmask_at, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(offers_max_ring_page_order),
        T(every_order_connects_and_serves),
        T(close_unmaps_every_page),
        T(reconnect_republishes_nothing),
        T(order_too_big),
        T(order_huge),
        T(order_not_a_number),
        T(missing_ref),
        T(ref_not_a_number),
        T(ref_beyond_count),
        T(ref_far_beyond_count),
        T(single_ref_beside_pages),
        T(page_ref_without_order),
        T(order_zero_written_needs_ring_ref),
        T(ref_name_not_canonical),
        T(same_page_twice),
        T(grant_refused_by_xen),
        T(bad_event_channel_unmaps),
        T(garbage_backs_off),
        T(persistent_grants_map_once),
        T(no_persistent_grants_copies),
    };
    const struct CMUnitTest async_tests[] = {
        T(every_order_connects_and_serves),
        T(close_unmaps_every_page),
        T(bad_event_channel_unmaps),
        T(waiting_guest_is_no_storm),
        T(persistent_grants_map_once),
#undef T
    };
    int failed = cmocka_run_group_tests_name("synchronous image I/O", tests, NULL, NULL);

    async = true;
    return failed + cmocka_run_group_tests_name("image I/O through io_uring", async_tests, NULL,
                                                NULL);
}
