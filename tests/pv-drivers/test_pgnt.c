/*
 * test_pgnt.c - cmocka tests of xyl-blkback's persistent grants
 * (blk_pgnt.c) on the fake Xen: a reference is mapped once and found
 * again, the table never holds more than BLK_PGNT_MAX pages however many
 * references a guest names, a reference Xen refuses is asked for once, and
 * the release unmaps exactly what was mapped (the fake aborts otherwise).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <xengnttab.h>

#include "pv-drivers/blkback/blk_pgnt.h"
#include "fake_xen.h"

static xengnttab_handle *xgt;

static int setup(void **st)
{
    (void)st;
    fake_xen_reset();
    xgt = xengnttab_open(NULL, 0);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    assert_int_equal(fake_xen_maps(), 0);
    return 0;
}

static void maps_once_and_reuses(void **st)
{
    struct blk_pgnt t = { 0 };
    uint8_t *a, *b;

    (void)st;
    a = blk_pgnt_get(&t, xgt, 1, 42);
    assert_non_null(a);
    b = blk_pgnt_get(&t, xgt, 1, 42);
    assert_ptr_equal(a, b);
    assert_int_equal(fake_xen_maps(), 1);
    assert_int_equal(t.maps, 1);
    assert_int_equal(t.hits, 1);
    assert_int_equal(blk_pgnt_mapped(&t), 1);
    blk_pgnt_release(&t, xgt);
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(blk_pgnt_mapped(&t), 0);
    /* usable again after a release (a reconnect) */
    assert_non_null(blk_pgnt_get(&t, xgt, 1, 42));
    blk_pgnt_release(&t, xgt);
}

/* A guest naming many more references than the bound: never more than
 * BLK_PGNT_MAX pages, every reference that got a page finds the same one
 * again, and the ones without get NULL (copied instead). */
static void bounded_by_max(void **st)
{
    struct blk_pgnt t = { 0 };
    static uint8_t *got[3 * BLK_PGNT_MAX + 1];
    unsigned ref, with = 0;

    (void)st;
    for (ref = 1; ref <= 3 * BLK_PGNT_MAX; ref++) {
        got[ref] = blk_pgnt_get(&t, xgt, 1, ref * 7919u % 99991u);
        with += got[ref] != NULL;
    }
    assert_true(with <= BLK_PGNT_MAX);
    assert_true(with >= BLK_PGNT_MAX / 2);      /* the table does fill */
    assert_int_equal(fake_xen_maps(), (int)with);
    assert_int_equal(blk_pgnt_mapped(&t), with);
    for (ref = 1; ref <= 3 * BLK_PGNT_MAX; ref++)
        assert_ptr_equal(blk_pgnt_get(&t, xgt, 1, ref * 7919u % 99991u), got[ref]);
    assert_int_equal(fake_xen_maps(), (int)with);
    assert_true(t.full > 0);
    blk_pgnt_release(&t, xgt);
}

/* References that all start their probe run at one slot (found by
 * searching, as a hostile guest would): at most BLK_PGNT_PROBE of them are
 * kept, so no lookup walks further. */
static void probe_run_bounded(void **st)
{
    struct blk_pgnt t = { 0 };
    uint8_t *first;
    unsigned ref, kept = 0, tried = 0;

    (void)st;
    /* references whose home slot is the one of ref 1: each new one either
     * joins its run or, past BLK_PGNT_PROBE, is refused a slot */
    first = blk_pgnt_get(&t, xgt, 1, 1);
    assert_non_null(first);
    kept = 1;
    for (ref = 2; ref < 99999 && tried < 20; ref++) {
        if (blk_pgnt_home(ref) != blk_pgnt_home(1))
            continue;
        tried++;
        kept += blk_pgnt_get(&t, xgt, 1, ref) != NULL;
    }
    assert_int_equal(tried, 20);
    assert_true(kept <= BLK_PGNT_PROBE);
    assert_ptr_equal(blk_pgnt_get(&t, xgt, 1, 1), first);
    blk_pgnt_release(&t, xgt);
}

/* Refs 0 and >= 100000 are refused by the fake Xen: NULL, asked once. */
static void refused_asked_once(void **st)
{
    struct blk_pgnt t = { 0 };

    (void)st;
    assert_null(blk_pgnt_get(&t, xgt, 1, 0));
    assert_null(blk_pgnt_get(&t, xgt, 1, 0));
    assert_null(blk_pgnt_get(&t, xgt, 1, 200000));
    assert_int_equal(t.refused, 2);
    assert_int_equal(fake_xen_maps(), 0);
    assert_int_equal(blk_pgnt_mapped(&t), 0);
    blk_pgnt_release(&t, xgt);          /* nothing to unmap for them */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(maps_once_and_reuses),
        T(bounded_by_max),
        T(probe_run_bounded),
        T(refused_asked_once),
#undef T
    };

    return cmocka_run_group_tests_name("persistent grants", tests, NULL, NULL);
}
