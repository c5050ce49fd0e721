/*
 * test_hotplug.c - device arguments of block-attach / network-attach: the
 * YAML item and xl spec forms parse like a definition's items, the rules
 * follow the running guest's type, and errors point into the argument.
 */
#include "unit.h"
#include "devices/hotplug.h"
#include "base/ident.h"

static struct hp_dom pv = { 7, (char *)"web", XYL_PV };
static struct hp_dom hvm = { 8, (char *)"win", XYL_HVM };

static void test_disk_yaml_item(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "disks", "{target: /img, vdev: xvdb}", &g, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(g.n_disks, 1);
    assert_string_equal(g.disks[0].parsed_vdev, "xvdb");
    assert_string_equal(g.disks[0].target, "/img");
    assert_false(g.disks[0].parsed_readonly);
    done(&g, &d);
}

static void test_disk_xl_spec(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "disks", "format=raw, vdev=xvdc, access=ro, target=/a,b",
                                   &g, &d), 0);
    assert_string_equal(g.disks[0].parsed_vdev, "xvdc");
    assert_true(g.disks[0].parsed_readonly);
    assert_string_equal(g.disks[0].target, "/a,b");
    done(&g, &d);
}

static void test_disk_unknown_key_points_into_argument(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "disks", "{target: /img, vdevv: xvdb}", &g, &d), -1);
    assert_diag(&d, "<argument>:1:16: error: unknown key 'vdevv'");
    assert_diag(&d, "did you mean 'vdev'?");
    done(&g, &d);
}

static void test_disk_cdrom_pv_needs_medium(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    /* an empty drive needs a device model to take a medium later */
    assert_int_equal(hp_parse_item(&pv, "disks", "{vdev: hdc, cdrom: true}", &g, &d), -1);
    assert_diag(&d, "empty CD-ROM drive; a pv guest cannot have a medium inserted later");
    done(&g, &d);
    /* one with a medium is read through blkfront */
    assert_int_equal(hp_parse_item(&pv, "disks", "{target: /iso/x.iso, vdev: xvdc, cdrom: true}",
                                   &g, &d), 0);
    assert_true(g.disks[0].parsed_cdrom);
    done(&g, &d);
    assert_int_equal(hp_parse_item(&hvm, "disks", "{vdev: hdc, cdrom: true}", &g, &d), 0);
    assert_true(g.disks[0].parsed_cdrom);
    done(&g, &d);
}

static void test_disk_yaml_syntax_error(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "disks", "{target: /img", &g, &d), -1);
    assert_diag(&d, "<argument>:1:");
    done(&g, &d);
    assert_int_equal(hp_parse_item(&pv, "disks", "", &g, &d), -1);
    assert_diag(&d, "<argument>:1:1: error: empty disk item");
    done(&g, &d);
}

static void test_nic_defaults_and_derived_mac(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    uint8_t want[6];
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "networks", "{}", &g, &d), 0);
    assert_int_equal(g.n_nics, 1);
    assert_null(g.nics[0].bridge);
    assert_true(g.nics[0].mac_derived);
    derive_mac("web", 0, want);
    assert_memory_equal(g.nics[0].macaddr, want, 6);
    done(&g, &d);
}

static void test_nic_xl_spec_and_rules(void **state)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    (void)state;
    assert_int_equal(hp_parse_item(&pv, "networks", "bridge=xenbr1,mac=00:16:3e:01:02:03",
                                   &g, &d), 0);
    assert_string_equal(g.nics[0].bridge, "xenbr1");
    assert_false(g.nics[0].mac_derived);
    done(&g, &d);
    /* model on a pv NIC: xl passes it to libxl (issue 13) */
    assert_int_equal(hp_parse_item(&pv, "networks", "{bridge: xenbr0, model: e1000}", &g, &d), 0);
    assert_string_equal(g.nics[0].model, "e1000");
    done(&g, &d);
    assert_int_equal(hp_parse_item(&pv, "networks", "bridge=xenbr0,mac=01:16:3e:01:02:03",
                                   &g, &d), -1);
    assert_diag(&d, "<argument>:1:15: error: mac '01:16:3e:01:02:03' is a multicast address");
    done(&g, &d);
}

static void test_arg_mark(void **state)
{
    struct ymark dflt = { 1, 1 }, m;
    (void)state;
    m = hp_arg_mark("{target: /img, vdev: xvdb}", "/img", dflt);
    assert_int_equal(m.line, 1);
    assert_int_equal(m.col, 10);
    m = hp_arg_mark("{target: /img}", "/nope", dflt);
    assert_int_equal(m.col, 1);
    m = hp_arg_mark("a\nbc /x", "/x", dflt);
    assert_int_equal(m.line, 2);
    assert_int_equal(m.col, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disk_yaml_item),
        cmocka_unit_test(test_disk_xl_spec),
        cmocka_unit_test(test_disk_unknown_key_points_into_argument),
        cmocka_unit_test(test_disk_cdrom_pv_needs_medium),
        cmocka_unit_test(test_disk_yaml_syntax_error),
        cmocka_unit_test(test_nic_defaults_and_derived_mac),
        cmocka_unit_test(test_nic_xl_spec_and_rules),
        cmocka_unit_test(test_arg_mark),
    };
    return cmocka_run_group_tests_name("hotplug", tests, NULL, NULL);
}
