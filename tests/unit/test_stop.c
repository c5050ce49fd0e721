/*
 * test_stop.c - how long a guest gets to shut down (stop_timeout): the
 * option, the definition, the record, the default, in that order; the
 * key's bounds in a definition; the record's value read strictly.
 */
#include "unit.h"
#include "domain/meta.h"
#include "domain/shutdown.h"

static void test_pick(void **state)
{
    (void)state;
    assert_int_equal(stop_timeout_pick(0, XYL_UNSET, 0), STOP_TIMEOUT_DEFAULT);
    assert_int_equal(stop_timeout_pick(0, XYL_UNSET, 45), 45);      /* a prune: the record */
    assert_int_equal(stop_timeout_pick(0, 600, 45), 600);           /* the new definition */
    assert_int_equal(stop_timeout_pick(20, 600, 45), 20);           /* --stop-timeout */
    assert_int_equal(stop_timeout_pick(0, 0, 0), STOP_TIMEOUT_DEFAULT);
}

static void test_record_value(void **state)
{
    (void)state;
    assert_int_equal(meta_parse_stop_timeout("120"), 120);
    assert_int_equal(meta_parse_stop_timeout("86400"), 86400);
    assert_int_equal(meta_parse_stop_timeout(NULL), 0);
    assert_int_equal(meta_parse_stop_timeout(""), 0);
    assert_int_equal(meta_parse_stop_timeout("0"), 0);
    assert_int_equal(meta_parse_stop_timeout("86401"), 0);
    assert_int_equal(meta_parse_stop_timeout("-5"), 0);
    assert_int_equal(meta_parse_stop_timeout(" 5"), 0);
    assert_int_equal(meta_parse_stop_timeout("5s"), 0);
    assert_int_equal(meta_parse_stop_timeout("99999999999999999999"), 0);
}

static void test_key(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    (void)state;

    assert_int_equal(load(&g, &d, "name: a\ntype: pv\nmemory: 256M\nkernel: /k\nstop_timeout: 600\n"), 0);
    assert_int_equal(g.stop_timeout, 600);
    done(&g, &d);
    assert_int_equal(load(&g, &d, "name: a\ntype: pv\nmemory: 256M\nkernel: /k\n"), 0);
    assert_true(g.stop_timeout == XYL_UNSET);
    done(&g, &d);
    assert_int_equal(load(&g, &d, "name: a\ntype: pv\nmemory: 256M\nkernel: /k\nstop_timeout: 90000\n"), 1);
    assert_diag(&d, "t.yaml:5:15: error: 'stop_timeout' must be between 1 and 86400");
    done(&g, &d);
    assert_int_equal(load(&g, &d, "name: a\ntype: pv\nmemory: 256M\nkernel: /k\nstop_timeout: soon\n"), 1);
    done(&g, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_record_value),
        cmocka_unit_test(test_key),
    };
    return cmocka_run_group_tests_name("stop_timeout", tests, NULL, NULL);
}
