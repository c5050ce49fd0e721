/*
 * test_model.c - guest_load_yaml(): YAML text -> struct xyl_guest.  Which
 * field each key lands in, what stays XYL_UNSET, and the disk spec string
 * synthesised from the mapping form (libxlutil parses that string later).
 */
#include "unit.h"
#include "model/schema_check.h"

#define MiB (1ULL << 20)

static const char minimal[] =
    "name: m\n"
    "type: pvh\n"
    "memory: 256\n"
    "kernel: /boot/vmlinuz\n";

static void test_defaults_unset(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, minimal), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(g.file, "t.yaml");
    assert_string_equal(g.name, "m");
    assert_int_equal(g.type, XYL_PVH);
    assert_int_equal(g.memory_bytes, 256 * MiB);
    assert_int_equal(g.maxmem_bytes, 0);
    assert_int_equal(g.vcpus, XYL_UNSET);
    assert_int_equal(g.maxvcpus, XYL_UNSET);
    assert_int_equal(g.on_poweroff, XYL_UNSET);
    assert_int_equal(g.on_reboot, XYL_UNSET);
    assert_int_equal(g.on_crash, XYL_UNSET);
    assert_int_equal(g.autostart, XYL_UNSET);
    assert_null(g.uuid_str);
    assert_null(g.ramdisk);
    assert_null(g.cmdline);
    assert_null(g.bootloader);
    assert_null(g.firmware);
    assert_string_equal(g.boot, "");
    assert_int_equal(g.n_disks, 0);
    assert_int_equal(g.n_nics, 0);
    assert_int_equal(g.xenstore.n, 0);
    assert_false(g.has_hvm);
    assert_int_equal(g.hvm.vnc.enable, XYL_UNSET);
    assert_int_equal(g.hvm.vnc.display, XYL_UNSET);
    assert_int_equal(g.hvm.viridian, XYL_UNSET);
    assert_int_equal(g.hvm.stdvga, XYL_UNSET);
    assert_int_equal(g.hvm.acpi, XYL_UNSET);
    assert_int_equal(g.hvm.pv_drivers, XYL_UNSET);
    assert_int_equal(g.hvm.vga, XYL_UNSET);
    assert_int_equal(g.hvm.videoram, XYL_UNSET);
    done(&g, &d);
}

static void test_top_level_fields(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: web-01\n"
        "type: pv\n"
        "uuid: 6a0e2c3b-8f4d-4e1a-9c7b-1d2e3f405162\n"
        "memory: 1G\n"
        "maxmem: 2048\n"
        "vcpus: 2\n"
        "maxvcpus: 8\n"
        "kernel: /boot/vmlinuz\n"
        "ramdisk: /boot/initrd\n"
        "cmdline: console=hvc0 root=/dev/xvda1\n"
        "on_poweroff: preserve\n"
        "on_reboot: rename-restart\n"
        "on_crash: soft-reset\n"
        "autostart: yes\n"), 0);
    assert_string_equal(g.name, "web-01");
    assert_int_equal(g.type, XYL_PV);
    assert_string_equal(g.uuid_str, "6a0e2c3b-8f4d-4e1a-9c7b-1d2e3f405162");
    assert_int_equal(libxl_uuid_bytearray(&g.uuid)[0], 0x6a);
    assert_int_equal(libxl_uuid_bytearray(&g.uuid)[15], 0x62);
    assert_int_equal(g.memory_bytes, 1024 * MiB);
    assert_int_equal(g.maxmem_bytes, 2048 * MiB);
    assert_int_equal(g.vcpus, 2);
    assert_int_equal(g.maxvcpus, 8);
    assert_string_equal(g.kernel, "/boot/vmlinuz");
    assert_string_equal(g.ramdisk, "/boot/initrd");
    assert_string_equal(g.cmdline, "console=hvc0 root=/dev/xvda1");
    /* action indexes follow xyl_action_names[] */
    assert_string_equal(xyl_action_names[g.on_poweroff], "preserve");
    assert_string_equal(xyl_action_names[g.on_reboot], "rename-restart");
    assert_string_equal(xyl_action_names[g.on_crash], "soft-reset");
    assert_int_equal(g.autostart, 1);
    done(&g, &d);
}

static void test_bootloader_and_boot_order(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: bl\ntype: pv\nmemory: 256M\n"
        "bootloader: pygrub\n"
        "bootloader_args: [--kernel=/vmlinuz, \"-q\"]\n"), 0);
    assert_string_equal(g.bootloader, "pygrub");
    assert_int_equal(g.bootloader_args.n, 2);
    assert_string_equal(g.bootloader_args.v[0], "--kernel=/vmlinuz");
    assert_string_equal(g.bootloader_args.v[1], "-q");
    done(&g, &d);

    assert_int_equal(load(&g, &d,
        "name: h\ntype: hvm\nmemory: 256M\nboot: [network, cdrom, disk]\n"
        "disks: [{vdev: hdc, cdrom: true}]\nnetworks: [{}]\n"), 0);
    assert_string_equal(g.boot, "ndc");     /* libxl's letters, in order */
    done(&g, &d);
}

static void test_hvm_nested(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: h\ntype: hvm\nmemory: 2G\nfirmware: uefi\n"
        "hvm:\n"
        "  vnc:\n"
        "    listen: 0.0.0.0\n"
        "    display: 3\n"
        "    password: pw\n"
        "  serial: pty\n"
        "  viridian: true\n"
        "  vga: qxl\n"
        "  videoram: 32\n"
        "  acpi: false\n"
        "  pv_drivers: on\n"), 0);
    assert_true(g.has_hvm);
    assert_string_equal(g.firmware, "uefi");
    assert_int_equal(g.hvm.vnc.enable, 1);      /* a mapping turns VNC on */
    assert_string_equal(g.hvm.vnc.listen, "0.0.0.0");
    assert_int_equal(g.hvm.vnc.display, 3);
    assert_string_equal(g.hvm.vnc.password, "pw");
    assert_string_equal(g.hvm.serial, "pty");
    assert_int_equal(g.hvm.viridian, 1);
    assert_string_equal(xyl_vga_names[g.hvm.vga], "qxl");
    assert_int_equal(g.hvm.stdvga, XYL_UNSET);
    assert_int_equal(g.hvm.videoram, 32);
    assert_int_equal(g.hvm.acpi, 0);
    assert_int_equal(g.hvm.pv_drivers, 1);
    done(&g, &d);
}

static void test_vnc_bool_or_mapping(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\nhvm: {vnc: false}\n"), 0);
    assert_int_equal(g.hvm.vnc.enable, 0);
    assert_null(g.hvm.vnc.listen);
    assert_int_equal(g.hvm.vnc.display, XYL_UNSET);
    done(&g, &d);

    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\nhvm: {vnc: true}\n"), 0);
    assert_int_equal(g.hvm.vnc.enable, 1);
    done(&g, &d);

    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\nhvm: {vnc: {display: 0}}\n"), 0);
    assert_int_equal(g.hvm.vnc.enable, 1);
    assert_int_equal(g.hvm.vnc.display, 0);
    done(&g, &d);

    /* neither a bool nor a mapping */
    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\nhvm: {vnc: [1]}\n"), 1);
    assert_diag(&d, "t.yaml:4:12: error: 'vnc' needs true or false, got a list");
    done(&g, &d);
}

/* mapping-form disks: the spec string libxlutil will parse */
static void test_disk_spec_synthesised(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: h\ntype: hvm\nmemory: 1G\n"
        "disks:\n"
        "  - target: /img/a.raw\n"          /* line 5 */
        "    vdev: xvda\n"
        "  - target: /iso/b.iso\n"          /* line 7 */
        "    vdev: hdc\n"
        "    cdrom: true\n"
        "    access: ro\n"
        "  - target: /img/c.qcow2\n"
        "    vdev: xvdb\n"
        "    format: qcow2\n"
        "    backend: qdisk\n"
        "  - target: /img/d,with,commas\n"
        "    vdev: xvdc\n"
        "    backend: phy\n"
        "  - target: /img/e\n"
        "    vdev: xvdd\n"
        "    backend: xyl\n"
        "    size: 2G\n"
        "  - \"vdev=xvde, target=/img/f\"\n"), 0);
    assert_int_equal(g.n_disks, 6);
    assert_string_equal(g.disks[0].spec, "format=raw, vdev=xvda, access=rw, target=/img/a.raw");
    assert_false(g.disks[0].from_string);
    assert_int_equal(g.disks[0].mark.line, 5);
    assert_int_equal(g.disks[0].mark.col, 5);
    assert_string_equal(g.disks[0].parsed_vdev, "xvda");
    assert_false(g.disks[0].parsed_readonly);
    assert_false(g.disks[0].parsed_cdrom);

    assert_string_equal(g.disks[1].spec,
                        "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/iso/b.iso");
    assert_true(g.disks[1].parsed_cdrom);
    assert_true(g.disks[1].parsed_readonly);
    assert_int_equal(g.disks[1].mark.line, 7);

    assert_string_equal(g.disks[2].spec,
                        "format=qcow2, vdev=xvdb, access=rw, backendtype=qdisk, target=/img/c.qcow2");
    /* target last: libxlutil takes the rest of the string, commas included */
    assert_string_equal(g.disks[3].spec,
                        "format=raw, vdev=xvdc, access=rw, backendtype=phy, target=/img/d,with,commas");
    assert_string_equal(g.disks[3].target, "/img/d,with,commas");
    /* backend xyl is not a libxl backend type: not in the spec */
    assert_string_equal(g.disks[4].spec, "format=raw, vdev=xvdd, access=rw, target=/img/e");
    assert_true(g.disks[4].is_xyl_backend);
    assert_int_equal(g.disks[4].size_bytes, 2048 * MiB);
    /* string form: kept verbatim; target filled from libxlutil's parse */
    assert_true(g.disks[5].from_string);
    assert_string_equal(g.disks[5].spec, "vdev=xvde, target=/img/f");
    assert_string_equal(g.disks[5].target, "/img/f");
    assert_string_equal(g.disks[5].parsed_vdev, "xvde");
    done(&g, &d);
}

static void test_empty_cdrom(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\n"
                                  "disks: [{vdev: hdc, cdrom: true}]\n"), 0);
    assert_string_equal(g.disks[0].spec, "format=raw, vdev=hdc, access=rw, devtype=cdrom, target=");
    done(&g, &d);
}

static void test_networks(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: n\ntype: hvm\nmemory: 1G\n"
        "networks:\n"
        "  - bridge: br0\n"
        "    mac: 00:16:3E:AB:cd:01\n"
        "    model: e1000\n"
        "    type: ioemu\n"
        "    rate: 10Mb/s\n"
        "  - \"bridge=br1, ip=10.0.0.1,script=vif-route,vifname=n1,type=vif\"\n"
        "  - {}\n"), 0);
    assert_int_equal(g.n_nics, 3);
    assert_string_equal(g.nics[0].bridge, "br0");
    assert_string_equal(g.nics[0].mac, "00:16:3E:AB:cd:01");
    assert_memory_equal(g.nics[0].macaddr, ((uint8_t[]){ 0x00, 0x16, 0x3e, 0xab, 0xcd, 0x01 }), 6);
    assert_false(g.nics[0].mac_derived);
    assert_int_equal(g.nics[0].mac_mark.line, 6);
    assert_int_equal(g.nics[0].mac_mark.col, 10);
    assert_string_equal(g.nics[0].model, "e1000");
    assert_int_equal(g.nics[0].type_idx, 1);
    assert_string_equal(g.nics[0].rate, "10Mb/s");

    assert_true(g.nics[1].from_string);
    assert_string_equal(g.nics[1].bridge, "br1");
    assert_string_equal(g.nics[1].ip, "10.0.0.1");
    assert_string_equal(g.nics[1].script, "vif-route");
    assert_string_equal(g.nics[1].vifname, "n1");
    assert_int_equal(g.nics[1].type_idx, 0);
    assert_null(g.nics[1].mac);
    assert_true(g.nics[1].mac_derived);

    assert_null(g.nics[2].bridge);                  /* libxl_map picks xenbr0 */
    assert_int_equal(g.nics[2].type_idx, XYL_UNSET);
    assert_true(g.nics[2].mac_derived);
    done(&g, &d);
}

static void test_string_items_errors(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: n\ntype: hvm\nmemory: 1G\n"
        "networks:\n"
        "  - \"bridge=br0,nonsense,type=tap\"\n"
        "  - bridge=br0,mdoel=e1000\n"), 3);
    /* columns point into the string: quoted item starts at col 5, text at 6 */
    assert_diag(&d, "t.yaml:5:17: error: network spec item 'nonsense' is not key=value");
    assert_diag(&d, "t.yaml:5:26: error: network type must be vif or ioemu, got 'tap'");
    /* plain scalar: no quote to skip */
    assert_diag(&d, "t.yaml:6:16: error: unknown network setting 'mdoel' (did you mean 'model'?)");
    done(&g, &d);
}

static void test_xenstore_map(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: x\ntype: pvh\nmemory: 256M\nkernel: /k\n"
        "xenstore:\n"
        "  role: web\n"
        "  owner/team: infra\n"
        "  port: 8080\n"
        "  empty:\n"
        "  flag: true\n"), 0);
    assert_int_equal(g.xenstore.n, 5);
    assert_string_equal(g.xenstore.v[0].key, "role");
    assert_string_equal(g.xenstore.v[0].value, "web");
    assert_int_equal(g.xenstore.v[0].mark.line, 6);
    assert_int_equal(g.xenstore.v[0].mark.col, 3);
    assert_string_equal(g.xenstore.v[1].key, "owner/team");
    assert_string_equal(g.xenstore.v[1].value, "infra");
    assert_string_equal(g.xenstore.v[2].value, "8080");     /* scalars as text */
    assert_string_equal(g.xenstore.v[3].value, "");         /* null -> empty */
    assert_string_equal(g.xenstore.v[4].value, "true");
    done(&g, &d);

    assert_int_equal(load(&g, &d,
        "name: x\ntype: pvh\nmemory: 256M\nkernel: /k\n"
        "xenstore:\n  a//b: 1\n  ok: 2\n  ok: 3\n"), 2);
    assert_diag(&d, "t.yaml:6:3: error: xenstore key 'a//b' must be a relative path");
    assert_diag(&d, "t.yaml:8:3: error: duplicate xenstore key 'ok' (first given at line 7)");
    done(&g, &d);
}

/* The type decides which keys apply, wherever it is written. */
static void test_type_read_first(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, "name: h\nhvm: {acpi: true}\nmemory: 1G\ntype: pv\nkernel: /k\n"), 1);
    assert_diag(&d, "t.yaml:2:1: error: 'hvm' applies to hvm guests only; this guest is pv");
    done(&g, &d);
}

static void test_errors_do_not_stop_loading(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d,
        "name: \"a/b\"\ntype: hvm\nmemory: 1X\nvcpus: 0\nmaxvcpus: x\nhvm: {vga: vga}\n"), 5);
    assert_int_equal(d.errors, 5);
    assert_diag(&d, "t.yaml:1:7: error: name 'a/b'");
    assert_diag(&d, "t.yaml:3:9: error: 'memory': unknown unit");
    assert_diag(&d, "t.yaml:4:8: error: 'vcpus' must be between 1 and 512, got 0");
    assert_diag(&d, "t.yaml:5:11: error: 'maxvcpus' must be an integer, got 'x'");
    assert_diag(&d, "t.yaml:6:12: error: 'vga' must be one of std, cirrus, none or qxl; got 'vga'");
    done(&g, &d);
}

static void test_warning_is_not_error(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, "name: h\ntype: hvm\nmemory: 1G\ncmdline: quiet\n"), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.errors, 0);
    assert_diag(&d, "t.yaml:4:1: warning: 'cmdline' has no effect without 'kernel' or 'bootloader'");
    done(&g, &d);
}

/* String keys: any scalar but a bare boolean; no control characters. */
static void test_string_values(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(load(&g, &d, "name: s\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "cmdline: 42\nbootloader: \"true\"\n"), 0);
    assert_string_equal(g.cmdline, "42");           /* numbers are text */
    assert_string_equal(g.bootloader, "true");      /* quoted: the word */
    done(&g, &d);

    assert_int_equal(load(&g, &d, "name: s\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "cmdline: yes\nramdisk: \"/i\\x1b[0m\"\n"), 2);
    assert_diag(&d, "t.yaml:5:10: error: 'cmdline' needs a string, got the boolean yes");
    assert_diag(&d, "t.yaml:6:10: error: 'ramdisk' contains a control character (byte 0x1b)");
    done(&g, &d);

    /* a tab is fine: xl.cfg spells it \t */
    assert_int_equal(load(&g, &d, "name: s\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "cmdline: \"a\\tb\"\n"), 0);
    assert_string_equal(g.cmdline, "a\tb");
    done(&g, &d);
}

/* guest_name_problem(): shared by the loader and the CLI (rename). */
static void test_name_rules(void **state)
{
    static const char *const good[] = { "web", "web-01", "a.b_c", "0x", "1a", "Domain-1",
        "web server", "Windows 10 test", "1 2",
        "a123456789b123456789c123456789d123456789e123456789f123456789g123" };   /* 64 */
    static const struct { const char *name, *why; } bad[] = {
        { "", "is empty" },
        { "a123456789b123456789c123456789d123456789e123456789f123456789g1234", "longer than 64" },
        { "12345", "all digits" },
        { "0", "all digits" },
        { " web", "starts or ends with a space" },
        { "web ", "starts or ends with a space" },
        { " ", "starts or ends with a space" },
        { "web\tserver", "may only contain" },
        { "web/1", "may only contain" },
        { "caf\xc3\xa9", "may only contain" },
        { "Domain-0", "reserved for dom0" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        const char *why = guest_name_problem(good[i]);
        if (why)
            fail_msg("name \"%s\" refused: %s", good[i], why);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = guest_name_problem(bad[i].name);
        if (!why || !strstr(why, bad[i].why))
            fail_msg("name \"%s\": got \"%s\", want \"%s\"", bad[i].name,
                     why ? why : "(accepted)", bad[i].why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_unset),
        cmocka_unit_test(test_top_level_fields),
        cmocka_unit_test(test_bootloader_and_boot_order),
        cmocka_unit_test(test_hvm_nested),
        cmocka_unit_test(test_vnc_bool_or_mapping),
        cmocka_unit_test(test_disk_spec_synthesised),
        cmocka_unit_test(test_empty_cdrom),
        cmocka_unit_test(test_networks),
        cmocka_unit_test(test_string_items_errors),
        cmocka_unit_test(test_xenstore_map),
        cmocka_unit_test(test_type_read_first),
        cmocka_unit_test(test_errors_do_not_stop_loading),
        cmocka_unit_test(test_warning_is_not_error),
        cmocka_unit_test(test_name_rules),
        cmocka_unit_test(test_string_values),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
