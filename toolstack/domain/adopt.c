/*
 * adopt.c - a running domain's libxl configuration -> YAML definition
 * (xyl import-running).  The reverse of xen/libxl_map.c and hvm/hvm_map.c,
 * key by key; disks are written as xl disk spec strings (libxlutil parses
 * them back to the same libxl_device_disk), NICs as mappings.
 */
#include "domain/adopt.h"
#include "domain/meta.h"
#include "base/libexec.h"
#include "base/paths.h"
#include "model/pvgrub.h"
#include "model/schema.h"
#include "xen/libxl_map.h"
#include "xlcfg/xlcfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl_utils.h>

static void y_str(struct strbuf *y, const char *indent, const char *key, const char *v)
{
    if (!v)
        return;
    sb_addf(y, "%s%s: ", indent, key);
    yaml_scalar(y, v);
    sb_addc(y, '\n');
}

static void y_bool(struct strbuf *y, const char *indent, const char *key, libxl_defbool b)
{
    if (!libxl_defbool_is_default(b))
        sb_addf(y, "%s%s: %s\n", indent, key, libxl_defbool_val(b) ? "true" : "false");
}

static void y_list(struct strbuf *y, const char *indent, const char *key, char **v)
{
    int i;
    if (!v || !v[0])
        return;
    sb_addf(y, "%s%s:\n", indent, key);
    for (i = 0; v[i]; i++) {
        sb_addf(y, "%s  - ", indent);
        yaml_scalar(y, v[i]);
        sb_addc(y, '\n');
    }
}

static int bitmap_count(const libxl_bitmap *b)
{
    int i, n = 0;
    for (i = 0; i < (int)b->size * 8; i++)
        n += libxl_bitmap_test(b, i);
    return n;
}

/* "2-3,5": the set bits of b as xl's cpus string */
static void cpu_list(struct strbuf *sb, const libxl_bitmap *b)
{
    int i = 0, n = (int)b->size * 8, first = 1;
    while (i < n) {
        int j;
        if (!libxl_bitmap_test(b, i)) {
            i++;
            continue;
        }
        for (j = i; j + 1 < n && libxl_bitmap_test(b, j + 1); j++)
            ;
        sb_addf(sb, first ? "%d" : ",%d", i);
        if (j > i)
            sb_addf(sb, "-%d", j);
        first = 0;
        i = j + 1;
    }
}

static bool same_bitmap(const libxl_bitmap *a, const libxl_bitmap *b)
{
    int i, n = (int)(a->size > b->size ? a->size : b->size) * 8;
    for (i = 0; i < n; i++)
        if (libxl_bitmap_test(a, i) != libxl_bitmap_test(b, i))
            return false;
    return true;
}

/* whether script is xyl's compiled helper prog (any folder): the host's
 * choice (`hotplug: xyl`), not the guest's, so left out of the definition */
static bool is_helper(const char *script, const char *prog)
{
    const char *slash = strrchr(script, '/');

    return !strcmp(slash ? slash + 1 : script, prog);
}

static void disk_spec(struct strbuf *sb, const libxl_device_disk *k)
{
    static const char *const backends[] = { [LIBXL_DISK_BACKEND_PHY] = "phy",
        [LIBXL_DISK_BACKEND_TAP] = "tap", [LIBXL_DISK_BACKEND_QDISK] = "qdisk" };
    bool empty = !k->pdev_path || !*k->pdev_path;

    if (!empty && k->format != LIBXL_DISK_FORMAT_UNKNOWN && k->format != LIBXL_DISK_FORMAT_EMPTY)
        sb_addf(sb, "format=%s, ", libxl_disk_format_to_string(k->format));
    sb_addf(sb, "vdev=%s, access=%s", k->vdev, k->readwrite ? "rw" : "ro");
    if (k->is_cdrom)
        sb_adds(sb, ", devtype=cdrom");
    if (k->backend > LIBXL_DISK_BACKEND_UNKNOWN && k->backend <= LIBXL_DISK_BACKEND_QDISK)
        sb_addf(sb, ", backendtype=%s", backends[k->backend]);
    if (k->backend_domname)
        sb_addf(sb, ", backend=%s", k->backend_domname);
    if (k->script && !is_helper(k->script, XYL_BLOCK))    /* the host's choice */
        sb_addf(sb, ", script=%s", k->script);
    if (!libxl_defbool_is_default(k->discard_enable))
        sb_adds(sb, libxl_defbool_val(k->discard_enable) ? ", discard" : ", no-discard");
    if (k->direct_io_safe)
        sb_adds(sb, ", direct-io-safe");
    sb_addf(sb, ", target=%s", empty ? "" : k->pdev_path);   /* empty: a CD-ROM drive without a disc */
}

static void nic_item(struct strbuf *y, const libxl_device_nic *n)
{
    char mac[18];

    snprintf(mac, sizeof(mac), LIBXL_MAC_FMT, LIBXL_MAC_BYTES(n->mac));
    sb_addf(y, "  - mac: \"%s\"\n", mac);
    y_str(y, "    ", "bridge", n->bridge);
    y_str(y, "    ", "model", n->model);
    y_str(y, "    ", "ip", n->ip);
    if (!n->script || !is_helper(n->script, XYL_VIF_BRIDGE))
        y_str(y, "    ", "script", n->script);
    y_str(y, "    ", "vifname", n->ifname);
    y_str(y, "    ", "backend", n->backend_domname);
    if (n->nictype == LIBXL_NIC_TYPE_VIF)
        sb_adds(y, "    type: vif\n");
    else if (n->nictype == LIBXL_NIC_TYPE_VIF_IOEMU)
        sb_adds(y, "    type: ioemu\n");
    if (n->rate_interval_usecs) {
        /* bytes per second at the interval: xlu_vif_parse_rate gives back the same pair */
        unsigned long long bps = (unsigned long long)n->rate_bytes_per_interval * 1000000ULL /
                                 n->rate_interval_usecs;
        sb_addf(y, "    rate: \"%lluB/s@%uus\"\n", bps, n->rate_interval_usecs);
    }
}

static void action(struct strbuf *y, const char *key, libxl_action_on_shutdown a,
                   libxl_action_on_shutdown dflt)
{
    if (a != dflt && a >= LIBXL_ACTION_ON_SHUTDOWN_DESTROY && a <= LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET)
        sb_addf(y, "%s: %s\n", key, xyl_action_names[a - 1]);
}

static void refuse(struct diags *d, const char *what, int n, const char *devices)
{
    struct ymark none = { 0, 0 };
    if (n)
        diag_err(d, what, none, "has %d %s, which xyl's schema v1 cannot represent", n, devices);
}

static void hvm_part(struct strbuf *y, const libxl_domain_build_info *b)
{
    static const char *const vga[] = { [LIBXL_VGA_INTERFACE_TYPE_CIRRUS] = "cirrus",
        [LIBXL_VGA_INTERFACE_TYPE_STD] = "std", [LIBXL_VGA_INTERFACE_TYPE_NONE] = "none",
        [LIBXL_VGA_INTERFACE_TYPE_QXL] = "qxl" };
    struct strbuf h = STRBUF_INIT;
    const libxl_vnc_info *v = &b->u.hvm.vnc;
    int i;

    if (v->listen || v->passwd || v->display || !libxl_defbool_is_default(v->findunused)) {
        sb_adds(&h, "  vnc:\n");
        y_str(&h, "    ", "listen", v->listen);
        if (v->display)
            sb_addf(&h, "    display: %d\n", v->display);
        y_str(&h, "    ", "password", v->passwd);
        y_bool(&h, "    ", "findunused", v->findunused);
        /* a vnc: mapping means enabled: a disabled VNC with settings stays a bool */
        if (!libxl_defbool_is_default(v->enable) && !libxl_defbool_val(v->enable)) {
            sb_reset(&h);
            sb_adds(&h, "  vnc: false\n");
        }
    } else {
        y_bool(&h, "  ", "vnc", v->enable);
    }
    if (b->u.hvm.spice.host || b->u.hvm.spice.port || b->u.hvm.spice.tls_port || b->u.hvm.spice.passwd ||
        b->u.hvm.spice.usbredirection ||
        !libxl_defbool_is_default(b->u.hvm.spice.disable_ticketing) ||
        !libxl_defbool_is_default(b->u.hvm.spice.agent_mouse) ||
        !libxl_defbool_is_default(b->u.hvm.spice.vdagent) ||
        !libxl_defbool_is_default(b->u.hvm.spice.clipboard_sharing)) {
        const libxl_spice_info *s = &b->u.hvm.spice;
        sb_adds(&h, "  spice:\n");
        y_str(&h, "    ", "host", s->host);
        if (s->port)
            sb_addf(&h, "    port: %d\n", s->port);
        if (s->tls_port)
            sb_addf(&h, "    tls_port: %d\n", s->tls_port);
        y_str(&h, "    ", "password", s->passwd);
        y_bool(&h, "    ", "disable_ticketing", s->disable_ticketing);
        y_bool(&h, "    ", "agent_mouse", s->agent_mouse);
        y_bool(&h, "    ", "vdagent", s->vdagent);
        y_bool(&h, "    ", "clipboard_sharing", s->clipboard_sharing);
        if (s->usbredirection)
            sb_addf(&h, "    usbredirection: %d\n", s->usbredirection);
    } else {
        y_bool(&h, "  ", "spice", b->u.hvm.spice.enable);
    }
    y_str(&h, "  ", "serial", b->u.hvm.serial);
    y_bool(&h, "  ", "viridian", b->u.hvm.viridian);
    if (b->u.hvm.vga.kind >= LIBXL_VGA_INTERFACE_TYPE_CIRRUS && b->u.hvm.vga.kind <= LIBXL_VGA_INTERFACE_TYPE_QXL)
        sb_addf(&h, "  vga: %s\n", vga[b->u.hvm.vga.kind]);
    if (b->video_memkb && b->video_memkb != LIBXL_MEMKB_DEFAULT)
        sb_addf(&h, "  videoram: %llu\n", (unsigned long long)(b->video_memkb / 1024));
    y_bool(&h, "  ", "acpi", b->acpi);
    y_bool(&h, "  ", "pv_drivers", b->u.hvm.xen_platform_pci);
    y_bool(&h, "  ", "apic", b->apic);
    y_bool(&h, "  ", "pae", b->u.hvm.pae);
    y_bool(&h, "  ", "hpet", b->u.hvm.hpet);
    y_bool(&h, "  ", "nx", b->u.hvm.nx);
    if (b->timer_mode >= LIBXL_TIMER_MODE_DELAY_FOR_MISSED_TICKS &&
        b->timer_mode <= LIBXL_TIMER_MODE_ONE_MISSED_TICK_PENDING)
        sb_addf(&h, "  timer_mode: %s\n", xyl_timer_mode_names[b->timer_mode]);
    y_bool(&h, "  ", "usb", b->u.hvm.usb);
    y_str(&h, "  ", "usbdevice", b->u.hvm.usbdevice);
    y_str(&h, "  ", "keymap", b->u.hvm.keymap);
    y_bool(&h, "  ", "sdl", b->u.hvm.sdl.enable);
    y_str(&h, "  ", "soundhw", b->u.hvm.soundhw);
    if (b->u.hvm.viridian_enable.size || b->u.hvm.viridian_disable.size) {
        sb_adds(&h, "  viridian_features:\n");
        if (!libxl_defbool_is_default(b->u.hvm.viridian) && libxl_defbool_val(b->u.hvm.viridian))
            sb_adds(&h, "    - defaults\n");
        for (i = 0; i < (int)b->u.hvm.viridian_enable.size * 8; i++)
            if (libxl_bitmap_test(&b->u.hvm.viridian_enable, i))
                sb_addf(&h, "    - %s\n", libxl_viridian_enlightenment_to_string(i));
        for (i = 0; i < (int)b->u.hvm.viridian_disable.size * 8; i++)
            if (libxl_bitmap_test(&b->u.hvm.viridian_disable, i))
                sb_addf(&h, "    - \"!%s\"\n", libxl_viridian_enlightenment_to_string(i));
    }
    y_list(&h, "  ", "serials", b->u.hvm.serial_list);
    y_list(&h, "  ", "usbdevices", b->u.hvm.usbdevice_list);
    if (h.len) {
        sb_adds(y, "hvm:\n");
        sb_adds(y, sb_str(&h));
    }
    sb_free(&h);
}

int adopt_config_to_yaml(const libxl_domain_config *dc, const char *what,
                         struct strbuf *y, struct diags *d)
{
    const libxl_domain_create_info *c = &dc->c_info;
    const libxl_domain_build_info *b = &dc->b_info;
    size_t before = d->errors;
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int i, vcpus = bitmap_count(&b->avail_vcpus);
    bool hvm = c->type == LIBXL_DOMAIN_TYPE_HVM;
    const char *fw = NULL;

    sb_adds(y, "# yaml-language-server: $schema=" XYL_DATADIR "/guest.schema.json\n");
    sb_adds(y, "# Adopted by 'xyl import-running' from the running domain ");
    yaml_scalar(y, what);
    sb_addc(y, '\n');
    y_str(y, "", "name", c->name);
    sb_addf(y, "type: %s\n", hvm ? "hvm" : c->type == LIBXL_DOMAIN_TYPE_PVH ? "pvh" : "pv");
    snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(c->uuid));
    sb_addf(y, "uuid: %s\n", uuid);
    sb_addf(y, "memory: %lluM\n", (unsigned long long)(b->target_memkb >> 10));
    if (b->max_memkb != b->target_memkb)
        sb_addf(y, "maxmem: %lluM\n", (unsigned long long)(b->max_memkb >> 10));
    sb_addf(y, "vcpus: %d\n", vcpus ? vcpus : 1);
    if (b->max_vcpus && b->max_vcpus != vcpus)
        sb_addf(y, "maxvcpus: %d\n", b->max_vcpus);
    /* grub-xen-host's images are pvgrub names (model/pvgrub.h); xl's own
     * XENFIRMWAREDIR pvgrub stays a kernel path, as import-xl keeps it */
    if (!hvm)
        fw = pvgrub_name(c->type == LIBXL_DOMAIN_TYPE_PVH ? XYL_PVH : XYL_PV, b->kernel);
    if (!fw)
        y_str(y, "", "kernel", b->kernel);
    y_str(y, "", "ramdisk", b->ramdisk);
    y_str(y, "", "cmdline", b->cmdline);
    y_str(y, "", "bootloader", b->bootloader);
    y_list(y, "", "bootloader_args", b->bootloader_args);
    if (fw)
        y_str(y, "", "firmware", fw);
    else if (hvm && b->u.hvm.firmware)
        y_str(y, "", "firmware", b->u.hvm.firmware);
    else if (hvm && b->u.hvm.bios != LIBXL_BIOS_TYPE_UNKNOWN)
        y_str(y, "", "firmware", libxl_bios_type_to_string(b->u.hvm.bios));
    if (hvm)
        y_str(y, "", "boot", b->u.hvm.boot);
    if (dc->num_disks) {
        struct strbuf spec = STRBUF_INIT;
        sb_adds(y, "disks:\n");
        for (i = 0; i < dc->num_disks; i++) {
            sb_reset(&spec);
            disk_spec(&spec, &dc->disks[i]);
            sb_adds(y, "  - ");
            yaml_scalar(y, sb_str(&spec));
            sb_addc(y, '\n');
        }
        sb_free(&spec);
    }
    if (dc->num_nics) {
        sb_adds(y, "networks:\n");
        for (i = 0; i < dc->num_nics; i++)
            nic_item(y, &dc->nics[i]);
    }
    if (dc->num_vtpms) {
        sb_adds(y, "vtpms:\n");
        for (i = 0; i < dc->num_vtpms; i++) {
            const libxl_device_vtpm *v = &dc->vtpms[i];
            if (!v->backend_domname) {
                struct ymark none = { 0, 0 };
                diag_err(d, what, none, "vTPM %d's backend (domain %u) has no name", i, v->backend_domid);
                continue;
            }
            sb_adds(y, "  - backend: ");
            yaml_scalar(y, v->backend_domname);
            sb_addc(y, '\n');
            if (!libxl_uuid_is_nil(&v->uuid))
                sb_addf(y, "    uuid: " LIBXL_UUID_FMT "\n", LIBXL_UUID_BYTES(v->uuid));
        }
    }
    action(y, "on_poweroff", dc->on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    action(y, "on_reboot", dc->on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    action(y, "on_crash", dc->on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    y_bool(y, "", "localtime", b->localtime);
    y_bool(y, "", "hap", c->hap);
    y_bool(y, "", "nestedhvm", b->nested_hvm);
    y_str(y, "", "seclabel", c->ssid_label);
    if (b->num_vcpu_hard_affinity > 0) {
        struct strbuf cl = STRBUF_INIT;
        for (i = 1; i < b->num_vcpu_hard_affinity; i++)
            if (!same_bitmap(&b->vcpu_hard_affinity[0], &b->vcpu_hard_affinity[i]))
                break;
        if (i < b->num_vcpu_hard_affinity || b->num_vcpu_hard_affinity != b->max_vcpus) {
            sb_adds(y, "cpus_per_vcpu:\n");
            for (i = 0; i < b->num_vcpu_hard_affinity; i++) {
                sb_reset(&cl);
                cpu_list(&cl, &b->vcpu_hard_affinity[i]);
                sb_adds(y, "  - ");
                yaml_scalar(y, sb_str(&cl));
                sb_addc(y, '\n');
            }
        } else {
            cpu_list(&cl, &b->vcpu_hard_affinity[0]);
            sb_adds(y, "cpus: ");
            yaml_scalar(y, sb_str(&cl));
            sb_addc(y, '\n');
        }
        sb_free(&cl);
    }
    if (dc->num_pcidevs) {
        sb_adds(y, "pci:\n");
        for (i = 0; i < dc->num_pcidevs; i++) {
            const libxl_device_pci *p = &dc->pcidevs[i];
            sb_addf(y, "  - \"%04x:%02x:%02x.%x%s%s%s\"\n", p->domain, p->bus, p->dev, p->func,
                    p->permissive ? ",permissive=1" : "", p->msitranslate ? ",msitranslate=1" : "",
                    p->seize ? ",seize=1" : "");
        }
    }
    if (b->sched_params.weight != LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT)
        sb_addf(y, "cpu_weight: %d\n", b->sched_params.weight);
    if (b->sched_params.cap != LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT)
        sb_addf(y, "cpu_cap: %d\n", b->sched_params.cap);
    if (hvm)
        hvm_part(y, b);
    if (!hvm && dc->num_vfbs == 1 && dc->num_vkbs == 1) {
        const libxl_device_vfb *v = &dc->vfbs[0];
        sb_adds(y, "framebuffer:\n");
        y_bool(y, "  ", "vnc", v->vnc.enable);
        y_str(y, "  ", "listen", v->vnc.listen);
        if (v->vnc.display)
            sb_addf(y, "  display: %d\n", v->vnc.display);
        y_bool(y, "  ", "findunused", v->vnc.findunused);
        y_str(y, "  ", "password", v->vnc.passwd);
        y_bool(y, "  ", "sdl", v->sdl.enable);
        y_str(y, "  ", "keymap", v->keymap);
    } else {
        refuse(d, what, hvm ? 0 : dc->num_vfbs, "framebuffers (vfb) (xyl takes one, with its vkb)");
        refuse(d, what, hvm ? 0 : dc->num_vkbs, "virtual keyboards (vkb) (xyl takes one, with its vfb)");
    }
    refuse(d, what, dc->num_p9s, "9pfs shares");
    refuse(d, what, dc->num_channels, "channels");
    refuse(d, what, dc->num_usbctrls, "USB controllers (usbctrl)");
    refuse(d, what, dc->num_usbdevs, "passed-through USB devices");
    refuse(d, what, dc->num_dtdevs, "device-tree devices");
    refuse(d, what, dc->num_vdispls, "virtual displays");
    refuse(d, what, dc->num_vsnds, "virtual sound cards");
    refuse(d, what, dc->num_pvcallsifs, "PV calls interfaces");
    return d->errors == before ? 0 : -1;
}

int adopt_running(struct xyl_xen *x, uint32_t domid, struct strbuf *yaml, struct diags *d)
{
    libxl_domain_config dc;
    char *name = libxl_domid_to_name(x->ctx, domid);
    char *what = xasprintf("domain %s (id %u)", name ? name : "?", domid);
    int rc, i;

    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(x->ctx, domid, &dc, NULL)) {
        fprintf(stderr, "xyl: cannot read the configuration of %s from libxl\n", what);
        rc = -1;
    } else {
        /* libxl reads a vTPM's backend back as a domain ID: name it, as
         * the definition does */
        for (i = 0; i < dc.num_vtpms; i++)
            if (!dc.vtpms[i].backend_domname)
                dc.vtpms[i].backend_domname = libxl_domid_to_name(x->ctx, dc.vtpms[i].backend_domid);
        rc = adopt_config_to_yaml(&dc, what, yaml, d);
    }
    libxl_domain_config_dispose(&dc);
    free(name);
    free(what);
    return rc;
}

int adopt_record(uint32_t domid, const char *file)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    size_t len;
    char *text = read_file(file, 1 << 20, &len);
    int rc = -1;

    if (!text) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", file, strerror(errno));
        return -1;
    }
    guest_init(&g);
    if (guest_load_yaml(&g, file, text, len, &d) == 0) {
        free(g.file);
        g.file = realpath(file, NULL);      /* meta records the absolute path */
        rc = g.file ? meta_record(domid, &g) : -1;
        if (!g.file)
            fprintf(stderr, "xyl: cannot resolve %s: %s\n", file, strerror(errno));
    }
    diags_print(&d, stderr);
    diags_free(&d);
    guest_free(&g);
    free(text);
    return rc;
}
