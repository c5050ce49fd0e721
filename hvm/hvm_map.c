/*
 * hvm_map.c - the HVM half of struct xyl_guest -> libxl_domain_config:
 * firmware choice, VNC, VGA, serial, boot order, platform device (called
 * by toolstack/xen/libxl_map.c, which follows xl's parse_config_data()).
 */
#include "hvm/hvm_map.h"
#include "base/util.h"

#include <string.h>

#include <libxl_utils.h>

static void set_str(char **dst, const char *src)
{
    if (src)
        *dst = xstrdup(src);
}

void hvm_map_firmware(const char *f, libxl_domain_build_info *b)
{
    if (!libxl_bios_type_from_string(f, &b->u.hvm.bios))
        return;
    if (!strcmp(f, "uefi"))
        b->u.hvm.bios = LIBXL_BIOS_TYPE_OVMF;
    else if (strcmp(f, "bios"))     /* "bios": let libxl pick */
        b->u.hvm.firmware = xstrdup(f);
}

static void defbool(libxl_defbool *d, int v)
{
    if (v != XYL_UNSET)
        libxl_defbool_set(d, v);
}

static void map_spice(const struct xyl_spice *s, libxl_spice_info *o)
{
    defbool(&o->enable, s->enable);
    set_str(&o->host, s->host);
    set_str(&o->passwd, s->password);
    if (s->port != XYL_UNSET)
        o->port = (int)s->port;
    if (s->tls_port != XYL_UNSET)
        o->tls_port = (int)s->tls_port;
    if (s->usbredirection != XYL_UNSET)
        o->usbredirection = (int)s->usbredirection;
    defbool(&o->disable_ticketing, s->disable_ticketing);
    defbool(&o->agent_mouse, s->agent_mouse);
    defbool(&o->vdagent, s->vdagent);
    defbool(&o->clipboard_sharing, s->clipboard_sharing);
}

/* a NULL-terminated copy, or NULL for an empty list */
static char **strlist_copy(const struct xyl_strlist *l)
{
    char **v;
    int i;

    if (!l->n)
        return NULL;
    v = xcalloc((size_t)l->n + 1, sizeof(*v));
    for (i = 0; i < l->n; i++)
        v[i] = xstrdup(l->v[i]);
    return v;
}

static void bitmap_alloc(libxl_bitmap *bm)
{
    bm->size = LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH / 8;
    bm->map = xcalloc(bm->size, 1);
}

/* viridian = [ ... ] as xl reads it: names into the enable bitmap,
 * "!name" into the disable one, "defaults" turns the default set on */
static void map_viridian_features(const struct xyl_strlist *l, libxl_domain_build_info *b)
{
    libxl_viridian_enlightenment e;
    int i, bit;

    if (!l->n)
        return;
    bitmap_alloc(&b->u.hvm.viridian_enable);
    bitmap_alloc(&b->u.hvm.viridian_disable);
    for (i = 0; i < l->n; i++) {
        const char *s = l->v[i];
        libxl_bitmap *bm = &b->u.hvm.viridian_enable;
        if (*s == '!') {
            s++;
            bm = &b->u.hvm.viridian_disable;
        }
        if (!strcmp(s, "defaults"))
            libxl_defbool_set(&b->u.hvm.viridian, true);
        else if (!strcmp(s, "all"))
            for (bit = 0; bit < (int)bm->size * 8; bit++)
                libxl_bitmap_set(bm, bit);
        else if (!libxl_viridian_enlightenment_from_string(s, &e))
            libxl_bitmap_set(bm, (int)e);
    }
}

void hvm_map_build_info(const struct xyl_guest *g, libxl_domain_build_info *b)
{
    const struct xyl_hvm *h = &g->hvm;
    static const libxl_vga_interface_type vga_kind[] = {
        LIBXL_VGA_INTERFACE_TYPE_STD, LIBXL_VGA_INTERFACE_TYPE_CIRRUS,
        LIBXL_VGA_INTERFACE_TYPE_NONE, LIBXL_VGA_INTERFACE_TYPE_QXL,
    };

    if (h->acpi != XYL_UNSET)
        libxl_defbool_set(&b->acpi, h->acpi);
    if (h->viridian != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.viridian, h->viridian);
    if (h->videoram != XYL_UNSET)
        b->video_memkb = (uint64_t)h->videoram * 1024;
    if (h->vnc.enable != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.vnc.enable, h->vnc.enable);
    set_str(&b->u.hvm.vnc.listen, h->vnc.listen);
    set_str(&b->u.hvm.vnc.passwd, h->vnc.password);
    if (h->vnc.display != XYL_UNSET)
        b->u.hvm.vnc.display = (int)h->vnc.display;
    if (h->vga != XYL_UNSET)
        b->u.hvm.vga.kind = vga_kind[h->vga];
    else if (h->stdvga != XYL_UNSET)
        b->u.hvm.vga.kind = h->stdvga ? LIBXL_VGA_INTERFACE_TYPE_STD
                                      : LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
    set_str(&b->u.hvm.serial, h->serial);
    if (g->boot[0])
        b->u.hvm.boot = xstrdup(g->boot);
    if (h->pv_drivers != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.xen_platform_pci, h->pv_drivers);
    map_spice(&h->spice, &b->u.hvm.spice);
    if (h->vnc.findunused != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.vnc.findunused, h->vnc.findunused);
    if (h->sdl != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.sdl.enable, h->sdl);
    if (h->apic != XYL_UNSET)
        libxl_defbool_set(&b->apic, h->apic);
    if (h->pae != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.pae, h->pae);
    if (h->hpet != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.hpet, h->hpet);
    if (h->nx != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.nx, h->nx);
    if (h->usb != XYL_UNSET)
        libxl_defbool_set(&b->u.hvm.usb, h->usb);
    set_str(&b->u.hvm.usbdevice, h->usbdevice);
    set_str(&b->u.hvm.keymap, h->keymap);
    set_str(&b->u.hvm.soundhw, h->soundhw);
    map_viridian_features(&h->viridian_features, b);
    b->u.hvm.serial_list = strlist_copy(&h->serials);
    b->u.hvm.usbdevice_list = strlist_copy(&h->usbdevices);
    if (h->timer_mode != XYL_UNSET)
        b->timer_mode = (libxl_timer_mode)h->timer_mode;   /* names in enum order */
}
