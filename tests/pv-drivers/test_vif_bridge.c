/*
 * test_vif_bridge.c - xyl-vif-bridge (issue 18) without Xen: libxl's
 * arguments and environment and hostile xenstore values are checked, and
 * the whole online/offline work runs against the running kernel in a
 * network namespace of the test's own (a bridge, a veth end playing the
 * vif netback makes) with xenstore as a table: bridge and MTU found as the
 * scripts find them, the vif in the bridge and up with the bridge's MTU,
 * `hotplug-status` connected, a second online harmless, vifname renames,
 * failures written as hotplug-error + hotplug-status error, offline taking
 * it out and offline of a vif already gone no error.
 *
 * The namespace part needs root and ip; skipped, and says so, without.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* unshare */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_hpxs.h"
#include "pv-drivers/hotplug/nl_link.h"
#include "pv-drivers/hotplug/vif_bridge.h"
#include "pv-drivers/hotplug/vif_req.h"

/* ---- the environment libxl gives, as a table ---- */
static const char *env_vif, *env_path, *env_iface, *env_type;

static const char *fake_env(const char *name)
{
    if (!strcmp(name, "vif"))
        return env_vif;
    if (!strcmp(name, "XENBUS_PATH"))
        return env_path;
    if (!strcmp(name, "INTERFACE"))
        return env_iface;
    if (!strcmp(name, "type_if"))
        return env_type;
    return NULL;
}

static int parse(int argc, char *const argv[], struct vif_req *r, char *why)
{
    return vif_req_parse(argc, argv, fake_env, r, why, 256);
}

static void test_parse_online(void **st)
{
    char *argv[] = { "xyl-vif-bridge", "online", "type_if=vif" };
    struct vif_req r;
    char why[256];

    (void)st;
    env_vif = "vif3.1"; env_path = "backend/vif/3/1"; env_iface = NULL; env_type = NULL;
    assert_int_equal(parse(3, argv, &r, why), 0);
    assert_int_equal(r.cmd, VIF_ONLINE);
    assert_false(r.tap);
    assert_false(r.nothing);
    assert_string_equal(r.dev, "vif3.1");
    assert_string_equal(r.be, "backend/vif/3/1");
    assert_int_equal(r.domid, 3);
    assert_int_equal(r.devid, 1);
    /* a driver domain's absolute path */
    env_path = "/local/domain/7/backend/vif/3/1";
    assert_int_equal(parse(3, argv, &r, why), 0);
    assert_int_equal(r.domid, 3);
}

static void test_parse_tap_and_nothing(void **st)
{
    char *add_tap[] = { "s", "add", "type_if=tap" };
    char *online_tap[] = { "s", "online", "type_if=tap" };
    char *add_vif[] = { "s", "add", "type_if=vif" };
    struct vif_req r;
    char why[256];

    (void)st;
    env_vif = "vif3.1"; env_path = "backend/vif/3/1"; env_iface = "vif12.0-emu"; env_type = NULL;
    assert_int_equal(parse(3, add_tap, &r, why), 0);
    assert_true(r.tap);
    assert_false(r.nothing);
    assert_string_equal(r.dev, "vif12.0-emu");
    assert_string_equal(r.be, "backend/vif/12/0");
    /* the pairs that are no work exit 0, as vif-common.sh */
    assert_int_equal(parse(3, online_tap, &r, why), 0);
    assert_true(r.nothing);
    assert_int_equal(parse(3, add_vif, &r, why), 0);
    assert_true(r.nothing);
    /* a TAP whose name is not libxl's has no backend to find */
    env_iface = "tap0";
    assert_int_equal(parse(3, add_tap, &r, why), -1);
    assert_non_null(strstr(why, "vifD.N-emu"));
}

static void test_parse_hostile(void **st)
{
    char *online[] = { "s", "online" };
    char *bad_cmd[] = { "s", "reboot" };
    char *no_cmd[] = { "s", "type_if=vif" };
    char *bad_type[] = { "s", "online", "type_if=ovs" };
    static const char *const bad_paths[] = {
        "backend/vbd/3/1", "backend/vif/3", "backend/vif/x/1", "backend/vif/3/1/../9",
        "backend/vif/03/1", "backend/vif/32752/0", "/local/domain/a/backend/vif/3/1",
        "backend/vif/3/99999999999", "../backend/vif/3/1", "backend/vif//1",
    };
    static const char *const bad_devs[] = {
        "", "vif3.1/x", "a:b", "sixteen_bytes_xx", ".", "..", "vif 3", "vif\t3", "vif\x01",
    };
    struct vif_req r;
    char why[256];
    size_t i;

    (void)st;
    env_vif = "vif3.1"; env_path = "backend/vif/3/1"; env_type = NULL;
    assert_int_equal(parse(2, bad_cmd, &r, why), -1);
    assert_non_null(strstr(why, "invalid command"));
    assert_int_equal(parse(2, no_cmd, &r, why), -1);
    assert_int_equal(parse(3, bad_type, &r, why), -1);
    for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
        env_path = bad_paths[i];
        assert_int_equal(parse(2, online, &r, why), -1);
    }
    env_path = NULL;
    assert_int_equal(parse(2, online, &r, why), -1);
    assert_non_null(strstr(why, "XENBUS_PATH"));
    env_path = "backend/vif/3/1";
    for (i = 0; i < sizeof(bad_devs) / sizeof(bad_devs[0]); i++) {
        env_vif = bad_devs[i];
        assert_int_equal(parse(2, online, &r, why), -1);
    }
    env_vif = NULL;
    assert_int_equal(parse(2, online, &r, why), -1);
}

static void test_checks(void **st)
{
    unsigned mtu = 0;

    (void)st;
    assert_true(vif_ifname_ok("xenbr0"));
    assert_true(vif_ifname_ok("fifteen_bytes_x"));
    assert_false(vif_ifname_ok("sixteen_bytes_xx"));
    assert_true(vif_ifname_ok("web-eth0.10@x+y"));
    assert_false(vif_ifname_ok("br 0"));
    assert_false(vif_ifname_ok("br0;reboot"));
    assert_false(vif_ifname_ok("br$(x)"));
    assert_false(vif_ifname_ok("br\xc3\xa9"));
    assert_false(vif_ifname_ok(NULL));
    assert_int_equal(vif_mtu_parse("1500", &mtu), 0);
    assert_int_equal(mtu, 1500);
    assert_int_equal(vif_mtu_parse("68", &mtu), 0);
    assert_int_equal(vif_mtu_parse("65535", &mtu), 0);
    assert_int_equal(vif_mtu_parse("67", &mtu), -1);
    assert_int_equal(vif_mtu_parse("65536", &mtu), -1);
    assert_int_equal(vif_mtu_parse("-1500", &mtu), -1);
    assert_int_equal(vif_mtu_parse("1500 ", &mtu), -1);
    assert_int_equal(vif_mtu_parse("01500", &mtu), -1);
    assert_int_equal(vif_mtu_parse("", &mtu), -1);
    assert_int_equal(vif_mtu_parse("99999999999", &mtu), -1);
}

/* a xenstore value holding a NUL byte: not cut there (that would turn
 * "br0\0;x" into the good name "br0"), made DEL, so refused */
static void test_xs_value(void **st)
{
    char v[VIF_XS_VALUE_MAX + 8];
    unsigned mtu = 0;

    (void)st;
    memcpy(v, "br0\0x!", 7);
    assert_int_equal(vif_xs_value(v, 5), 5);
    assert_string_equal(v, "br0\x7fx");
    assert_false(vif_ifname_ok(v));
    memcpy(v, "15\0" "0", 5);
    assert_int_equal(vif_xs_value(v, 4), 4);
    assert_int_equal(vif_mtu_parse(v, &mtu), -1);
    memset(v, 'a', sizeof(v));
    assert_int_equal(vif_xs_value(v, VIF_XS_VALUE_MAX + 7), VIF_XS_VALUE_MAX);
    assert_int_equal(strlen(v), VIF_XS_VALUE_MAX);
}

/* ---- the kernel, in a namespace ---- */
static bool have_ns;
static struct nl nl;

static int ns_setup(void **st)
{
    (void)st;
    if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0 ||
        system("ip link add xenbr0 type bridge && ip link set xenbr0 up && "
               "ip link add br9 type bridge && ip link set xenbr0 mtu 1400") != 0) {
        fprintf(stderr, "test_vif_bridge: namespace tests skipped: needs root, a network "
                "namespace and ip\n");
        return 0;
    }
    if (nl_open(&nl))
        return -1;
    have_ns = true;
    return 0;
}

static int ns_teardown(void **st)
{
    (void)st;
    if (have_ns)
        nl_close(&nl);
    return 0;
}

/* a fresh "vif" named name (a veth end, as netback's vif: down, in no
 * bridge) */
static void new_vif(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "ip link del %s 2>/dev/null; ip link add %s type veth peer name "
             "p-%s", name, name, name);
    assert_int_equal(system(cmd), 0);
}

/* a test's start: skipped without the namespace, an empty xenstore, a
 * fresh vif called vif */
static void fresh(const char *vif)
{
    if (!have_ns)
        skip();
    hpxs_reset();
    new_vif(vif);
}

static int run(const char *cmd, const char *vif, const char *path, char *why)
{
    char *argv[] = { "xyl-vif-bridge", (char *)cmd, "type_if=vif" };
    struct vif_req r;

    env_vif = vif; env_path = path; env_type = NULL; env_iface = NULL;
    if (parse(3, argv, &r, why))
        return -2;
    return vif_bridge_run(&r, &hpxs_tab, &nl, why, 256);
}

static void test_online_offline(void **st)
{
    struct nl_link br, v, first;
    char why[256];
    (void)st;

    fresh("vif4.0");
    assert_int_equal(nl_link_get(&nl, "xenbr0", &br), 0);
    assert_true(br.bridge);
    assert_int_equal(br.mtu, 1400);
    assert_int_equal(nl_link_get(&nl, "vif4.0", &v), 0);
    assert_false(v.bridge);
    assert_int_equal(v.master, 0);
    /* the first bridge in name order, as brctl show lists them */
    assert_int_equal(nl_first_bridge(&nl, &first), 0);
    assert_string_equal(first.name, "br9");
    assert_int_equal(nl_link_get(&nl, "nosuch0", &v), -ENODEV);

    /* online with the bridge named: in it, up, its MTU, connected */
    hpxs_put("backend/vif/4/0/bridge", "xenbr0");
    assert_int_equal(run("online", "vif4.0", "backend/vif/4/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "vif4.0", &v), 0);
    assert_int_equal(v.master, br.index);
    assert_true(v.flags & IFF_UP);
    assert_int_equal(v.mtu, 1400);
    assert_string_equal(hpxs_val("backend/vif/4/0/hotplug-status"), "connected");
    assert_string_equal(hpxs_val("/local/domain/4/device/vif/0/mtu"), "1400");
    assert_int_equal(system("ip link show vif4.0 | grep -q 'link/ether fe:ff:ff:ff:ff:ff'"), 0);
    /* again: harmless */
    assert_int_equal(run("online", "vif4.0", "backend/vif/4/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "vif4.0", &v), 0);
    assert_int_equal(v.master, br.index);
    assert_true(v.flags & IFF_UP);

    /* offline: down and out; then offline again, the vif gone: no error */
    assert_int_equal(run("offline", "vif4.0", "backend/vif/4/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "vif4.0", &v), 0);
    assert_int_equal(v.master, 0);
    assert_false(v.flags & IFF_UP);
    assert_int_equal(system("ip link del vif4.0"), 0);
    assert_int_equal(run("offline", "vif4.0", "backend/vif/4/0", why), 0);
}

static void test_default_bridge_and_mtu_node(void **st)
{
    struct nl_link br9, v;
    char why[256];
    (void)st;

    fresh("vif5.1");
    /* no bridge node: the first bridge (br9); the backend's mtu wins */
    hpxs_put("backend/vif/5/1/mtu", "1280");
    assert_int_equal(run("online", "vif5.1", "backend/vif/5/1", why), 0);
    assert_int_equal(nl_link_get(&nl, "br9", &br9), 0);
    assert_int_equal(nl_link_get(&nl, "vif5.1", &v), 0);
    assert_int_equal(v.master, br9.index);
    assert_int_equal(v.mtu, 1280);
    assert_string_equal(hpxs_val("/local/domain/5/device/vif/1/mtu"), "1280");
    assert_int_equal(system("ip link del vif5.1"), 0);
}

static void test_vifname(void **st)
{
    struct nl_link v;
    char why[256];
    (void)st;

    fresh("vif6.0");
    hpxs_put("backend/vif/6/0/bridge", "xenbr0");
    hpxs_put("backend/vif/6/0/vifname", "web-eth0");
    assert_int_equal(run("online", "vif6.0", "backend/vif/6/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "vif6.0", &v), -ENODEV);
    assert_int_equal(nl_link_get(&nl, "web-eth0", &v), 0);
    assert_true(v.master > 0);
    /* online again: already renamed, no error */
    assert_int_equal(run("online", "vif6.0", "backend/vif/6/0", why), 0);
    /* offline finds it by its new name */
    assert_int_equal(run("offline", "vif6.0", "backend/vif/6/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "web-eth0", &v), 0);
    assert_int_equal(v.master, 0);
    /* a name already taken: refused, as rename_vif */
    new_vif("vif6.1");
    hpxs_put("backend/vif/6/1/vifname", "web-eth0");
    assert_int_equal(run("online", "vif6.1", "backend/vif/6/1", why), -1);
    assert_non_null(strstr(why, "already exists"));
    assert_string_equal(hpxs_val("backend/vif/6/1/hotplug-status"), "error");
    assert_int_equal(system("ip link del web-eth0 && ip link del vif6.1"), 0);
}

static void test_failures_reported(void **st)
{
    struct nl_link v;
    char why[256];
    (void)st;

    fresh("vif7.0");
    /* each hostile or wrong node: one reason, hotplug-error + status error,
     * the vif left out of any bridge */
    static const struct { const char *node, *value, *says; } bad[] = {
        { "bridge", "nosuchbr", "Could not find bridge device nosuchbr" },
        { "bridge", "br0;reboot", "not an interface name" },
        { "bridge", "xenbr0/../x", "not an interface name" },
        { "mtu", "9x", "not a number" },
        { "vifname", "a:b", "not an interface name" },
    };
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char node[64];
        hpxs_reset();
        snprintf(node, sizeof(node), "backend/vif/7/0/%s", bad[i].node);
        hpxs_put(node, bad[i].value);
        assert_int_equal(run("online", "vif7.0", "backend/vif/7/0", why), -1);
        assert_non_null(strstr(why, bad[i].says));
        assert_string_equal(hpxs_val("backend/vif/7/0/hotplug-status"), "error");
        assert_string_equal(hpxs_val("backend/vif/7/0/hotplug-error"), why);
        assert_int_equal(nl_link_get(&nl, "vif7.0", &v), 0);
        assert_int_equal(v.master, 0);
    }
    /* the vif missing */
    hpxs_reset();
    assert_int_equal(run("online", "vif7.9", "backend/vif/7/9", why), -1);
    assert_non_null(strstr(why, "Could not find interface vif7.9"));
    /* xenstore refusing the write of connected: a failure */
    hpxs_reset();
    hpxs_put("backend/vif/7/0/bridge", "xenbr0");
    hpxs_fail_writes = 1;
    assert_int_equal(run("online", "vif7.0", "backend/vif/7/0", why), -1);
    assert_non_null(strstr(why, "xenstore failed"));
    assert_int_equal(system("ip link del vif7.0"), 0);
}

static void test_old_xenbr_name(void **st)
{
    struct nl_link v, eth;
    char why[256];
    (void)st;

    fresh("vif8.0");
    /* xenbr3 asked for, only eth3 there and a bridge: eth3 (vif-bridge) */
    assert_int_equal(system("ip link add eth3 type bridge"), 0);
    hpxs_put("backend/vif/8/0/bridge", "xenbr3");
    assert_int_equal(run("online", "vif8.0", "backend/vif/8/0", why), 0);
    assert_int_equal(nl_link_get(&nl, "eth3", &eth), 0);
    assert_int_equal(nl_link_get(&nl, "vif8.0", &v), 0);
    assert_int_equal(v.master, eth.index);
    assert_int_equal(system("ip link del vif8.0 && ip link del eth3"), 0);
}

static void test_tap_add(void **st)
{
    char *argv[] = { "xyl-vif-bridge", "add", "type_if=tap" };
    struct nl_link br, v;
    struct vif_req r;
    char why[256];
    (void)st;

    fresh("vif9.0-emu");
    hpxs_put("backend/vif/9/0/bridge", "xenbr0");
    env_iface = "vif9.0-emu"; env_type = NULL;
    assert_int_equal(parse(3, argv, &r, why), 0);
    assert_int_equal(vif_bridge_run(&r, &hpxs_tab, &nl, why, sizeof(why)), 0);
    assert_int_equal(nl_link_get(&nl, "xenbr0", &br), 0);
    assert_int_equal(nl_link_get(&nl, "vif9.0-emu", &v), 0);
    assert_int_equal(v.master, br.index);
    /* a TAP's add writes neither hotplug-status nor the frontend's mtu */
    assert_null(hpxs_val("backend/vif/9/0/hotplug-status"));
    assert_null(hpxs_val("/local/domain/9/device/vif/0/mtu"));
    assert_int_equal(system("ip link del vif9.0-emu"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_online),
        cmocka_unit_test(test_parse_tap_and_nothing),
        cmocka_unit_test(test_parse_hostile),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_xs_value),
        cmocka_unit_test(test_online_offline),
        cmocka_unit_test(test_default_bridge_and_mtu_node),
        cmocka_unit_test(test_vifname),
        cmocka_unit_test(test_failures_reported),
        cmocka_unit_test(test_old_xenbr_name),
        cmocka_unit_test(test_tap_add),
    };
    return cmocka_run_group_tests(tests, ns_setup, ns_teardown);
}
