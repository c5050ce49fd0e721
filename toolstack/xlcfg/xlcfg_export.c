/*
 * xlcfg_export.c - struct xyl_guest -> xl.cfg text.
 */
#include "xlcfg/xlcfg.h"
#include "base/ident.h"
#include "xen/libxl_map.h"
#include "model/pvgrub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * xl.cfg strings: double quotes with libxlutil's backslash escapes.  Only
 * the named escapes are used: libxlutil 4.17 misreads \xHH.  The loader
 * refuses other control characters in values that reach xl; here they can
 * only come from xenstore values, which are written as comments.
 */
static void xl_string(struct strbuf *sb, const char *s)
{
    static const char named[] = "\a\b\t\n\v\f\r", letters[] = "abtnvfr";
    sb_addc(sb, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *e = c ? strchr(named, c) : NULL;
        if (c == '"' || c == '\\')
            sb_addf(sb, "\\%c", c);
        else if (e)
            sb_addf(sb, "\\%c", letters[e - named]);
        else if (c < 0x20 || c == 0x7f)
            sb_adds(sb, "?");
        else
            sb_addc(sb, (char)c);
    }
    sb_addc(sb, '"');
}

static void kv_str(struct strbuf *sb, const char *key, const char *v)
{
    if (!v)
        return;
    sb_addf(sb, "%s = ", key);
    xl_string(sb, v);
    sb_addc(sb, '\n');
}

static void kv_long(struct strbuf *sb, const char *key, long v)
{
    if (v != XYL_UNSET)
        sb_addf(sb, "%s = %ld\n", key, v);
}

static void nic_spec(struct strbuf *sb, const struct xyl_nic *n)
{
    static const char *const types[] = { "vif", "ioemu" };
    char mac[18];

    format_mac(n->macaddr, mac);
    sb_addf(sb, "mac=%s", mac);
    if (n->bridge) sb_addf(sb, ",bridge=%s", n->bridge);
    if (n->model) sb_addf(sb, ",model=%s", n->model);
    if (n->type_idx >= 0) sb_addf(sb, ",type=%s", types[n->type_idx]);
    if (n->ip) sb_addf(sb, ",ip=%s", n->ip);
    if (n->script) sb_addf(sb, ",script=%s", n->script);
    if (n->vifname) sb_addf(sb, ",vifname=%s", n->vifname);
    if (n->backend) sb_addf(sb, ",backend=%s", n->backend);
    if (n->rate) sb_addf(sb, ",rate=%s", n->rate);
}

static void kv_list(struct strbuf *sb, const char *key, const struct xyl_strlist *l)
{
    int i;

    if (!l->n)
        return;
    sb_addf(sb, "%s = [ ", key);
    for (i = 0; i < l->n; i++) {
        xl_string(sb, l->v[i]);
        sb_adds(sb, i + 1 < l->n ? ", " : " ]\n");
    }
}

/* a pv/pvh framebuffer as xl's one-item vfb list */
static void export_fb(const struct xyl_fb *f, struct strbuf *sb)
{
    struct strbuf s = STRBUF_INIT;

    if (f->vnc != XYL_UNSET) sb_addf(&s, ",vnc=%d", f->vnc);
    if (f->listen) sb_addf(&s, ",vnclisten=%s", f->listen);
    if (f->display != XYL_UNSET) sb_addf(&s, ",vncdisplay=%ld", f->display);
    if (f->findunused != XYL_UNSET) sb_addf(&s, ",vncunused=%d", f->findunused);
    if (f->password) sb_addf(&s, ",vncpasswd=%s", f->password);
    if (f->sdl != XYL_UNSET) sb_addf(&s, ",sdl=%d", f->sdl);
    if (f->keymap) sb_addf(&s, ",keymap=%s", f->keymap);
    sb_adds(sb, "vfb = [ ");
    xl_string(sb, s.len ? sb_str(&s) + 1 : "");
    sb_adds(sb, " ]\n");
    sb_free(&s);
}

static void export_hvm(const struct xyl_guest *g, struct strbuf *sb)
{
    static const char *const vga[] = { "stdvga", "cirrus", "none", "qxl" };
    const struct xyl_hvm *h = &g->hvm;

    if (g->boot[0])
        kv_str(sb, "boot", g->boot);
    kv_long(sb, "vnc", h->vnc.enable);
    kv_str(sb, "vnclisten", h->vnc.listen);
    kv_long(sb, "vncdisplay", h->vnc.display);
    kv_str(sb, "vncpasswd", h->vnc.password);
    kv_str(sb, "serial", h->serial);
    kv_long(sb, "viridian", h->viridian);
    kv_long(sb, "stdvga", h->stdvga);
    if (h->vga != XYL_UNSET)
        kv_str(sb, "vga", vga[h->vga]);
    kv_long(sb, "videoram", h->videoram);
    kv_long(sb, "acpi", h->acpi);
    kv_long(sb, "xen_platform_pci", h->pv_drivers);
    kv_long(sb, "vncunused", h->vnc.findunused);
    kv_long(sb, "spice", h->spice.enable);
    kv_str(sb, "spicehost", h->spice.host);
    kv_long(sb, "spiceport", h->spice.port);
    kv_long(sb, "spicetls_port", h->spice.tls_port);
    kv_str(sb, "spicepasswd", h->spice.password);
    kv_long(sb, "spicedisable_ticketing", h->spice.disable_ticketing);
    kv_long(sb, "spiceagent_mouse", h->spice.agent_mouse);
    kv_long(sb, "spicevdagent", h->spice.vdagent);
    kv_long(sb, "spice_clipboard_sharing", h->spice.clipboard_sharing);
    kv_long(sb, "spiceusbredirection", h->spice.usbredirection);
    kv_long(sb, "sdl", h->sdl);
    kv_long(sb, "apic", h->apic);
    kv_long(sb, "pae", h->pae);
    kv_long(sb, "hpet", h->hpet);
    kv_long(sb, "nx", h->nx);
    if (h->timer_mode != XYL_UNSET)
        kv_str(sb, "timer_mode", xyl_timer_mode_names[h->timer_mode]);
    kv_long(sb, "usb", h->usb);
    kv_str(sb, "usbdevice", h->usbdevice);
    kv_str(sb, "keymap", h->keymap);
    kv_str(sb, "soundhw", h->soundhw);
    kv_list(sb, "viridian", &h->viridian_features);
    kv_list(sb, "serial", &h->serials);
    kv_list(sb, "usbdevice", &h->usbdevices);
}

void xlcfg_export(const struct xyl_guest *g, struct strbuf *sb)
{
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int i, n;

    sb_adds(sb, "# Generated by xyl export-xl from ");
    xl_string(sb, g->file);
    sb_adds(sb, ".\n# The YAML file is the source of truth; edit it, not this file.\n");
    kv_str(sb, "name", g->name);
    kv_str(sb, "type", gtype_name(g->type));
    snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(g->uuid));
    kv_str(sb, "uuid", uuid);
    sb_addf(sb, "memory = %llu\n", (unsigned long long)(g->memory_bytes >> 20));
    if (g->maxmem_bytes)
        sb_addf(sb, "maxmem = %llu\n", (unsigned long long)(g->maxmem_bytes >> 20));
    kv_long(sb, "vcpus", g->vcpus == XYL_UNSET ? 1 : g->vcpus);
    kv_long(sb, "maxvcpus", g->maxvcpus);
    /* pvgrub names: the kernel xyl boots, as xl would get it (model/pvgrub.h) */
    kv_str(sb, "kernel", g->kernel ? g->kernel : pvgrub_image(g->type, g->firmware));
    kv_str(sb, "ramdisk", g->ramdisk);
    kv_str(sb, "cmdline", g->cmdline);
    kv_str(sb, "bootloader", g->bootloader);
    kv_list(sb, "bootloader_args", &g->bootloader_args);
    if (!pvgrub_image(g->type, g->firmware))
        kv_str(sb, "firmware", g->firmware);
    for (i = n = 0; i < g->n_disks; i++)
        n += !g->disks[i].is_xyl_backend;
    if (n) {
        sb_adds(sb, "disk = [\n");
        for (i = 0; i < g->n_disks; i++) {
            if (g->disks[i].is_xyl_backend)
                continue;
            sb_adds(sb, "    ");
            xl_string(sb, g->disks[i].spec);
            sb_adds(sb, ",\n");
        }
        sb_adds(sb, "]\n");
    }
    if (g->cloud_init.user_data.path || g->cloud_init.user_data.text)
        sb_adds(sb, "# cloud_init: xyl makes the seed (the xvdz/hdd disk) at create: "
                "xl cannot make it\n");
    for (i = 0; i < g->n_disks; i++)
        if (g->disks[i].is_xyl_backend)
            sb_addf(sb, "# disk %s is served by xyl-blkback (backend: xyl): xl cannot express it\n",
                    g->disks[i].vdev);
    for (i = n = 0; i < g->n_nics; i++)
        n += !g->nics[i].is_xyl_backend;
    for (i = 0; i < g->n_nics; i++)
        if (g->nics[i].is_xyl_backend)
            sb_addf(sb, "# network %d is served by xyl-netback (backend: xyl): xl cannot express it\n", i);
    if (n) {
        struct strbuf spec = STRBUF_INIT;
        sb_adds(sb, "vif = [\n");
        for (i = 0; i < g->n_nics; i++) {
            if (g->nics[i].is_xyl_backend)
                continue;
            sb_reset(&spec);
            nic_spec(&spec, &g->nics[i]);
            sb_adds(sb, "    ");
            xl_string(sb, sb_str(&spec));
            sb_adds(sb, ",\n");
        }
        sb_adds(sb, "]\n");
        sb_free(&spec);
    }
    if (g->n_vtpms) {
        sb_adds(sb, "vtpm = [\n");
        for (i = 0; i < g->n_vtpms; i++) {
            /* validation keeps ',' and leading blanks out of backend */
            char *spec = xasprintf("backend=%s%s%s", g->vtpms[i].backend,
                                   g->vtpms[i].uuid ? ",uuid=" : "",
                                   g->vtpms[i].uuid ? g->vtpms[i].uuid : "");
            sb_adds(sb, "    ");
            xl_string(sb, spec);
            sb_adds(sb, ",\n");
            free(spec);
        }
        sb_adds(sb, "]\n");
    }
    if (g->on_poweroff != XYL_UNSET) kv_str(sb, "on_poweroff", xyl_action_names[g->on_poweroff]);
    if (g->on_reboot != XYL_UNSET) kv_str(sb, "on_reboot", xyl_action_names[g->on_reboot]);
    if (g->on_crash != XYL_UNSET) kv_str(sb, "on_crash", xyl_action_names[g->on_crash]);
    kv_long(sb, "localtime", g->localtime);
    kv_long(sb, "hap", g->hap);
    kv_long(sb, "nestedhvm", g->nestedhvm);
    kv_str(sb, "seclabel", g->seclabel);
    kv_str(sb, "cpus", g->cpus);
    kv_list(sb, "cpus", &g->cpus_per_vcpu);
    kv_list(sb, "pci", &g->pci);
    kv_long(sb, "cpu_weight", g->cpu_weight);
    kv_long(sb, "cap", g->cpu_cap);
    if (g->type == XYL_HVM)
        export_hvm(g, sb);
    else if (g->has_fb)
        export_fb(&g->fb, sb);
    for (i = 0; i < g->xenstore.n; i++) {
        /* keys are checked to be path-safe; values may hold anything */
        sb_addf(sb, "# xyl writes xenstore data/%s = ", g->xenstore.v[i].key);
        xl_string(sb, g->xenstore.v[i].value);
        sb_adds(sb, " (xl has no equivalent)\n");
    }
    if (g->autostart == 1)
        sb_adds(sb, "# autostart: true (xl: link this file into /etc/xen/auto)\n");
}
