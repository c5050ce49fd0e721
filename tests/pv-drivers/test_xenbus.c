/*
 * test_xenbus.c - cmocka tests of pv-drivers/xenbus: strict parsing of
 * frontend-written values, device numbers and paths, the backend state
 * machine, and device creation/removal against an in-memory xenstore.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv-drivers/xenbus/xb_audit.h"
#include "pv-drivers/xenbus/xb_dev.h"
#include "pv-drivers/xenbus/xb_parse.h"
#include "pv-drivers/xenbus/xb_path.h"
#include "pv-drivers/xenbus/xb_state.h"
#include "fake_xs.h"

#define U64(s) ({ uint64_t v_ = 0xdead; int r_ = xb_parse_uint(s, sizeof(s) - 1, UINT64_MAX, &v_); r_ ? -1 : (long long)v_; })

static void parse_uint_accepts_plain_decimal(void **st)
{
    uint64_t v;

    (void)st;
    assert_int_equal(U64("0"), 0);
    assert_int_equal(U64("42"), 42);
    assert_int_equal(xb_parse_uint("18446744073709551615", 20, UINT64_MAX, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(xb_parse_uint("4294967295", 10, UINT32_MAX, &v), 0);
    assert_true(v == UINT32_MAX);
}

static void parse_uint_rejects_hostile(void **st)
{
    static const char *const bad[] = {
        "", "-1", "+1", " 1", "1 ", "0x10", "1e3", "12a", "\n5", "٣",
        "18446744073709551616",            /* UINT64_MAX + 1 */
        "99999999999999999999",            /* 20 digits, wraps */
        "000000000000000000001",           /* 21 digits: over the length bound */
    };
    uint64_t v = 7;
    uint32_t w = 7;
    size_t i;

    (void)st;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xb_parse_uint(bad[i], strlen(bad[i]), UINT64_MAX, &v), -1);
        assert_true(v == 7);            /* untouched on failure */
    }
    assert_int_equal(xb_parse_uint(NULL, 3, UINT64_MAX, &v), -1);
    /* an embedded NUL: strtoul would see "12"; we see 3 bytes, one not a digit */
    assert_int_equal(xb_parse_uint("12\0", 3, UINT64_MAX, &v), -1);
    assert_int_equal(xb_parse_u32("4294967296", 10, UINT32_MAX, &w), -1);
    assert_int_equal(xb_parse_u32("100", 3, 99, &w), -1);
    assert_int_equal(xb_parse_u32("99", 2, 99, &w), 0);
    assert_int_equal(w, 99);
}

static void parse_state_bool_protocol(void **st)
{
    (void)st;
    assert_int_equal(xb_parse_state("4", 1), XenbusStateConnected);
    assert_int_equal(xb_parse_state("0", 1), XenbusStateUnknown);
    assert_int_equal(xb_parse_state("8", 1), 8);
    assert_int_equal(xb_parse_state("9", 1), -1);
    assert_int_equal(xb_parse_state("-1", 2), -1);
    assert_int_equal(xb_parse_state("4294967300", 10), -1);
    assert_int_equal(xb_parse_state(NULL, 0), -1);
    assert_int_equal(xb_parse_bool("1", 1), 1);
    assert_int_equal(xb_parse_bool("0", 1), 0);
    assert_int_equal(xb_parse_bool("2", 1), -1);
    assert_int_equal(xb_parse_bool("yes", 3), -1);

    assert_int_equal(xb_parse_protocol(NULL, 0), XB_PROTO_NATIVE);
    assert_int_equal(xb_parse_protocol("x86_64-abi", 10), XB_PROTO_X86_64);
    assert_int_equal(xb_parse_protocol("x86_32-abi", 10), XB_PROTO_X86_32);
    assert_int_equal(xb_parse_protocol("x86_64-abi\0", 11), XB_PROTO_UNKNOWN);
    assert_int_equal(xb_parse_protocol("x86_64-ab", 9), XB_PROTO_UNKNOWN);
    assert_int_equal(xb_parse_protocol("", 0), XB_PROTO_UNKNOWN);
    assert_true(xb_proto_supported(XB_PROTO_NATIVE));
    assert_true(xb_proto_supported(XB_PROTO_X86_64));
    /* the 32-bit layout puts `id` at offset 4: serving it natively would
     * misread every request, so it is refused */
    assert_false(xb_proto_supported(XB_PROTO_X86_32));
    assert_false(xb_proto_supported(XB_PROTO_UNKNOWN));
}

static void paths(void **st)
{
    char buf[XB_PATH_MAX];
    uint32_t dom = 0, dev = 0;
    const char *rest = NULL;

    (void)st;
    assert_string_equal(xb_backend_path(buf, sizeof(buf), 5, 51728),
                        "/local/domain/0/backend/xyl-vbd/5/51728");
    assert_string_equal(xb_frontend_path(buf, sizeof(buf), 5, 51728),
                        "/local/domain/5/device/vbd/51728");
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT, &dom, &dev, &rest), 0);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/", &dom, &dev, &rest), 0);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/7", &dom, &dev, &rest), 1);
    assert_int_equal(dom, 7);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/7/51728", &dom, &dev, &rest), 2);
    assert_int_equal(dev, 51728);
    assert_string_equal(rest, "");
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/7/51728/state", &dom, &dev, &rest), 2);
    assert_string_equal(rest, "/state");
    assert_int_equal(xb_split_backend_path("/local/domain/0/backend/xyl-vbdx/7", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path("/local/domain/0/backend/vbd/7/51728", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/07", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/32752", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/7/x", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path(XB_BACKEND_ROOT "/7/4294967296", &dom, &dev, &rest), -1);
    assert_int_equal(xb_split_backend_path(NULL, &dom, &dev, &rest), -1);
}

/* ---- the state machine ---- */

static enum xb_action step(int be, int fe, bool online, bool ring, int *next)
{
    struct xb_view v = { .be_state = be, .fe_state = fe, .online = online, .have_ring = ring };

    return xb_backend_step(&v, next);
}

static void state_handshake(void **st)
{
    int next;

    (void)st;
    /* toolstack wrote both sides Initialising */
    assert_int_equal(step(1, 1, true, false, &next), XB_ACT_PREPARE);
    assert_int_equal(next, XenbusStateInitWait);
    /* waiting for the frontend: nothing to do until it moves */
    assert_int_equal(step(2, 1, true, false, &next), XB_ACT_NONE);
    assert_int_equal(next, 2);
    assert_int_equal(step(2, 3, true, false, &next), XB_ACT_CONNECT);
    assert_int_equal(next, XenbusStateConnected);
    /* a frontend that jumps straight to Connected is connected too */
    assert_int_equal(step(2, 4, true, false, &next), XB_ACT_CONNECT);
    /* both connected: idempotent (watches fire for our own writes) */
    assert_int_equal(step(4, 4, true, true, &next), XB_ACT_NONE);
    assert_int_equal(step(4, 3, true, true, &next), XB_ACT_NONE);
    /* a frontend that skipped InitWait: publish first */
    assert_int_equal(step(1, 3, true, false, &next), XB_ACT_PREPARE);
    assert_int_equal(next, XenbusStateInitWait);
    /* a restarted daemon finds both Connected and no ring: attach again */
    assert_int_equal(step(4, 4, true, false, &next), XB_ACT_CONNECT);
}

static void state_teardown(void **st)
{
    int next;

    (void)st;
    assert_int_equal(step(4, 5, true, true, &next), XB_ACT_CLOSING);
    assert_int_equal(next, XenbusStateClosing);
    /* Closing keeps the ring: the frontend's requests in flight complete */
    assert_int_equal(step(5, 5, true, true, &next), XB_ACT_NONE);
    assert_int_equal(step(5, 5, true, false, &next), XB_ACT_NONE);
    assert_int_equal(step(5, 6, true, true, &next), XB_ACT_CLOSED);
    assert_int_equal(next, XenbusStateClosed);
    assert_int_equal(step(5, 6, true, false, &next), XB_ACT_CLOSED);
    assert_int_equal(next, XenbusStateClosed);
    assert_int_equal(step(6, 6, true, false, &next), XB_ACT_NONE);
    /* the frontend comes back (module reload): reconnect */
    assert_int_equal(step(6, 1, true, false, &next), XB_ACT_PREPARE);
    assert_int_equal(next, XenbusStateInitWait);
    /* a frontend restarting under a live connection drops the old ring */
    assert_int_equal(step(4, 1, true, true, &next), XB_ACT_PREPARE);
    /* the toolstack detaches: online=0 */
    assert_int_equal(step(4, 4, false, true, &next), XB_ACT_CLOSING);
    assert_int_equal(next, XenbusStateClosing);
    /* a guest that keeps the disk (mounted) keeps being served */
    assert_int_equal(step(5, 4, false, true, &next), XB_ACT_NONE);
    assert_int_equal(step(5, 5, false, true, &next), XB_ACT_NONE);
    assert_int_equal(step(5, 6, false, true, &next), XB_ACT_CLOSED);
    assert_int_equal(step(5, 6, false, false, &next), XB_ACT_CLOSED);
    assert_int_equal(step(6, 6, false, false, &next), XB_ACT_NONE);
    /* offline: never (re)connect, whatever the frontend says */
    assert_int_equal(step(2, 3, false, false, &next), XB_ACT_CLOSING);
    assert_int_equal(step(6, 1, false, false, &next), XB_ACT_NONE);
}

static void state_hostile_frontend(void **st)
{
    int next, fe;

    (void)st;
    /* garbage or vanished frontend state while connected: let go of the ring */
    assert_int_equal(step(4, -1, true, true, &next), XB_ACT_CLOSED);
    assert_int_equal(next, XenbusStateClosed);
    assert_int_equal(step(4, 0, true, true, &next), XB_ACT_CLOSED);
    /* ...but a brand-new device waits for its frontend to appear */
    assert_int_equal(step(1, -1, true, false, &next), XB_ACT_NONE);
    /* Reconfiguring/Reconfigured mean nothing to blkif */
    assert_int_equal(step(4, 7, true, true, &next), XB_ACT_NONE);
    assert_int_equal(step(2, 8, true, false, &next), XB_ACT_NONE);
    /* unreadable backend state: do nothing rather than guess */
    assert_int_equal(step(-1, 4, true, false, &next), XB_ACT_NONE);
    /* every combination gives a state in range, and CONNECT only from a
     * handshake state with the device online */
    for (fe = -1; fe <= 8; fe++) {
        int be;
        for (be = -1; be <= 8; be++) {
            int r;
            for (r = 0; r < 4; r++) {
                enum xb_action a = step(be, fe, r & 1, r & 2, &next);
                assert_true(next >= -1 && next <= 8);
                if (a == XB_ACT_CONNECT) {
                    assert_true(r & 1);
                    assert_true(fe == 3 || fe == 4);
                    assert_true(be == 2 || be == 3 || (be == 4 && !(r & 2)));
                }
                if (a == XB_ACT_NONE)
                    assert_int_equal(next, be);
                /* a connected or closing ring goes only when the frontend
                 * is done with it (or restarts): never while it may have
                 * requests in flight */
                if ((r & 2) && (be == XenbusStateConnected || be == XenbusStateClosing) &&
                    (a == XB_ACT_CLOSED || a == XB_ACT_PREPARE))
                    if (!(fe <= XenbusStateInitWait || fe == XenbusStateClosed))
                        fail_msg("be %d fe %d r %d: %s", be, fe, r, xb_action_name(a));
            }
        }
    }
    assert_string_equal(xb_state_name(2), "InitWait");
    assert_string_equal(xb_state_name(9), "invalid");
    assert_string_equal(xb_state_name(-1), "invalid");
}

/* ---- devices in the fake xenstore ---- */

#define FE "/local/domain/5/device/vbd/51728"
#define BE XB_BACKEND_ROOT "/5/51728"

static const struct xb_vbd vbd5 = {
    .domid = 5, .devid = 51728, .vdev = "xvdb", .params = "/var/lib/xen/images/d.img",
};

static int setup_xs(void **st)
{
    (void)st;
    fake_xs_reset();
    /* what libxl makes: the guest's device/ dir, dom0-owned, guest-readable */
    fake_xs_set("/local/domain/5/device", "");
    fake_xs_set("/local/domain/0/backend", "");
    return 0;
}

static void create_writes_both_sides(void **st)
{
    char err[XB_ERR_LEN] = "";
    struct xs_permissions p[4];

    (void)st;
    assert_int_equal(xb_vbd_create(xs_open(0), &vbd5, 1, err, sizeof(err)), 0);
    assert_string_equal(fake_xs_value(FE "/backend"), BE);
    assert_string_equal(fake_xs_value(FE "/backend-id"), "0");
    assert_string_equal(fake_xs_value(FE "/state"), "1");
    assert_string_equal(fake_xs_value(FE "/virtual-device"), "51728");
    assert_string_equal(fake_xs_value(BE "/frontend"), FE);
    assert_string_equal(fake_xs_value(BE "/frontend-id"), "5");
    assert_string_equal(fake_xs_value(BE "/state"), "1");
    assert_string_equal(fake_xs_value(BE "/online"), "1");
    assert_string_equal(fake_xs_value(BE "/params"), vbd5.params);
    assert_string_equal(fake_xs_value(BE "/mode"), "w");
    assert_string_equal(fake_xs_value(BE "/dev"), "xvdb");
    assert_int_equal(fake_xs_transactions_open(), 0);

    /* frontend: the guest owns it, dom0 may read */
    assert_int_equal(fake_xs_perms(FE, p, 4), 2);
    assert_int_equal(p[0].id, 5);
    assert_int_equal(p[0].perms, XS_PERM_NONE);
    assert_int_equal(p[1].id, 0);
    assert_int_equal(p[1].perms, XS_PERM_READ);
    /* ...and so do its nodes (inherited at creation) */
    assert_int_equal(fake_xs_perms(FE "/state", p, 4), 2);
    assert_int_equal(p[0].id, 5);
    /* backend: dom0 owns it, the guest may only read */
    assert_int_equal(fake_xs_perms(BE, p, 4), 2);
    assert_int_equal(p[0].id, 0);
    assert_int_equal(p[0].perms, XS_PERM_NONE);
    assert_int_equal(p[1].id, 5);
    assert_int_equal(p[1].perms, XS_PERM_READ);
    assert_int_equal(fake_xs_perms(BE "/params", p, 4), 2);
    assert_int_equal(p[0].id, 0);
    assert_int_equal(p[1].perms, XS_PERM_READ);
    /* the guest gets no access to the rest of our tree */
    assert_int_equal(fake_xs_perms(XB_BACKEND_ROOT "/5", p, 4), 1);
    assert_int_equal(p[0].id, 0);
    assert_int_equal(p[0].perms, XS_PERM_NONE);
}

static void create_refuses_existing(void **st)
{
    char err[XB_ERR_LEN] = "";
    struct xb_vbd ro = vbd5;
    int before;

    (void)st;
    assert_int_equal(xb_vbd_create(xs_open(0), &vbd5, 1, err, sizeof(err)), 0);
    before = fake_xs_count("/");
    ro.readonly = true;
    ro.params = "/other.img";
    assert_int_equal(xb_vbd_create(xs_open(0), &ro, 1, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "already has a device"));
    assert_int_equal(fake_xs_count("/"), before);
    assert_string_equal(fake_xs_value(BE "/params"), vbd5.params);
    assert_string_equal(fake_xs_value(BE "/mode"), "w");
}

static void create_is_all_or_nothing(void **st)
{
    struct xb_vbd two[2] = { vbd5, vbd5 };
    char err[XB_ERR_LEN];
    int k, base;

    (void)st;
    two[1].devid = 51744;
    two[1].vdev = "xvdc";
    two[1].readonly = true;
    base = fake_xs_count("/");
    /* fail the k-th write of the transaction, for every k: nothing stays */
    for (k = 1; k < 60; k++) {
        fake_xs_fail_after(k);
        err[0] = '\0';
        if (xb_vbd_create(xs_open(0), two, 2, err, sizeof(err)) == 0)
            break;
        assert_non_null(strstr(err, "cannot write"));
        assert_int_equal(fake_xs_count("/"), base);
        assert_int_equal(fake_xs_transactions_open(), 0);
    }
    assert_true(k > 20);                /* many distinct failure points were hit */
    fake_xs_fail_after(0);
    assert_string_equal(fake_xs_value(XB_BACKEND_ROOT "/5/51744/mode"), "r");
    assert_string_equal(fake_xs_value(FE "/state"), "1");
}

static void create_retries_conflicts_and_checks_input(void **st)
{
    char err[XB_ERR_LEN];
    struct xb_vbd v = vbd5;

    (void)st;
    fake_xs_conflicts(3);
    assert_int_equal(xb_vbd_create(xs_open(0), &v, 1, err, sizeof(err)), 0);
    assert_string_equal(fake_xs_value(BE "/state"), "1");
    setup_xs(NULL);
    fake_xs_conflicts(XB_TX_TRIES + 1);
    assert_int_equal(xb_vbd_create(xs_open(0), &v, 1, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "busy"));
    assert_false(fake_xs_exists(BE));
    fake_xs_conflicts(0);
    v.params = "relative.img";
    assert_int_equal(xb_vbd_create(xs_open(0), &v, 1, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "absolute"));
    v = vbd5;
    v.domid = 0;
    assert_int_equal(xb_vbd_create(xs_open(0), &v, 1, err, sizeof(err)), -1);
    assert_false(fake_xs_exists(XB_BACKEND_ROOT));
}

static void remove_leaves_nothing(void **st)
{
    struct xb_vbd v[3] = { vbd5, vbd5, vbd5 };
    char err[XB_ERR_LEN];
    uint32_t *ids;
    int n;

    (void)st;
    v[1].devid = 51744;
    v[2].domid = 6;
    fake_xs_set("/local/domain/6/device", "");
    assert_int_equal(xb_vbd_create(xs_open(0), v, 3, err, sizeof(err)), 0);
    ids = xb_vbd_list(xs_open(0), 5, &n);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 51728);
    assert_int_equal(ids[1], 51744);
    free(ids);
    /* a stray node in our tree is not a device */
    fake_xs_set(XB_BACKEND_ROOT "/5/junk", "x");
    ids = xb_vbd_list(xs_open(0), 5, &n);
    assert_int_equal(n, 2);
    free(ids);

    assert_int_equal(xb_vbd_remove(xs_open(0), 5, 51728, err, sizeof(err)), 0);
    assert_false(fake_xs_exists(FE));
    assert_false(fake_xs_exists(BE));
    assert_true(fake_xs_exists(XB_BACKEND_ROOT "/5/51744"));
    /* removing again is not an error */
    assert_int_equal(xb_vbd_remove(xs_open(0), 5, 51728, err, sizeof(err)), 0);

    assert_int_equal(xb_vbd_remove_domain(xs_open(0), 5, err, sizeof(err)), 0);
    assert_int_equal(fake_xs_count(XB_BACKEND_ROOT "/5"), 0);
    assert_int_equal(fake_xs_count("/local/domain/5/device/vbd/51744"), 0);
    /* the other guest is untouched */
    assert_string_equal(fake_xs_value(XB_BACKEND_ROOT "/6/51728/state"), "1");
    assert_int_equal(xb_vbd_remove_domain(xs_open(0), 6, err, sizeof(err)), 0);
    assert_int_equal(fake_xs_count(XB_BACKEND_ROOT "/6"), 0);
    /* no devices at all: still fine */
    assert_int_equal(xb_vbd_remove_domain(xs_open(0), 9, err, sizeof(err)), 0);
    assert_null(xb_vbd_list(xs_open(0), 9, &n));
    assert_int_equal(n, 0);
}

/* After libxl removed the guest's tree, and while xyl-blkback removes the
 * same device: removal still succeeds and leaves nothing. */
static void remove_races(void **st)
{
    char err[XB_ERR_LEN];

    (void)st;
    assert_int_equal(xb_vbd_create(xs_open(0), &vbd5, 1, err, sizeof(err)), 0);
    /* libxl's destroy: the whole /local/domain/5 is gone (rm of the
     * frontend would say EINVAL: its parent is missing too) */
    assert_true(xs_rm(xs_open(0), XBT_NULL, "/local/domain/5"));
    /* an operation inside our transaction fails once (xenstored's EIO when
     * another connection deletes the same nodes) */
    fake_xs_fail_after(1);
    assert_int_equal(xb_vbd_remove(xs_open(0), 5, 51728, err, sizeof(err)), 0);
    assert_int_equal(fake_xs_count(XB_BACKEND_ROOT "/5"), 0);
    assert_int_equal(fake_xs_transactions_open(), 0);
    /* failing every time: reported, nothing half-removed */
    assert_int_equal(xb_vbd_create(xs_open(0), &vbd5, 1, err, sizeof(err)), 0);
    fake_xs_fail_rm(true);
    assert_int_equal(xb_vbd_remove(xs_open(0), 5, 51728, err, sizeof(err)), -1);
    fake_xs_fail_rm(false);
    assert_non_null(strstr(err, "Input/output error"));
    assert_int_equal(fake_xs_transactions_open(), 0);
    assert_true(fake_xs_exists(FE "/state"));
    assert_true(fake_xs_exists(BE "/state"));
}

static void wait_for_backends(void **st)
{
    uint32_t ids[2] = { 51728, 51744 };
    struct xb_vbd v[2] = { vbd5, vbd5 };
    char err[XB_ERR_LEN];

    (void)st;
    v[1].devid = ids[1];
    assert_int_equal(xb_vbd_create(xs_open(0), v, 2, err, sizeof(err)), 0);
    /* one backend still Initialising: times out, naming it */
    fake_xs_set(BE "/state", "2");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 2, XenbusStateInitWait, 50,
                                      err, sizeof(err)), -1);
    assert_non_null(strstr(err, "51744"));
    assert_non_null(strstr(err, "Initialising"));
    assert_int_equal(fake_xs_watches(), 0);
    fake_xs_set(XB_BACKEND_ROOT "/5/51744/state", "4");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 2, XenbusStateInitWait, 50,
                                      err, sizeof(err)), 0);
    assert_int_equal(fake_xs_watches(), 0);
    /* the daemon gave up on a device: its error comes through */
    fake_xs_set(BE "/state", "6");
    fake_xs_set(BE "/error", "cannot open /x.img: No such file or directory");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 2, XenbusStateInitWait, 5000,
                                      err, sizeof(err)), -1);
    assert_non_null(strstr(err, "No such file"));
    /* a detach waits for Closed, through Closing */
    fake_xs_set(BE "/state", "4");
    assert_int_equal(xb_vbd_offline(xs_open(0), 5, 51728, err, sizeof(err)), 0);
    assert_string_equal(fake_xs_value(BE "/online"), "0");
    assert_string_equal(fake_xs_value(BE "/state"), "5");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 1, XenbusStateClosed, 20,
                                      err, sizeof(err)), -1);
    assert_non_null(strstr(err, "still Closing"));
    fake_xs_set(BE "/state", "6");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 1, XenbusStateClosed, 20,
                                      err, sizeof(err)), 0);
    assert_int_equal(xb_vbd_offline(xs_open(0), 5, 4242, err, sizeof(err)), -1);
    assert_false(fake_xs_exists(XB_BACKEND_ROOT "/5/4242"));
    fake_xs_set(BE "/online", "1");
    /* a garbage state counts as not there yet, not as a number */
    fake_xs_set(BE "/state", "2x");
    assert_int_equal(xb_wait_backends(xs_open(0), 5, ids, 1, XenbusStateInitWait, 20,
                                      err, sizeof(err)), -1);
    assert_int_equal(fake_xs_watches(), 0);
}

/* ---- xb_audit ---- */

static char audit_log[4096];

static bool alive_5_6(void *ctx, uint32_t domid)
{
    (void)ctx;
    return domid == 5 || domid == 6;
}

static void collect(void *ctx, const char *path, const char *problem)
{
    (void)ctx;
    snprintf(audit_log + strlen(audit_log), sizeof(audit_log) - strlen(audit_log),
             "%s: %s\n", path, problem);
}

static void audit(void **st)
{
    const struct xb_audit_ops ops = { alive_5_6, collect, NULL };
    struct xs_permissions guest_owned[1] = { { .id = 6, .perms = XS_PERM_NONE } };
    struct xs_permissions everyone_rw[1] = { { .id = 0, .perms = XS_PERM_READ | XS_PERM_WRITE } };
    struct xs_permissions guest_w[2] = { { .id = 0, .perms = XS_PERM_NONE },
                                         { .id = 5, .perms = XS_PERM_READ | XS_PERM_WRITE } };
    struct xb_vbd v[2] = { vbd5, vbd5 };
    char err[XB_ERR_LEN];

    (void)st;
    v[1].domid = 6;
    fake_xs_set("/local/domain/6/device", "");
    assert_int_equal(xb_vbd_create(xs_open(0), v, 2, err, sizeof(err)), 0);
    /* what xyl writes is clean */
    audit_log[0] = '\0';
    assert_int_equal(xb_audit(xs_open(0), &ops), 0);
    assert_string_equal(audit_log, "");

    /* a leftover of a dead guest, a backend node a guest owns, one anybody
     * may write, one with an explicit write grant */
    fake_xs_set("/local/domain/0/backend/vbd/9/51712/state", "4");
    fake_xs_set_perms(XB_BACKEND_ROOT "/6/51728/params", guest_owned, 1);
    fake_xs_set_perms(XB_BACKEND_ROOT "/5/51728/state", everyone_rw, 1);
    fake_xs_set_perms(XB_BACKEND_ROOT "/5/51728", guest_w, 2);
    assert_int_equal(xb_audit(xs_open(0), &ops), 4);
    assert_non_null(strstr(audit_log, "/local/domain/0/backend/vbd/9: backend of a domain that no longer exists"));
    assert_non_null(strstr(audit_log, XB_BACKEND_ROOT "/6/51728/params: domain 6 can write"));
    assert_non_null(strstr(audit_log, XB_BACKEND_ROOT "/5/51728/state: every domain can write"));
    assert_non_null(strstr(audit_log, XB_BACKEND_ROOT "/5/51728: domain 5 can write"));

    assert_true(xb_perms_writable_by(guest_w, 2, 5));
    assert_false(xb_perms_writable_by(guest_w, 2, 6));
    assert_true(xb_perms_writable_by(everyone_rw, 1, 6));
    assert_true(xb_perms_writable_by(guest_owned, 1, 6));
    assert_false(xb_perms_writable_by(guest_owned, 1, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_uint_accepts_plain_decimal),
        cmocka_unit_test(parse_uint_rejects_hostile),
        cmocka_unit_test(parse_state_bool_protocol),
        cmocka_unit_test(paths),
        cmocka_unit_test(state_handshake),
        cmocka_unit_test(state_teardown),
        cmocka_unit_test(state_hostile_frontend),
        cmocka_unit_test_setup(create_writes_both_sides, setup_xs),
        cmocka_unit_test_setup(create_refuses_existing, setup_xs),
        cmocka_unit_test_setup(create_is_all_or_nothing, setup_xs),
        cmocka_unit_test_setup(create_retries_conflicts_and_checks_input, setup_xs),
        cmocka_unit_test_setup(remove_leaves_nothing, setup_xs),
        cmocka_unit_test_setup(remove_races, setup_xs),
        cmocka_unit_test_setup(wait_for_backends, setup_xs),
        cmocka_unit_test_setup(audit, setup_xs),
    };

    return cmocka_run_group_tests_name("xenbus", tests, NULL, NULL);
}
