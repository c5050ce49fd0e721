/*
 * test_hostcheck.c - host-check's checks and net-list's bridge scan on the
 * fake /proc and /sys trees in tests/unit/hostcheck-root/ (dom0: a PV dom0
 * with one module and xenconsoled missing; plain: Linux without Xen;
 * domu: a Xen guest), with and without libxl's facts.
 */
#include "unit.h"
#include "host/hostcheck.h"

#include <libgen.h>

static char roots[3][4096];     /* dom0, plain, domu */

/* the trees sit beside this file; the tests run from the repo root */
static int setup(void **state)
{
    char here[4096], *dir;
    (void)state;
    snprintf(here, sizeof(here), "%s", __FILE__);
    dir = dirname(here);
    snprintf(roots[0], sizeof(roots[0]), "%s/hostcheck-root/dom0", dir);
    snprintf(roots[1], sizeof(roots[1]), "%s/hostcheck-root/plain", dir);
    snprintf(roots[2], sizeof(roots[2]), "%s/hostcheck-root/domu", dir);
    return 0;
}

static const struct hc_item *item(const struct hc_report *r, const char *check)
{
    int i;
    for (i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].check, check))
            return &r->v[i];
    return NULL;
}

#define assert_check(r, name, st, text) do {                                  \
        const struct hc_item *it_ = item((r), (name));                        \
        if (!it_)                                                             \
            fail_msg("no check %s", (name));                                  \
        if (it_->status != (st) || !strstr(it_->detail, (text)))              \
            fail_msg("%s: %s '%s', want %s '...%s...'", (name),               \
                     hc_status_name(it_->status), it_->detail,                \
                     hc_status_name(st), (text));                             \
    } while (0)

static const struct hc_xen facts = {
    "4.17.3", true, true, true, false, false, 2048, 4096,
};

static void test_dom0_with_libxl(void **state)
{
    struct hc_report r = { 0 };
    (void)state;
    assert_true(hostcheck_is_dom0(roots[0]));
    hostcheck_run(roots[0], &facts, &r);
    assert_check(&r, "cpu-virt", HC_OK, "in use by Xen");
    assert_check(&r, "xen", HC_OK, "dom0");
    assert_check(&r, "xen-version", HC_OK, "Xen 4.17.3");
    assert_check(&r, "xen-pv", HC_OK, "PV");
    assert_check(&r, "xen-hvm", HC_OK, "HVM");
    assert_check(&r, "xen-hap", HC_OK, "EPT/NPT");
    assert_check(&r, "xen-iommu", HC_WARN, "no IOMMU");
    assert_check(&r, "xen-shadow", HC_WARN, "cannot be migrated live");
    assert_check(&r, "module:xen_evtchn", HC_OK, "loaded");        /* /sys/module */
    assert_check(&r, "module:xen_gntdev", HC_OK, "loaded");        /* /proc/modules */
    assert_check(&r, "module:xen_blkback", HC_OK, "loaded");
    assert_check(&r, "module:xen_netback", HC_WARN, "not loaded");
    assert_string_equal(item(&r, "module:xen_netback")->fix, "modprobe xen-netback");
    assert_null(item(&r, "module:xen_evtchn")->fix);
    assert_check(&r, "xenstored", HC_OK, "running");
    assert_check(&r, "xenconsoled", HC_WARN, "not running");
    assert_non_null(item(&r, "xenconsoled")->fix);
    assert_check(&r, "bridges", HC_OK, "virbr1 (down, 0 ports), xenbr0 (up, 3 ports)");
    assert_check(&r, "memory", HC_OK, "2048 MiB of 4096 MiB free in Xen");
    assert_check(&r, "pvgrub", HC_WARN, "3 of 3 GRUB images");     /* no grub-xen-host */
    assert_string_equal(item(&r, "pvgrub")->fix, "apt-get install grub-xen-host");
    assert_int_equal(hostcheck_worst(&r), HC_WARN);
    hc_report_free(&r);
}

static void test_dom0_without_libxl(void **state)
{
    struct hc_report r = { 0 };
    (void)state;
    hostcheck_run(roots[0], NULL, &r);
    /* a PV dom0 does not see vmx/svm, and this one runs nested */
    assert_check(&r, "cpu-virt", HC_WARN, "no vmx/svm");
    assert_check(&r, "xen-version", HC_OK, "Xen 4.17.3-pre");      /* from sysfs */
    assert_null(item(&r, "xen-hvm"));
    assert_check(&r, "memory", HC_OK, "768 MiB available to Linux");
    hc_report_free(&r);
}

static void test_dom0_missing_gntdev_fails(void **state)
{
    struct hc_report r = { 0 };
    char tmp[] = "/tmp/hc-XXXXXX", cmd[8192];
    (void)state;
    /* a copy of the dom0 tree without xen_gntdev and xenstored */
    assert_non_null(mkdtemp(tmp));
    snprintf(cmd, sizeof(cmd), "cp -r %s/. %s && sed -i /xen_gntdev/d %s/proc/modules && rm %s/proc/200/comm",
             roots[0], tmp, tmp, tmp);
    assert_int_equal(system(cmd), 0);
    hostcheck_run(tmp, &facts, &r);
    assert_check(&r, "module:xen_gntdev", HC_FAIL, "not loaded");
    assert_check(&r, "xenstored", HC_FAIL, "not running");
    assert_int_equal(hostcheck_worst(&r), HC_FAIL);
    hc_report_free(&r);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
    assert_int_equal(system(cmd), 0);
}

/* grub-xen-host's three images (Debian's file list): pvgrub OK; one gone: WARN */
static void test_dom0_pvgrub(void **state)
{
    struct hc_report r = { 0 };
    char tmp[] = "/tmp/hc-XXXXXX", cmd[8192];
    (void)state;
    assert_non_null(mkdtemp(tmp));
    snprintf(cmd, sizeof(cmd), "cp -r %s/. %s && mkdir -p %s/usr/lib/grub-xen && cd %s/usr/lib/grub-xen && "
             "touch grub-x86_64-xen.bin grub-i386-xen.bin grub-i386-xen_pvh.bin", roots[0], tmp, tmp, tmp);
    assert_int_equal(system(cmd), 0);
    hostcheck_run(tmp, &facts, &r);
    assert_check(&r, "pvgrub", HC_OK, "/usr/lib/grub-xen");
    assert_null(item(&r, "pvgrub")->fix);
    hc_report_free(&r);
    snprintf(cmd, sizeof(cmd), "rm %s/usr/lib/grub-xen/grub-i386-xen_pvh.bin", tmp);
    assert_int_equal(system(cmd), 0);
    hostcheck_run(tmp, &facts, &r);
    assert_check(&r, "pvgrub", HC_WARN, "1 of 3 GRUB images");
    hc_report_free(&r);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
    assert_int_equal(system(cmd), 0);
}

static void test_plain_linux(void **state)
{
    struct hc_report r = { 0 };
    (void)state;
    assert_false(hostcheck_is_dom0(roots[1]));
    hostcheck_run(roots[1], NULL, &r);
    assert_check(&r, "cpu-virt", HC_OK, "Intel VT-x (vmx)");
    assert_check(&r, "xen", HC_FAIL, "not running on Xen");
    assert_non_null(item(&r, "xen")->fix);
    assert_null(item(&r, "xen-version"));
    assert_null(item(&r, "module:xen_evtchn"));    /* dom0-only checks are skipped */
    assert_null(item(&r, "xenstored"));
    assert_check(&r, "bridges", HC_WARN, "no Linux bridge");
    assert_check(&r, "memory", HC_OK, "4096 MiB");
    assert_int_equal(hostcheck_worst(&r), HC_FAIL);
    hc_report_free(&r);
}

static void test_domu(void **state)
{
    struct hc_report r = { 0 };
    (void)state;
    assert_false(hostcheck_is_dom0(roots[2]));
    hostcheck_run(roots[2], NULL, &r);
    assert_check(&r, "xen", HC_FAIL, "domU");
    assert_check(&r, "xen-version", HC_WARN, "unknown");
    assert_check(&r, "cpu-virt", HC_WARN, "without nested virtualization");
    assert_check(&r, "memory", HC_WARN, "100 MiB");
    hc_report_free(&r);
}

static void test_missing_root(void **state)
{
    struct hc_report r = { 0 };
    (void)state;
    hostcheck_run("/nonexistent-xyl-root", NULL, &r);
    assert_check(&r, "cpu-virt", HC_WARN, "cannot read");
    assert_check(&r, "memory", HC_WARN, "cannot read");
    hc_report_free(&r);
}

static void test_bridges(void **state)
{
    struct hc_bridge *b;
    int n;
    (void)state;
    n = hostcheck_bridges(roots[0], &b);
    assert_int_equal(n, 2);
    assert_string_equal(b[0].name, "virbr1");
    assert_string_equal(b[0].state, "down");
    assert_false(b[0].admin_up);
    assert_int_equal(b[0].n_ports, 0);
    assert_string_equal(b[1].name, "xenbr0");
    assert_true(b[1].admin_up);
    assert_int_equal(b[1].n_ports, 3);
    assert_string_equal(b[1].ports[0].ifname, "eth0");
    assert_int_equal(b[1].ports[0].domid, -1);
    assert_string_equal(b[1].ports[1].ifname, "vif3.0");
    assert_int_equal(b[1].ports[1].domid, 3);
    assert_int_equal(b[1].ports[1].devid, 0);
    assert_int_equal(b[1].ports[2].domid, 7);
    hostcheck_bridges_free(b, n);
    assert_int_equal(hostcheck_bridges(roots[1], &b), 0);
    hostcheck_bridges_free(b, 0);
}

static void test_parse_vif(void **state)
{
    int d = -9, n = -9;
    (void)state;
    assert_int_equal(hostcheck_parse_vif("vif12.1", &d, &n), 0);
    assert_int_equal(d, 12);
    assert_int_equal(n, 1);
    assert_int_equal(hostcheck_parse_vif("vif5.0-emu", &d, &n), 0);
    assert_int_equal(d, 5);
    assert_int_equal(hostcheck_parse_vif("tap9.2", &d, &n), 0);
    assert_int_equal(d, 9);
    assert_int_equal(n, 2);
    assert_int_equal(hostcheck_parse_vif("vif3", &d, &n), -1);
    assert_int_equal(hostcheck_parse_vif("vifx.0", &d, &n), -1);
    assert_int_equal(hostcheck_parse_vif("vif3.0x", &d, &n), -1);
    assert_int_equal(hostcheck_parse_vif("vif3.", &d, &n), -1);
    assert_int_equal(hostcheck_parse_vif("eth0", &d, &n), -1);
    assert_int_equal(hostcheck_parse_vif("vif99999.0", &d, &n), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dom0_with_libxl),
        cmocka_unit_test(test_dom0_without_libxl),
        cmocka_unit_test(test_dom0_missing_gntdev_fails),
        cmocka_unit_test(test_dom0_pvgrub),
        cmocka_unit_test(test_plain_linux),
        cmocka_unit_test(test_domu),
        cmocka_unit_test(test_missing_root),
        cmocka_unit_test(test_bridges),
        cmocka_unit_test(test_parse_vif),
    };
    return cmocka_run_group_tests_name("hostcheck", tests, setup, NULL);
}
