/*
 * xl_side.c - the libxlutil side of the benchmark.
 *
 * For one xl.cfg text, what `xl -N create` does between reading the file
 * and printing the JSON, minus process startup and the global xl.conf:
 *
 *   xlu_cfg_init + xlu_cfg_readdata          (libxlutil's lexer and parser)
 *   every lookup real xl makes (xl_keys.h: ~105 for pv, ~160 for hvm), with
 *     the getter xl uses; the keys xyl exports are also interpreted into a
 *     libxl_domain_config the way xl does: type/builder, name, uuid, memory,
 *     maxmem, vcpus (+ avail_vcpus bitmap), maxvcpus, kernel, ramdisk,
 *     cmdline/root/extra, bootloader(+args), firmware, on_*, boot, vnc*,
 *     serial, viridian, stdvga, vga, videoram, acpi, xen_platform_pci;
 *   xlu_disk_parse of every disk (on the same XLU_Config, as xl does);
 *   every vif spec split into key=value (mac parsed, rate through
 *     xlu_vif_parse_rate);
 *   libxl_domain_config_to_json, then dispose and xlu_cfg_destroy.
 *
 * It is a faithful-cost stand-in, not a copy of xl: the bench checks that
 * for every example it produces the same JSON as xyl does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* strtok_r, asprintf */
#endif
#include "xl_side.h"
#include "xl_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl_utils.h>
#include <libxlutil.h>

#define XENFIRMWAREDIR "/usr/lib/xen-4.17/boot"

/* Keys interpreted below; the generic loop only looks the others up. */
static const char *const interpreted[] = {
    "type", "builder", "name", "uuid", "memory", "maxmem", "vcpus", "maxvcpus",
    "kernel", "ramdisk", "cmdline", "root", "extra", "bootloader", "bootloader_args",
    "firmware", "disk", "vif", "on_poweroff", "on_reboot", "on_crash", "boot",
    "vnc", "vnclisten", "vncdisplay", "vncpasswd", "serial", "viridian", "stdvga",
    "vga", "videoram", "acpi", "xen_platform_pci", NULL
};

#define N_LOOKUPS (sizeof(xl_lookups) / sizeof(xl_lookups[0]))
static unsigned char skip[N_LOOKUPS];  /* 1 = interpreted key */
static FILE *report;                    /* libxlutil's messages (/dev/null) */

static void setup(void)
{
    size_t i, j;

    if (report)
        return;
    report = fopen("/dev/null", "w");
    for (i = 0; i < N_LOOKUPS; i++)
        for (j = 0; interpreted[j]; j++)
            if (!strcmp(xl_lookups[i].key, interpreted[j]))
                skip[i] = 1;
}

/* The lookups xl makes for keys xyl does not export: they all miss. */
static void lookup_rest(XLU_Config *cfg, unsigned type)
{
    size_t i;

    for (i = 0; i < N_LOOKUPS; i++) {
        const struct xl_lookup *k = &xl_lookups[i];
        const char *s;
        char *r = NULL;
        long l;
        libxl_defbool b;
        XLU_ConfigList *list;
        libxl_string_list sl = NULL;
        int n;

        if (skip[i] || !(k->types & type))
            continue;
        switch (k->getter) {
        case G_STRING:  xlu_cfg_get_string(cfg, k->key, &s, 0); break;
        case G_REPLACE: xlu_cfg_replace_string(cfg, k->key, &r, 0); free(r); break;
        case G_LONG:    xlu_cfg_get_long(cfg, k->key, &l, 0); break;
        case G_BLONG:   xlu_cfg_get_bounded_long(cfg, k->key, 0, 1L << 30, &l, 0); break;
        case G_DEFBOOL: libxl_defbool_unset(&b); xlu_cfg_get_defbool(cfg, k->key, &b, 0); break;
        case G_LIST:    xlu_cfg_get_list(cfg, k->key, &list, &n, 0); break;
        case G_STRLIST:
            xlu_cfg_get_list_as_string_list(cfg, k->key, &sl, 0);
            libxl_string_list_dispose(&sl);
            break;
        }
    }
}

int xl_lookup_count(const char *type)
{
    unsigned t = !strcmp(type, "hvm") ? T_HVM : !strcmp(type, "pvh") ? T_PVH : T_PV;
    size_t i;
    int n = 0;

    for (i = 0; i < N_LOOKUPS; i++)
        n += (xl_lookups[i].types & t) != 0;
    return n;
}

static int parse_mac(const char *s, libxl_mac mac)
{
    unsigned v[6];
    int i;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
        return -1;
    for (i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return 0;
}

static void set(char **dst, const char *v)
{
    free(*dst);
    *dst = strdup(v);
}

/* One "key=value,key=value" vif spec, split as xl's parse_nic_config does. */
static int parse_vif(XLU_Config *cfg, const char *spec, int devid, libxl_device_nic *nic)
{
    char *buf = strdup(spec), *save = NULL, *tok;
    int rc = 0;

    libxl_device_nic_init(nic);
    nic->devid = devid;
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *v = strchr(tok, '=');
        while (*tok == ' ')
            tok++;
        if (!v)
            continue;
        *v++ = '\0';
        if (!strcmp(tok, "bridge"))
            set(&nic->bridge, v);
        else if (!strcmp(tok, "mac"))
            rc |= parse_mac(v, nic->mac);
        else if (!strcmp(tok, "model"))
            set(&nic->model, v);
        else if (!strcmp(tok, "ip"))
            set(&nic->ip, v);
        else if (!strcmp(tok, "script"))
            set(&nic->script, v);
        else if (!strcmp(tok, "vifname"))
            set(&nic->ifname, v);
        else if (!strcmp(tok, "backend"))
            set(&nic->backend_domname, v);
        else if (!strcmp(tok, "type"))
            nic->nictype = !strcmp(v, "ioemu") ? LIBXL_NIC_TYPE_VIF_IOEMU : LIBXL_NIC_TYPE_VIF;
        else if (!strcmp(tok, "rate"))
            rc |= xlu_vif_parse_rate(cfg, v, nic);
    }
    free(buf);
    return rc;
}

static int parse_devices(XLU_Config *cfg, libxl_domain_config *dc)
{
    XLU_ConfigList *list;
    const char *item;
    int n, i;

    if (!xlu_cfg_get_list(cfg, "disk", &list, &n, 0)) {
        dc->disks = calloc((size_t)n, sizeof(*dc->disks));
        for (i = 0; (item = xlu_cfg_get_listitem(list, i)) != NULL; i++) {
            libxl_device_disk_init(&dc->disks[i]);
            dc->num_disks++;
            if (xlu_disk_parse(cfg, 1, &item, &dc->disks[i]))
                return -1;
        }
    }
    if (!xlu_cfg_get_list(cfg, "vif", &list, &n, 0)) {
        dc->nics = calloc((size_t)n, sizeof(*dc->nics));
        for (i = 0; (item = xlu_cfg_get_listitem(list, i)) != NULL; i++) {
            dc->num_nics++;
            if (parse_vif(cfg, item, i, &dc->nics[i]))
                return -1;
        }
    }
    return 0;
}

static void parse_firmware(XLU_Config *cfg, libxl_domain_build_info *b, int hvm)
{
    const char *fw;

    if (xlu_cfg_get_string(cfg, "firmware", &fw, 0))
        return;
    if (!hvm) {
        free(b->kernel);
        b->kernel = NULL;
        if (asprintf(&b->kernel, XENFIRMWAREDIR "/%s.bin", fw) < 0)
            b->kernel = NULL;
    } else if (libxl_bios_type_from_string(fw, &b->u.hvm.bios)) {
        if (!strcmp(fw, "uefi"))
            b->u.hvm.bios = LIBXL_BIOS_TYPE_OVMF;
        else if (strcmp(fw, "bios"))
            b->u.hvm.firmware = strdup(fw);
    }
}

static void parse_hvm(XLU_Config *cfg, libxl_domain_build_info *b)
{
    const char *s;
    long l;
    XLU_ConfigList *list;

    xlu_cfg_replace_string(cfg, "boot", &b->u.hvm.boot, 0);
    xlu_cfg_get_defbool(cfg, "vnc", &b->u.hvm.vnc.enable, 0);
    xlu_cfg_replace_string(cfg, "vnclisten", &b->u.hvm.vnc.listen, 0);
    xlu_cfg_replace_string(cfg, "vncpasswd", &b->u.hvm.vnc.passwd, 0);
    if (!xlu_cfg_get_long(cfg, "vncdisplay", &l, 0))
        b->u.hvm.vnc.display = (int)l;
    if (xlu_cfg_get_list_as_string_list(cfg, "serial", &b->u.hvm.serial_list, 1))
        xlu_cfg_replace_string(cfg, "serial", &b->u.hvm.serial, 0);
    if (xlu_cfg_get_list(cfg, "viridian", &list, NULL, 1))
        xlu_cfg_get_defbool(cfg, "viridian", &b->u.hvm.viridian, 0);
    if (!xlu_cfg_get_long(cfg, "stdvga", &l, 0))
        b->u.hvm.vga.kind = l ? LIBXL_VGA_INTERFACE_TYPE_STD : LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
    if (!xlu_cfg_get_string(cfg, "vga", &s, 0))
        b->u.hvm.vga.kind = !strcmp(s, "stdvga") ? LIBXL_VGA_INTERFACE_TYPE_STD :
                            !strcmp(s, "cirrus") ? LIBXL_VGA_INTERFACE_TYPE_CIRRUS :
                            !strcmp(s, "qxl") ? LIBXL_VGA_INTERFACE_TYPE_QXL :
                            LIBXL_VGA_INTERFACE_TYPE_NONE;
    if (!xlu_cfg_get_long(cfg, "videoram", &l, 0))
        b->video_memkb = (uint64_t)l * 1024;
    xlu_cfg_get_defbool(cfg, "acpi", &b->acpi, 0);
    xlu_cfg_get_defbool(cfg, "xen_platform_pci", &b->u.hvm.xen_platform_pci, 0);
}

static void parse_kernel(XLU_Config *cfg, libxl_domain_build_info *b)
{
    const char *cmd = NULL, *root = NULL, *extra = NULL;

    xlu_cfg_replace_string(cfg, "kernel", &b->kernel, 0);
    xlu_cfg_replace_string(cfg, "ramdisk", &b->ramdisk, 0);
    xlu_cfg_get_string(cfg, "cmdline", &cmd, 0);
    xlu_cfg_get_string(cfg, "root", &root, 0);
    xlu_cfg_get_string(cfg, "extra", &extra, 0);
    if (cmd)
        b->cmdline = strdup(cmd);
    else if (root || extra) {
        if (asprintf(&b->cmdline, "%s%s%s%s", root ? "root=" : "", root ? root : "",
                     root && extra ? " " : "", extra ? extra : "") < 0)
            b->cmdline = NULL;
    }
    xlu_cfg_replace_string(cfg, "bootloader", &b->bootloader, 0);
    xlu_cfg_get_list_as_string_list(cfg, "bootloader_args", &b->bootloader_args, 0);
}

static void action(XLU_Config *cfg, const char *key, libxl_action_on_shutdown *a)
{
    const char *s;
    if (!xlu_cfg_get_string(cfg, key, &s, 0))
        libxl_action_on_shutdown_from_string(s, a);
}

static int parse(XLU_Config *cfg, libxl_domain_config *dc)
{
    libxl_domain_create_info *c = &dc->c_info;
    libxl_domain_build_info *b = &dc->b_info;
    const char *s;
    long l, vcpus = 1, i;
    unsigned t = T_PV;

    c->type = LIBXL_DOMAIN_TYPE_PV;
    if (!xlu_cfg_get_string(cfg, "type", &s, 0)) {
        if (!strcmp(s, "hvm"))
            c->type = LIBXL_DOMAIN_TYPE_HVM, t = T_HVM;
        else if (!strcmp(s, "pvh"))
            c->type = LIBXL_DOMAIN_TYPE_PVH, t = T_PVH;
    } else if (!xlu_cfg_get_string(cfg, "builder", &s, 0) && !strcmp(s, "hvm")) {
        c->type = LIBXL_DOMAIN_TYPE_HVM, t = T_HVM;
    }
    libxl_defbool_set(&c->run_hotplug_scripts, true);   /* xl.conf default */
    xlu_cfg_replace_string(cfg, "name", &c->name, 0);
    if (!xlu_cfg_get_string(cfg, "uuid", &s, 0) && libxl_uuid_from_string(&c->uuid, s))
        return -1;
    libxl_domain_build_info_init_type(b, c->type);

    if (!xlu_cfg_get_long(cfg, "memory", &l, 0))
        b->target_memkb = b->max_memkb = (uint64_t)l * 1024;
    if (!xlu_cfg_get_long(cfg, "maxmem", &l, 0))
        b->max_memkb = (uint64_t)l * 1024;
    if (!xlu_cfg_get_long(cfg, "vcpus", &l, 0))
        vcpus = l;
    b->avail_vcpus.size = (uint32_t)((vcpus + 7) / 8);
    b->avail_vcpus.map = calloc(b->avail_vcpus.size, 1);
    for (i = 0; i < vcpus; i++)
        libxl_bitmap_set(&b->avail_vcpus, (int)i);
    b->max_vcpus = (int)vcpus;
    if (!xlu_cfg_get_long(cfg, "maxvcpus", &l, 0))
        b->max_vcpus = (int)l;
    libxl_defbool_set(&b->claim_mode, true);            /* xl.conf default */

    dc->on_poweroff = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    dc->on_reboot = LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    dc->on_crash = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    dc->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    dc->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
    action(cfg, "on_poweroff", &dc->on_poweroff);
    action(cfg, "on_reboot", &dc->on_reboot);
    action(cfg, "on_crash", &dc->on_crash);

    parse_kernel(cfg, b);
    parse_firmware(cfg, b, t == T_HVM);
    if (t == T_HVM)
        parse_hvm(cfg, b);
    lookup_rest(cfg, t);
    return parse_devices(cfg, dc);
}

int xl_parse(const char *text, size_t len, libxl_domain_config *dc)
{
    XLU_Config *cfg;
    int rc = -1;

    setup();
    libxl_domain_config_init(dc);
    cfg = xlu_cfg_init(report, "bench.cfg");
    if (!cfg)
        return -1;
    if (xlu_cfg_readdata(cfg, text, (int)len) == 0)
        rc = parse(cfg, dc);
    xlu_cfg_destroy(cfg);
    if (rc)
        fprintf(stderr, "bench: libxlutil side failed on:\n%.*s\n", (int)len, text);
    return rc;
}

char *xl_to_json(const char *text, size_t len)
{
    libxl_domain_config dc;
    char *json = NULL;

    if (xl_parse(text, len, &dc) == 0)
        json = libxl_domain_config_to_json(NULL, &dc);
    libxl_domain_config_dispose(&dc);
    return json;
}

int xl_readdata_only(const char *text, size_t len)
{
    XLU_Config *cfg;
    int e;

    setup();
    cfg = xlu_cfg_init(report, "bench.cfg");
    if (!cfg)
        return -1;
    e = xlu_cfg_readdata(cfg, text, (int)len);
    xlu_cfg_destroy(cfg);
    return e ? -1 : 0;
}
