/*
 * test_libxl_map.c - guest_to_libxl(): the libxl_domain_config fields xyl
 * sets, checked on the struct (the golden tier compares the JSON with
 * real xl's).  Every config is disposed, so ASan's leak check covers the
 * mapping's allocations too.
 */
#include <stdlib.h>
#include "unit.h"
#include "base/ident.h"
#include "xen/libxl_map.h"
#include "base/util.h"

#include <libxl_utils.h>

struct mapped {
    struct xyl_guest g;
    struct diags d;
    libxl_domain_config dc;
};

static void map(struct mapped *m, const char *yaml)
{
    memset(m, 0, sizeof(*m));
    if (load(&m->g, &m->d, yaml)) {
        char *txt = diag_text(&m->d);
        fail_msg("does not load:\n%s", txt);
    }
    assert_int_equal(guest_to_libxl(&m->g, NULL, &m->dc, &m->d), 0);
}

static void unmap(struct mapped *m)
{
    libxl_domain_config_dispose(&m->dc);
    done(&m->g, &m->d);
}

static void test_memory_and_vcpus(void **state)
{
    struct mapped m;
    libxl_domain_build_info *b = &m.dc.b_info;
    int i;

    (void)state;
    map(&m, "name: m\ntype: pvh\nmemory: 512M\nmaxmem: 1G\nvcpus: 3\nmaxvcpus: 10\nkernel: /k\n");
    assert_int_equal(m.dc.c_info.type, LIBXL_DOMAIN_TYPE_PVH);
    assert_string_equal(m.dc.c_info.name, "m");
    assert_int_equal(b->type, LIBXL_DOMAIN_TYPE_PVH);
    assert_int_equal(b->target_memkb, 512 * 1024);
    assert_int_equal(b->max_memkb, 1024 * 1024);
    assert_int_equal(b->max_vcpus, 10);
    /* online at start: exactly vcpus 0..2 */
    for (i = 0; i < 16; i++)
        assert_int_equal(libxl_bitmap_test(&b->avail_vcpus, i), i < 3);
    assert_int_equal(libxl_bitmap_count_set(&b->avail_vcpus), 3);
    assert_string_equal(b->kernel, "/k");
    assert_true(libxl_defbool_val(m.dc.c_info.run_hotplug_scripts));
    assert_true(libxl_defbool_val(b->claim_mode));
    unmap(&m);
}

static void test_defaults(void **state)
{
    struct mapped m;
    libxl_domain_build_info *b = &m.dc.b_info;
    libxl_uuid nil;

    (void)state;
    map(&m, "name: d\ntype: pv\nmemory: 256\nkernel: /k\n");
    assert_int_equal(m.dc.c_info.type, LIBXL_DOMAIN_TYPE_PV);
    assert_int_equal(b->target_memkb, 256 * 1024);
    assert_int_equal(b->max_memkb, 256 * 1024);         /* maxmem defaults to memory */
    assert_int_equal(b->max_vcpus, 1);
    assert_int_equal(libxl_bitmap_count_set(&b->avail_vcpus), 1);
    assert_true(libxl_bitmap_test(&b->avail_vcpus, 0));
    /* xl's defaults, always written out */
    assert_int_equal(m.dc.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    assert_int_equal(m.dc.on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    assert_int_equal(m.dc.on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    assert_int_equal(m.dc.on_watchdog, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    assert_int_equal(m.dc.on_soft_reset, LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET);
    /* the derived UUID lands in c_info */
    libxl_uuid_clear(&nil);
    assert_int_not_equal(libxl_uuid_compare(&m.dc.c_info.uuid, &nil), 0);
    assert_int_equal(libxl_uuid_compare(&m.dc.c_info.uuid, &m.g.uuid), 0);
    assert_int_equal(m.dc.num_disks, 0);
    assert_int_equal(m.dc.num_nics, 0);
    unmap(&m);
}

static void test_actions(void **state)
{
    struct mapped m;
    (void)state;
    map(&m, "name: a\ntype: pv\nmemory: 256\nkernel: /k\n"
            "on_poweroff: preserve\non_reboot: coredump-restart\non_crash: rename-restart\n");
    assert_int_equal(m.dc.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_PRESERVE);
    assert_int_equal(m.dc.on_reboot, LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART);
    assert_int_equal(m.dc.on_crash, LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME);
    unmap(&m);
}

/* xyl_action_names[] holds xl's names (xl_parse.c) in libxl's enum order. */
static void test_action_names_match_xl(void **state)
{
    static const struct { const char *xl; libxl_action_on_shutdown a; } want[] = {
        { "destroy", LIBXL_ACTION_ON_SHUTDOWN_DESTROY },
        { "restart", LIBXL_ACTION_ON_SHUTDOWN_RESTART },
        { "rename-restart", LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME },
        { "preserve", LIBXL_ACTION_ON_SHUTDOWN_PRESERVE },
        { "coredump-destroy", LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY },
        { "coredump-restart", LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART },
        { "soft-reset", LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct mapped m;
        char *yaml = xasprintf("name: a\ntype: pv\nmemory: 256\nkernel: /k\non_crash: %s\n",
                               want[i].xl);
        assert_string_equal(xyl_action_names[i], want[i].xl);
        map(&m, yaml);
        assert_int_equal(m.dc.on_crash, want[i].a);
        unmap(&m);
        free(yaml);
    }
    assert_null(xyl_action_names[i]);
}

static void test_firmware_pvgrub(void **state)
{
    struct mapped m;
    (void)state;
    map(&m, "name: g\ntype: pvh\nmemory: 256\nfirmware: pvgrub64\n");   /* grub-xen-host's */
    assert_string_equal(m.dc.b_info.kernel, "/usr/lib/grub-xen/grub-i386-xen_pvh.bin");
    unmap(&m);
    map(&m, "name: g\ntype: pv\nmemory: 256\nfirmware: pvgrub32\n");
    assert_string_equal(m.dc.b_info.kernel, "/usr/lib/grub-xen/grub-i386-xen.bin");
    unmap(&m);
    map(&m, "name: g\ntype: pv\nmemory: 256\nfirmware: pvgrub64\n");
    assert_string_equal(m.dc.b_info.kernel, "/usr/lib/grub-xen/grub-x86_64-xen.bin");
    unmap(&m);
}

static void test_firmware_hvm(void **state)
{
    struct mapped m;
    (void)state;
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nfirmware: uefi\n");
    assert_int_equal(m.dc.b_info.u.hvm.bios, LIBXL_BIOS_TYPE_OVMF);
    assert_null(m.dc.b_info.u.hvm.firmware);
    unmap(&m);
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nfirmware: ovmf\n");
    assert_int_equal(m.dc.b_info.u.hvm.bios, LIBXL_BIOS_TYPE_OVMF);
    unmap(&m);
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nfirmware: seabios\n");
    assert_int_equal(m.dc.b_info.u.hvm.bios, LIBXL_BIOS_TYPE_SEABIOS);
    unmap(&m);
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nfirmware: bios\n");     /* libxl picks */
    assert_int_equal(m.dc.b_info.u.hvm.bios, LIBXL_BIOS_TYPE_UNKNOWN);
    assert_null(m.dc.b_info.u.hvm.firmware);
    unmap(&m);
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nfirmware: /opt/fw/hvmloader\n");
    assert_string_equal(m.dc.b_info.u.hvm.firmware, "/opt/fw/hvmloader");
    assert_int_equal(m.dc.b_info.u.hvm.bios, LIBXL_BIOS_TYPE_UNKNOWN);
    assert_null(m.dc.b_info.kernel);
    unmap(&m);
}

static void test_hvm_settings(void **state)
{
    struct mapped m;
    libxl_domain_build_info *b = &m.dc.b_info;
    (void)state;
    map(&m, "name: h\ntype: hvm\nmemory: 1G\nboot: [cdrom, disk]\n"
            "disks: [{vdev: hdc, cdrom: true}]\n"
            "hvm:\n  vnc: {listen: 0.0.0.0, display: 2, password: pw}\n"
            "  serial: pty\n  viridian: true\n  stdvga: false\n  videoram: 8\n"
            "  acpi: true\n  pv_drivers: false\n");
    assert_int_equal(b->type, LIBXL_DOMAIN_TYPE_HVM);
    assert_string_equal(b->u.hvm.boot, "dc");
    assert_true(libxl_defbool_val(b->u.hvm.vnc.enable));
    assert_string_equal(b->u.hvm.vnc.listen, "0.0.0.0");
    assert_string_equal(b->u.hvm.vnc.passwd, "pw");
    assert_int_equal(b->u.hvm.vnc.display, 2);
    assert_string_equal(b->u.hvm.serial, "pty");
    assert_true(libxl_defbool_val(b->u.hvm.viridian));
    assert_int_equal(b->u.hvm.vga.kind, LIBXL_VGA_INTERFACE_TYPE_CIRRUS);
    assert_int_equal(b->video_memkb, 8 * 1024);
    assert_true(libxl_defbool_val(b->acpi));
    assert_false(libxl_defbool_val(b->u.hvm.xen_platform_pci));
    unmap(&m);

    map(&m, "name: h\ntype: hvm\nmemory: 1G\nhvm: {vga: none, vnc: false}\n");
    assert_int_equal(b->u.hvm.vga.kind, LIBXL_VGA_INTERFACE_TYPE_NONE);
    assert_false(libxl_defbool_val(b->u.hvm.vnc.enable));
    assert_true(libxl_defbool_is_default(b->acpi));     /* unset stays default */
    assert_true(libxl_defbool_is_default(b->u.hvm.viridian));
    unmap(&m);
}

static void test_disks(void **state)
{
    struct mapped m;
    (void)state;
    map(&m, "name: d\ntype: hvm\nmemory: 1G\n"
            "disks:\n"
            "  - {target: /img/a.qcow2, vdev: xvda, format: qcow2, backend: qdisk}\n"
            "  - {target: /img/scratch, vdev: xvdb, backend: xyl}\n"
            "  - {target: /iso/c.iso, vdev: hdc, cdrom: true, access: ro}\n"
            "  - \"phy:/dev/vg/d,xvdd,w\"\n");
    /* backend: xyl is served by xyl-blkback: libxl never sees it */
    assert_int_equal(m.dc.num_disks, 3);
    assert_string_equal(m.dc.disks[0].vdev, "xvda");
    assert_string_equal(m.dc.disks[0].pdev_path, "/img/a.qcow2");
    assert_int_equal(m.dc.disks[0].format, LIBXL_DISK_FORMAT_QCOW2);
    assert_int_equal(m.dc.disks[0].backend, LIBXL_DISK_BACKEND_QDISK);
    assert_int_equal(m.dc.disks[0].readwrite, 1);
    assert_string_equal(m.dc.disks[1].vdev, "hdc");
    assert_int_equal(m.dc.disks[1].is_cdrom, 1);
    assert_int_equal(m.dc.disks[1].readwrite, 0);
    assert_string_equal(m.dc.disks[2].vdev, "xvdd");
    assert_string_equal(m.dc.disks[2].pdev_path, "/dev/vg/d");    /* "phy:" stripped */
    assert_int_equal(m.dc.disks[2].readwrite, 1);
    unmap(&m);
}

static void test_nics(void **state)
{
    struct mapped m;
    uint8_t derived[6];
    (void)state;
    map(&m, "name: n\ntype: hvm\nmemory: 1G\n"
            "networks:\n"
            "  - {}\n"
            "  - {bridge: br1, mac: 00:16:3e:01:02:03, model: e1000, type: ioemu,\n"
            "     ip: 10.0.0.2, script: vif-route, vifname: n-eth1, backend: drv, rate: 1MB/s}\n"
            "  - type: vif\n");
    assert_int_equal(m.dc.num_nics, 3);
    assert_int_equal(m.dc.nics[0].devid, 0);
    assert_int_equal(m.dc.nics[1].devid, 1);
    assert_int_equal(m.dc.nics[2].devid, 2);
    assert_null(m.dc.nics[0].bridge);     /* unset like xl: xl.conf or libxl picks it */
    derive_mac("n", 0, derived);
    assert_memory_equal(m.dc.nics[0].mac, derived, 6);
    assert_int_equal(m.dc.nics[0].nictype, LIBXL_NIC_TYPE_UNKNOWN);
    assert_null(m.dc.nics[0].model);

    assert_string_equal(m.dc.nics[1].bridge, "br1");
    assert_memory_equal(m.dc.nics[1].mac, ((uint8_t[]){ 0, 0x16, 0x3e, 1, 2, 3 }), 6);
    assert_string_equal(m.dc.nics[1].model, "e1000");
    assert_int_equal(m.dc.nics[1].nictype, LIBXL_NIC_TYPE_VIF_IOEMU);
    assert_string_equal(m.dc.nics[1].ip, "10.0.0.2");
    assert_string_equal(m.dc.nics[1].script, "vif-route");
    assert_string_equal(m.dc.nics[1].ifname, "n-eth1");
    assert_string_equal(m.dc.nics[1].backend_domname, "drv");
    /* libxlutil's rate parser: decimal units, default interval 50 ms */
    assert_int_equal(m.dc.nics[1].rate_interval_usecs, 50000);
    assert_int_equal(m.dc.nics[1].rate_bytes_per_interval, 1000000 / 20);

    assert_int_equal(m.dc.nics[2].nictype, LIBXL_NIC_TYPE_VIF);
    derive_mac("n", 2, derived);
    assert_memory_equal(m.dc.nics[2].mac, derived, 6);
    unmap(&m);
}

static void test_bootloader(void **state)
{
    struct mapped m;
    (void)state;
    map(&m, "name: b\ntype: pv\nmemory: 256\nbootloader: pygrub\n"
            "bootloader_args: [-q, --entry=1]\ncmdline: quiet\n");
    assert_string_equal(m.dc.b_info.bootloader, "pygrub");
    assert_non_null(m.dc.b_info.bootloader_args);
    assert_string_equal(m.dc.b_info.bootloader_args[0], "-q");
    assert_string_equal(m.dc.b_info.bootloader_args[1], "--entry=1");
    assert_null(m.dc.b_info.bootloader_args[2]);
    assert_string_equal(m.dc.b_info.cmdline, "quiet");
    assert_null(m.dc.b_info.kernel);
    unmap(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_and_vcpus),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_action_names_match_xl),
        cmocka_unit_test(test_firmware_pvgrub),
        cmocka_unit_test(test_firmware_hvm),
        cmocka_unit_test(test_hvm_settings),
        cmocka_unit_test(test_disks),
        cmocka_unit_test(test_nics),
        cmocka_unit_test(test_bootloader),
    };
    setenv("XYL_XL_CONF", "/dev/null", 1);     /* xl's built-in defaults, whatever the host has */
    return cmocka_run_group_tests_name("libxl_map", tests, NULL, NULL);
}
