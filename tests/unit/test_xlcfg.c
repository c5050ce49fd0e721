/*
 * test_xlcfg.c - xlcfg_export() and xlcfg_import() at the struct level:
 * a guest exported to xl.cfg and imported back is the same guest, field by
 * field; yaml_scalar() quotes exactly what YAML would misread; the importer
 * refuses what it cannot represent.
 */
#include "unit.h"
#include "base/util.h"
#include "xlcfg/xlcfg.h"
#include "model/yaml_tree.h"

/* YAML -> guest -> xl.cfg -> YAML -> guest */
static void round_trip(const char *yaml, struct xyl_guest *a, struct xyl_guest *b,
                       struct strbuf *cfg)
{
    struct diags d = { 0 };
    struct strbuf y2 = STRBUF_INIT;

    if (load(a, &d, yaml)) {
        char *t = diag_text(&d);
        fail_msg("original does not load:\n%s", t);
    }
    xlcfg_export(a, cfg);
    if (xlcfg_import("t.cfg", cfg->buf, cfg->len, 0, &y2, &d)) {
        char *t = diag_text(&d);
        fail_msg("import of\n%s\nfailed:\n%s", cfg->buf, t);
    }
    if (load(b, &d, sb_str(&y2))) {
        char *t = diag_text(&d);
        fail_msg("imported YAML\n%s\ndoes not load:\n%s", y2.buf, t);
    }
    assert_int_equal(d.errors, 0);
    diags_free(&d);
    sb_free(&y2);
}

static void assert_same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void assert_same_guest(const struct xyl_guest *a, const struct xyl_guest *b)
{
    int i;

    assert_string_equal(a->name, b->name);
    assert_int_equal(a->type, b->type);
    assert_int_equal(libxl_uuid_compare(&a->uuid, &b->uuid), 0);
    assert_int_equal(a->memory_bytes, b->memory_bytes);
    assert_int_equal(a->maxmem_bytes, b->maxmem_bytes);
    assert_int_equal(a->vcpus == XYL_UNSET ? 1 : a->vcpus, b->vcpus);
    assert_int_equal(a->maxvcpus, b->maxvcpus);
    assert_same_str(a->kernel, b->kernel);
    assert_same_str(a->ramdisk, b->ramdisk);
    assert_same_str(a->cmdline, b->cmdline);
    assert_same_str(a->bootloader, b->bootloader);
    assert_same_str(a->firmware, b->firmware);
    assert_int_equal(a->bootloader_args.n, b->bootloader_args.n);
    for (i = 0; i < a->bootloader_args.n; i++)
        assert_string_equal(a->bootloader_args.v[i], b->bootloader_args.v[i]);
    assert_string_equal(a->boot, b->boot);
    assert_int_equal(a->on_poweroff, b->on_poweroff);
    assert_int_equal(a->on_reboot, b->on_reboot);
    assert_int_equal(a->on_crash, b->on_crash);
    assert_int_equal(a->n_nics, b->n_nics);
    for (i = 0; i < a->n_nics; i++) {
        const struct xyl_nic *x = &a->nics[i], *y = &b->nics[i];
        assert_memory_equal(x->macaddr, y->macaddr, 6);     /* derived MACs written out */
        assert_same_str(x->bridge, y->bridge);     /* unset stays unset, like xl */
        assert_same_str(x->model, y->model);
        assert_same_str(x->ip, y->ip);
        assert_same_str(x->rate, y->rate);
        assert_same_str(x->script, y->script);
        assert_same_str(x->vifname, y->vifname);
        assert_same_str(x->backend, y->backend);
        assert_int_equal(x->type_idx, y->type_idx);
    }
    /* disks come back in xl's spec form: compare what libxlutil parsed */
    for (i = 0; i < a->n_disks; i++) {
        const struct xyl_disk *x = &a->disks[i], *y = &b->disks[i];
        assert_string_equal(x->parsed_vdev, y->parsed_vdev);
        assert_same_str(x->target, y->target);
        assert_int_equal(x->parsed_readonly, y->parsed_readonly);
        assert_int_equal(x->parsed_cdrom, y->parsed_cdrom);
        assert_string_equal(x->spec, y->spec);
    }
    if (a->type == XYL_HVM) {
        const struct xyl_hvm *x = &a->hvm, *y = &b->hvm;
        assert_int_equal(x->vnc.enable, y->vnc.enable);
        assert_same_str(x->vnc.listen, y->vnc.listen);
        assert_same_str(x->vnc.password, y->vnc.password);
        assert_int_equal(x->vnc.display, y->vnc.display);
        assert_same_str(x->serial, y->serial);
        assert_int_equal(x->viridian, y->viridian);
        assert_int_equal(x->stdvga, y->stdvga);
        assert_int_equal(x->vga, y->vga);
        assert_int_equal(x->videoram, y->videoram);
        assert_int_equal(x->acpi, y->acpi);
        assert_int_equal(x->pv_drivers, y->pv_drivers);
    }
}

static void test_round_trip_pv(void **state)
{
    struct xyl_guest a, b;
    struct strbuf cfg = STRBUF_INIT;

    (void)state;
    round_trip("name: web\ntype: pv\nmemory: 512M\nmaxmem: 1G\nvcpus: 2\nmaxvcpus: 4\n"
               "kernel: /boot/vmlinuz\nramdisk: /boot/initrd\n"
               "cmdline: 'root=/dev/xvda1 msg=\"a b\" path=C:\\x # no comment'\n"
               "disks:\n  - {target: /img/web.raw, vdev: xvda}\n"
               "  - {target: /img/ro.raw, vdev: xvdb, access: ro, format: qcow2, backend: qdisk}\n"
               "networks:\n  - {}\n  - {bridge: br1, mac: 00:16:3e:00:00:09, ip: 10.1.1.1,"
               " script: vif-route, vifname: web1, rate: 5Mb/s, type: vif}\n"
               "on_poweroff: preserve\non_reboot: destroy\non_crash: coredump-destroy\n",
               &a, &b, &cfg);
    assert_same_guest(&a, &b);
    /* the derived UUID is written out, so xl creates the same domain */
    assert_null(a.uuid_str);
    assert_non_null(b.uuid_str);
    assert_non_null(strstr(cfg.buf, "\nmemory = 512\nmaxmem = 1024\nvcpus = 2\nmaxvcpus = 4\n"));
    guest_free(&a);
    guest_free(&b);
    sb_free(&cfg);
}

static void test_round_trip_hvm(void **state)
{
    struct xyl_guest a, b;
    struct strbuf cfg = STRBUF_INIT;

    (void)state;
    round_trip("name: win\ntype: hvm\nmemory: 4G\nfirmware: uefi\nboot: [cdrom, disk, network]\n"
               "disks:\n  - {target: /img/win.raw, vdev: hda}\n"
               "  - {target: /iso/win.iso, vdev: hdc, cdrom: true, access: ro}\n"
               "networks: [{model: e1000, type: ioemu}]\n"
               "hvm:\n  vnc: {listen: 127.0.0.1, display: 4, password: \"p w\"}\n"
               "  serial: pty\n  viridian: true\n  vga: std\n  videoram: 16\n"
               "  acpi: true\n  pv_drivers: false\n",
               &a, &b, &cfg);
    assert_same_guest(&a, &b);
    guest_free(&a);
    guest_free(&b);
    sb_free(&cfg);

    round_trip("name: h2\ntype: hvm\nmemory: 1G\nhvm: {vnc: false, stdvga: true}\n", &a, &b, &cfg);
    assert_same_guest(&a, &b);
    guest_free(&a);
    guest_free(&b);
    sb_free(&cfg);
}

static void test_round_trip_bootloader(void **state)
{
    struct xyl_guest a, b;
    struct strbuf cfg = STRBUF_INIT;

    (void)state;
    round_trip("name: bl\ntype: pv\nmemory: 256\nbootloader: pygrub\n"
               "bootloader_args: [\"--args=quiet splash\", -q]\n", &a, &b, &cfg);
    assert_same_guest(&a, &b);
    guest_free(&a);
    guest_free(&b);
    sb_free(&cfg);

    round_trip("name: grub\ntype: pvh\nmemory: 256\nfirmware: pvgrub64\n", &a, &b, &cfg);
    assert_same_guest(&a, &b);
    guest_free(&a);
    guest_free(&b);
    sb_free(&cfg);
}

/* What xl cannot express is said in comments, never silently dropped. */
static void test_export_comments(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    struct strbuf cfg = STRBUF_INIT;

    (void)state;
    assert_int_equal(load(&g, &d, "name: c\ntype: pv\nmemory: 256\nkernel: /k\n"
                                  "disks: [{target: /s, vdev: xvdb, backend: xyl}]\n"
                                  "xenstore: {role: web}\nautostart: true\n"), 0);
    xlcfg_export(&g, &cfg);
    assert_null(strstr(cfg.buf, "disk = ["));
    assert_non_null(strstr(cfg.buf, "# disk xvdb is served by xyl-blkback"));
    assert_non_null(strstr(cfg.buf, "# xyl writes xenstore data/role = \"web\""));
    assert_non_null(strstr(cfg.buf, "# autostart: true"));
    sb_free(&cfg);
    done(&g, &d);
}

/* yaml_scalar(): plain only when YAML reads it back as the same string. */
static void test_yaml_scalar(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "web", "web" },
        { "/boot/vmlinuz", "/boot/vmlinuz" },
        { "format=raw,vdev=xvda", "format=raw,vdev=xvda" },
        { "true", "\"true\"" }, { "No", "\"No\"" }, { "off", "\"off\"" },
        { "null", "\"null\"" }, { "~", "\"~\"" },
        { "", "\"\"" },
        { "123", "\"123\"" }, { "0.0.0.0", "\"0.0.0.0\"" },
        { "-q", "\"-q\"" },
        { "a b", "\"a b\"" },
        { "a: b", "\"a: b\"" },
        { "#x", "\"#x\"" },
        { "say \"hi\"", "\"say \\\"hi\\\"\"" },
        { "back\\slash", "\"back\\\\slash\"" },
        { "tab\there", "\"tab\\x09here\"" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct strbuf sb = STRBUF_INIT, doc_text = STRBUF_INIT;
        struct ydoc doc;
        struct diags d = { 0 };

        yaml_scalar(&sb, cases[i].in);
        assert_string_equal(sb_str(&sb), cases[i].out);
        /* and libyaml reads it back as the same string, not a bool or null */
        sb_addf(&doc_text, "k: %s\n", sb_str(&sb));
        assert_int_equal(ydoc_load(&doc, "s.yaml", doc_text.buf, doc_text.len, &d), 0);
        assert_string_equal(doc.root->items[0]->str, cases[i].in);
        assert_false(ynode_is_null(doc.root->items[0]));
        if (doc.root->items[0]->plain)
            assert_int_equal(parse_bool_word(cases[i].in, &(int){ 0 }), -1);
        ydoc_free(&doc);
        diags_free(&d);
        sb_free(&sb);
        sb_free(&doc_text);
    }
}

static int import(const char *cfg, int lossy, struct strbuf *y, struct diags *d)
{
    return xlcfg_import("t.cfg", cfg, strlen(cfg), lossy, y, d);
}

static void test_import_translations(void **state)
{
    struct strbuf y = STRBUF_INIT;
    struct diags d = { 0 };
    struct xyl_guest g;

    (void)state;
    assert_int_equal(import("builder = 'hvm'\nname = 'old'\nmemory = 1024\nboot = 'cdn'\n"
                            "xen_platform_pci = 1\nvnc = 0\n", 0, &y, &d), 0);
    assert_int_equal(load(&g, &d, sb_str(&y)), 0);
    assert_int_equal(g.type, XYL_HVM);                  /* builder="hvm" */
    assert_string_equal(g.boot, "cdn");                 /* c=disk d=cdrom n=network */
    assert_int_equal(g.hvm.pv_drivers, 1);
    assert_int_equal(g.hvm.vnc.enable, 0);
    done(&g, &d);
    sb_free(&y);

    /* no type: xl's default is pv; cmdline from root + extra */
    assert_int_equal(import("name = 'p'\nmemory = 256\nkernel = '/k'\nroot = '/dev/xvda1'\n"
                            "extra = 'quiet'\n", 0, &y, &d), 0);
    assert_int_equal(load(&g, &d, sb_str(&y)), 0);
    assert_int_equal(g.type, XYL_PV);
    assert_string_equal(g.cmdline, "root=/dev/xvda1 quiet");
    done(&g, &d);
    sb_free(&y);

    /* cmdline wins over root/extra, as in xl */
    assert_int_equal(import("name = 'p'\nmemory = 256\nkernel = '/k'\ncmdline = 'a'\n"
                            "extra = 'b'\n", 0, &y, &d), 0);
    assert_int_equal(load(&g, &d, sb_str(&y)), 0);
    assert_string_equal(g.cmdline, "a");
    done(&g, &d);
    sb_free(&y);

    /* xl's firmware = "pvgrub64" keeps xl's file (Debian ships none), with a hint */
    assert_int_equal(import("name = 'p'\ntype = 'pvh'\nmemory = 256\nfirmware = 'pvgrub64'\n",
                            0, &y, &d), 0);
    assert_int_equal(load(&g, &d, sb_str(&y)), 0);
    assert_string_equal(g.kernel, "/usr/lib/xen-4.17/boot/pvgrub64.bin");
    assert_null(g.firmware);
    assert_non_null(strstr(sb_str(&y), "grub-i386-xen_pvh.bin (grub-xen-host)"));
    done(&g, &d);
    sb_free(&y);

    /* grub-xen-host's image as kernel is firmware: pvgrub64/32 */
    assert_int_equal(import("name = 'p'\nmemory = 256\nkernel = '/usr/lib/grub-xen/grub-i386-xen.bin'\n",
                            0, &y, &d), 0);
    assert_int_equal(load(&g, &d, sb_str(&y)), 0);
    assert_string_equal(g.firmware, "pvgrub32");
    assert_null(g.kernel);
    done(&g, &d);
    sb_free(&y);

    /* no memory: libxl's default, said in a comment */
    assert_int_equal(import("name = 'p'\nkernel = '/k'\n", 0, &y, &d), 0);
    assert_non_null(strstr(sb_str(&y), "memory: 128M"));
    sb_free(&y);
    diags_free(&d);
}

static void test_import_refuses_unknown_keys(void **state)
{
    struct strbuf y = STRBUF_INIT;
    struct diags d = { 0 };
    static const char cfg[] = "name = 'p'\nmemory = 256\nkernel = '/k'\n"
                              "vdispl = [ '1' ]\n  gfx_passthru = \"0-1\" # on\n"
                              "# nosuchkey = 1\nextra = \"a = b\"\n";

    (void)state;
    assert_int_equal(import(cfg, 0, &y, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_diag(&d, "t.cfg:4:1: error: xl key 'vdispl' has no equivalent in xyl's schema v1; "
                    "pass --lossy to convert without it");
    assert_diag(&d, "t.cfg:5:3: error: xl key 'gfx_passthru' has no equivalent");
    diags_free(&d);
    sb_free(&y);

    /* a vtpm xl would refuse too: the error at the cfg's line */
    assert_int_equal(import("name = 'p'\nmemory = 256\nkernel = '/k'\n"
                            "vtpm = [ 'uuid=a1b2c3d4-0047-4000-8000-0000000000ff' ]\n", 0, &y, &d), -1);
    assert_diag(&d, "t.cfg:4:1: error: xl key 'vtpm': vtpm 'uuid=a1b2c3d4-0047-4000-8000-0000000000ff' "
                    "names no backend");
    diags_free(&d);
    sb_free(&y);

    assert_int_equal(import(cfg, 1, &y, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.n, 2);
    assert_diag(&d, "t.cfg:4:1: warning: xl key 'vdispl' has no equivalent in xyl's schema v1; dropped");
    assert_diag(&d, "t.cfg:5:3: warning: xl key 'gfx_passthru' has no equivalent in xyl's schema v1; dropped");
    assert_null(strstr(sb_str(&y), "vdispl"));
    assert_null(strstr(sb_str(&y), "0-1"));
    diags_free(&d);
    sb_free(&y);
}

static void test_import_syntax_error(void **state)
{
    struct strbuf y = STRBUF_INIT;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(import("name = 'p\nmemory = 256\n", 0, &y, &d), -1);
    assert_diag(&d, "t.cfg:1:1: error: xl.cfg syntax: config parsing error");
    diags_free(&d);
    sb_free(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_pv),
        cmocka_unit_test(test_round_trip_hvm),
        cmocka_unit_test(test_round_trip_bootloader),
        cmocka_unit_test(test_export_comments),
        cmocka_unit_test(test_yaml_scalar),
        cmocka_unit_test(test_import_translations),
        cmocka_unit_test(test_import_refuses_unknown_keys),
        cmocka_unit_test(test_import_syntax_error),
    };
    return cmocka_run_group_tests_name("xlcfg", tests, NULL, NULL);
}
