/*
 * test_hand.c - cmocka tests of the daemon's two threads (common/pv_hand.c)
 * with xyl-blkback's device code (vbd.c) on the fake xenstore and Xen: the
 * xenbus thread runs for real, the test is the ring thread (what
 * blkback/main.c's loop does).  Issue 19: under a guest flooding
 * xenstored, the ring-serving thread waited on xenstored inside that
 * guest's handshake steps, and every other guest's disk with it.  Here
 * xenstored stops answering reads of the attacker's nodes (the fake blocks
 * them) while its handshake is under way: the victim's requests must still
 * be answered, and the ring thread must make no xenstore call at all
 * (counted by the fake, per thread).  Before the two threads both failed:
 * one thread stepped the handshakes and wrote the counters to xenstore.
 * Also: a device asked back (guest closes, the guest dies) and one
 * given back (a broken ring: cut off) are detached by the ring thread and
 * finished by the xenbus thread, with nothing mapped or bound left.
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
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "pv-drivers/blkback/blkd.h"
#include "pv-drivers/blkback/vbd_ring.h"
#include "pv-drivers/common/pv_hand.h"
#include "pv-drivers/common/pv_log.h"
#include "pv-drivers/xenbus/xb_dev.h"
#include "fake_xs.h"
#include "fake_xen.h"
#include "fake_devs.h"
#include "blk_front.h"

#define VICTIM 3u
#define ATTACKER 4u
#define DEVID 51712u
#define PORT 9u
#define WAIT_MS 5000            /* a step that takes longer is a failure */

static struct pv_devs S;
static int imgfd[2] = { -1, -1 };

/* Flush requests only: no data moves, a grant copy is a failure. */
int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    (void)xgt, (void)domid, (void)seg, (void)n, (void)buf, (void)to_guest;
    fail_msg("unexpected grant copy");
    return -1;
}

static char *fe_path(uint32_t domid, const char *node)
{
    static char p[2][XB_PATH_MAX + 32];
    static int k;

    k ^= 1;
    snprintf(p[k], sizeof(p[k]), "/local/domain/%u/device/vbd/%u%s%s", domid, DEVID,
             node ? "/" : "", node ? node : "");
    return p[k];
}

static char *be_path(uint32_t domid, const char *node)
{
    static char p[2][XB_PATH_MAX + 32];
    static int k;

    k ^= 1;
    snprintf(p[k], sizeof(p[k]), "/local/domain/0/backend/xyl-vbd/%u/%u/%s", domid, DEVID, node);
    return p[k];
}

/* What the guest writes (fires the watches, like xenstored). */
static void gw(uint32_t domid, const char *node, const char *val)
{
    assert_true(xs_write(S.xs, XBT_NULL, fe_path(domid, node), val, (unsigned)strlen(val)));
}

/* The device of domid on the ring thread's list (the test's own), or NULL. */
static struct vbd *served(uint32_t domid)
{
    struct pv_dev *d;

    for (d = S.served; d; d = d->serve.next)
        if (d->domid == domid)
            return (struct vbd *)d;
    return NULL;
}

/* One turn of the ring thread, as blkback/main.c's loop; every xenstore
 * call made meanwhile is counted (fake_xs_thread_calls). */
static void ring_turn(void)
{
    struct pollfd p[2] = {
        { .fd = pv_hand_ring_fd(&S), .events = POLLIN },
        { .fd = xenevtchn_fd(S.xce), .events = POLLIN },
    };

    fake_xs_count_thread(true);
    (void)poll(p, 2, 5);
    if (p[1].revents & POLLIN)
        pv_devs_events(&S);
    pv_devs_timers(&S);
    vbd_run(&S);
    pv_devs_publish_stats(&S, false);
    if (p[0].revents & POLLIN)
        pv_hand_ring_take(&S);
    fake_xs_count_thread(false);
}

static long ms_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Ring turns until cond holds (fails after WAIT_MS). */
#define RING_UNTIL(cond) do { \
        long until_ = ms_now() + WAIT_MS; \
        while (!(cond)) { \
            if (ms_now() > until_) \
                fail_msg("not within %d ms: %s", WAIT_MS, #cond); \
            ring_turn(); \
        } \
    } while (0)

static void add_device(uint32_t domid, int fd)
{
    char img[64];

    snprintf(img, sizeof(img), "/proc/self/fd/%d", fd);
    fake_xs_set(fe_path(domid, "state"), "1");
    fake_xs_set(be_path(domid, "frontend"), fe_path(domid, NULL));
    fake_xs_set(be_path(domid, "online"), "1");
    fake_xs_set(be_path(domid, "mode"), "w");
    fake_xs_set(be_path(domid, "params"), img);
    assert_true(xs_write(S.xs, XBT_NULL, be_path(domid, "state"), "1", 1));
}

static int setup(void **st)
{
    int i;

    (void)st;
    pv_log_quiet = !getenv("XYL_PV_TEST_LOG");  /* =1: the daemon's lines, -v's too */
    pv_verbose = !pv_log_quiet;
    for (i = 0; i < 2; i++) {
        if (imgfd[i] < 0) {
            imgfd[i] = memfd_create("img", MFD_CLOEXEC);
            assert_true(imgfd[i] >= 0 && ftruncate(imgfd[i], 1 << 20) == 0);
        }
    }
    fake_devs_init(&S, &xb_kind_vbd, &vbd_ops);
    assert_int_equal(pv_devs_open(&S), 0);
    add_device(VICTIM, imgfd[0]);
    add_device(ATTACKER, imgfd[1]);
    assert_int_equal(pv_hand_start(&S), 0);
    pv_hand_go(&S);             /* the first scan, on the xenbus thread */
    RING_UNTIL(fake_xs_is(be_path(VICTIM, "state"), "2") &&
               fake_xs_is(be_path(ATTACKER, "state"), "2"));
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    fake_xs_block_reads(NULL);
    pv_devs_close(&S);          /* stops the xenbus thread, releases all */
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xen_bound(), 0);
    fake_xs_reset();
    return 0;
}

/* The frontend's ring (grant 100) and event channel, then Connected; the
 * device reaches the ring thread.  Returns it, its front ring set up. */
static struct vbd *fe_connect(uint32_t domid, blkif_front_ring_t *f)
{
    struct vbd *v;
    char port[16];

    snprintf(port, sizeof(port), "%u", PORT);
    gw(domid, "ring-ref", "100");
    gw(domid, "event-channel", port);
    gw(domid, "state", "3");
    RING_UNTIL((v = served(domid)) != NULL);
    assert_true(v->dev.connected);
    SHARED_RING_INIT((blkif_sring_t *)v->ring_page);
    FRONT_RING_INIT(f, (blkif_sring_t *)v->ring_page, VBD_RING_PAGE);
    RING_UNTIL(fake_xs_is(be_path(domid, "state"), "4"));
    return v;
}

/* n flush requests from the guest's side, and its event. */
static void push_flushes(struct vbd *v, blkif_front_ring_t *f, unsigned n)
{
    (void)blk_front_flushes(f, n, v->dev.port);
}

/* Every response so far answers its request, OK. */
static void answered(blkif_front_ring_t *f)
{
    RING_IDX i;

    for (i = f->rsp_cons; i != f->sring->rsp_prod; i++) {
        blkif_response_t *rsp = RING_GET_RESPONSE(f, i);

        assert_int_equal(rsp->id, 0x1000 + i);
        assert_int_equal(rsp->status, BLKIF_RSP_OKAY);
    }
    f->rsp_cons = i;
}

/* The attacker's handshake step waits on xenstored (its reads block);
 * the victim's ring is served meanwhile, by a thread that never calls
 * xenstore; once xenstored answers, the attacker's reconnect goes on. */
static void ring_served_while_xenstore_blocks(void **st)
{
    blkif_front_ring_t fv, fa;
    struct vbd *v;

    (void)st;
    v = fe_connect(VICTIM, &fv);
    (void)fe_connect(ATTACKER, &fa);
    fake_xs_block_reads(fe_path(ATTACKER, NULL));
    gw(ATTACKER, "state", "1");         /* a reconnect: stepped, and stuck */
    assert_true(fake_xs_wait_blocked(1, WAIT_MS));

    push_flushes(v, &fv, 20);
    RING_UNTIL(fv.sring->rsp_prod == 20);
    answered(&fv);
    push_flushes(v, &fv, 12);
    RING_UNTIL(fv.sring->rsp_prod == 32);
    answered(&fv);
    assert_int_equal(fake_xs_blocked(), 1);     /* all the while */
    assert_non_null(served(ATTACKER));          /* its step never got that far */

    fake_xs_block_reads(NULL);
    RING_UNTIL(served(ATTACKER) == NULL && fake_xs_is(be_path(ATTACKER, "state"), "2"));
    /* the counters went to xenstore from the xenbus thread */
    RING_UNTIL(fake_xs_is(be_path(VICTIM, PV_STATS_NODE),
                          "reads=0 writes=0 read_sectors=0 write_sectors=0 flushes=32 "
                          "discards=0 errors=0 unsupported=0"));
    assert_int_equal(fake_xs_thread_calls(), 0);
    assert_ptr_equal(served(VICTIM), v);
}

/* The guest closes: the ring thread detaches the device when asked, the
 * xenbus thread closes it; then the guest dies while served: reaped (its
 * nodes removed, the device freed) once the ring thread gave it back. */
static void asked_back_then_reaped(void **st)
{
    blkif_front_ring_t f;
    struct vbd *v;

    (void)st;
    v = fe_connect(VICTIM, &f);
    push_flushes(v, &f, 4);
    RING_UNTIL(f.sring->rsp_prod == 4);
    gw(VICTIM, "state", "6");
    RING_UNTIL(served(VICTIM) == NULL && fake_xs_is(be_path(VICTIM, "state"), "6"));
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(fake_xen_bound(), 0);

    /* connected again; then the guest dies while its ring is served (the
     * toolstack's removal may race a step, which may write our state
     * again: @releaseDomain's reap takes the whole device away anyway) */
    gw(VICTIM, "state", "1");
    RING_UNTIL(fake_xs_is(be_path(VICTIM, "state"), "2"));
    v = fe_connect(VICTIM, &f);
    fake_xen_kill(VICTIM);
    assert_true(xs_write(S.xs, XBT_NULL, "@releaseDomain", "", 0));
    RING_UNTIL(served(VICTIM) == NULL && fake_xen_maps() == 0 && fake_xen_bound() == 0 &&
               fake_xs_is(be_path(VICTIM, "state"), NULL));
    assert_int_equal(fake_xs_thread_calls(), 0);
}

/* A producer index beyond the ring: the ring thread cuts the device off
 * and hands it back; the xenbus thread writes the error and Closing.  The
 * other device is not touched. */
static void cut_off_by_the_ring_thread(void **st)
{
    blkif_front_ring_t fv, fa;
    struct vbd *a, *v;

    (void)st;
    v = fe_connect(VICTIM, &fv);
    a = fe_connect(ATTACKER, &fa);
    fa.sring->req_prod = 1000;          /* more than the ring holds */
    fake_xen_fire(a->dev.port);
    RING_UNTIL(served(ATTACKER) == NULL && fake_xs_is(be_path(ATTACKER, "state"), "5"));
    RING_UNTIL(fake_xen_bound() == 1);
    push_flushes(v, &fv, 3);
    RING_UNTIL(fv.sring->rsp_prod == 3);
    answered(&fv);
    assert_true(fake_xs_is(be_path(VICTIM, "state"), "4"));
    assert_int_equal(fake_xs_thread_calls(), 0);
}

static long log_lines(void)
{
    return pv_log_count();
}

/* SIGUSR1: the ring thread hands on fresh counters, the xenbus thread
 * logs a line per device and a count. */
static void counters_logged_by_the_xenbus_thread(void **st)
{
    blkif_front_ring_t f;
    long lines0;

    (void)st;
    (void)fe_connect(VICTIM, &f);
    lines0 = log_lines();
    pv_devs_publish_stats(&S, true);
    pv_hand_want_log(&S);
    RING_UNTIL(log_lines() >= lines0 + 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ring_served_while_xenstore_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(asked_back_then_reaped, setup, teardown),
        cmocka_unit_test_setup_teardown(cut_off_by_the_ring_thread, setup, teardown),
        cmocka_unit_test_setup_teardown(counters_logged_by_the_xenbus_thread, setup, teardown),
    };

    alarm(120);                 /* a deadlock fails the run instead of hanging it */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
