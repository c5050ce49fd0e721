/*
 * guest_rules.c - the cross-field rules of one guest (boot, devices,
 * limits) and its derived identity, run by the loader after the key walk.
 */
#include "model/guest_rules.h"
#include "base/ident.h"
#include "model/schema.h"
#include "model/schema_check.h"
#include "base/util.h"

#include <string.h>

struct ymark guest_key_mark(const struct xyl_guest *g, const char *key)
{
    int i = key_index(&xyl_guest_keys, key);
    struct ymark m = i >= 0 ? g->marks[i] : g->root_mark;
    return m.line ? m : g->root_mark;
}

static bool has_key(const struct xyl_guest *g, const char *key)
{
    int i = key_index(&xyl_guest_keys, key);
    return i >= 0 && g->marks[i].line;
}

static void check_boot(struct xyl_load *ld)
{
    const struct xyl_guest *g = ld->g;
    const char *f = g->firmware;
    static const char *const hvm_fw[] = { "bios", "seabios", "rombios", "uefi", "ovmf", NULL };
    int i;

    if (!g->type)
        return;
    if (f && g->type == XYL_HVM) {
        for (i = 0; hvm_fw[i] && strcmp(f, hvm_fw[i]); i++)
            ;
        if (!hvm_fw[i] && f[0] != '/')
            diag_err(ld->d, ld->file, guest_key_mark(g, "firmware"),
                     "firmware '%s' is not bios, seabios, rombios, uefi, ovmf or an absolute path", f);
    } else if (f && strcmp(f, "pvgrub32") && strcmp(f, "pvgrub64")) {
        diag_err(ld->d, ld->file, guest_key_mark(g, "firmware"),
                 "firmware for a %s guest must be pvgrub32 or pvgrub64, got '%s' "
                 "(to boot a kernel file, use 'kernel:')", gtype_name(g->type), f);
    }
    if (g->type != XYL_HVM) {
        if (f && g->kernel)
            diag_err(ld->d, ld->file, guest_key_mark(g, "firmware"),
                     "give either 'kernel' or 'firmware', not both");
        if (!g->kernel && !f && !g->bootloader)
            diag_err(ld->d, ld->file, g->root_mark,
                     "a %s guest needs 'kernel'%s or 'firmware' (pvgrub64) to boot",
                     gtype_name(g->type), g->type == XYL_PV ? ", 'bootloader'" : "");
    }
    if (g->ramdisk && !g->kernel && !g->bootloader)
        diag_err(ld->d, ld->file, guest_key_mark(g, "ramdisk"), "'ramdisk' needs 'kernel'");
    if (g->cmdline && !g->kernel && !g->bootloader)
        diag_warn(ld->d, ld->file, guest_key_mark(g, "cmdline"),
                  "'cmdline' has no effect without 'kernel' or 'bootloader'");
    if (g->type == XYL_HVM && g->hvm.stdvga != XYL_UNSET && g->hvm.vga != XYL_UNSET)
        diag_err(ld->d, ld->file, guest_key_mark(g, "hvm"),
                 "give either hvm.stdvga or hvm.vga, not both");
}

bool vnc_listen_is_local(const char *listen)
{
    static const char *const local[] = { "127.", "localhost", "::1", "[::1]" };
    size_t i;

    if (!listen || !*listen)
        return true;            /* libxl's default: 127.0.0.1 */
    for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
        if (!strncmp(listen, local[i], strlen(local[i])))
            return true;
    return false;
}

/* A VNC server on an address others reach, without a password, shows the
 * guest's screen (and its keyboard) to anyone on that network. */
static void check_vnc(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;

    if (g->type == XYL_HVM && g->hvm.vnc.enable != 0 && g->hvm.vnc.listen &&
        !vnc_listen_is_local(g->hvm.vnc.listen) && !g->hvm.vnc.password)
        diag_warn(ld->d, ld->file, guest_key_mark(g, "hvm"),
                  "VNC listens on %s without a password: anyone who reaches it sees and "
                  "types on the guest's screen (set hvm.vnc.password, or listen on 127.0.0.1 "
                  "and use 'xyl vnc' for the ssh -L line)", g->hvm.vnc.listen);
    if (g->has_fb && g->fb.vnc != 0 && g->fb.listen && !vnc_listen_is_local(g->fb.listen) &&
        !g->fb.password)
        diag_warn(ld->d, ld->file, guest_key_mark(g, "framebuffer"),
                  "VNC listens on %s without a password: anyone who reaches it sees and "
                  "types on the guest's screen (set a password, or listen on 127.0.0.1)",
                  g->fb.listen);
}

void check_devices(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;
    int i, j;
    bool has_cdrom = false;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *a = &g->disks[i];
        if (!a->parsed_vdev)
            continue;
        has_cdrom |= a->parsed_cdrom;
        /* the rule xyl create applies (images_resolve): validate says it too */
        if (a->from_string && a->target && *a->target && a->target[0] != '/' &&
            !strstr(a->spec, "script="))
            diag_err(ld->d, ld->file, a->mark, "disk target '%s' is relative: in an xl disk spec "
                     "string write an absolute path, or use the mapping form", a->target);
        /* a PV/PVH guest reads a CD-ROM through blkfront (pygrub installers
         * boot from one), but nothing can change its medium: cd-insert goes
         * through the device model, which only HVM guests have */
        if (a->parsed_cdrom && g->type && g->type != XYL_HVM && (!a->target || !*a->target))
            diag_err(ld->d, ld->file, a->mark,
                     "disk %s is an empty CD-ROM drive; a %s guest cannot have a medium "
                     "inserted later (cd-insert needs an hvm guest): give it a target",
                     a->parsed_vdev, gtype_name(g->type));
        for (j = 0; j < i; j++) {
            const struct xyl_disk *b = &g->disks[j];
            if (!b->parsed_vdev || a->devnum != b->devnum)
                continue;
            if (!strcmp(a->parsed_vdev, b->parsed_vdev))
                diag_err(ld->d, ld->file, a->mark,
                         "duplicate vdev '%s' (also used by the disk at line %u)",
                         a->parsed_vdev, b->mark.line);
            else
                diag_err(ld->d, ld->file, a->mark,
                         "vdev '%s' is the same device as '%s' (the disk at line %u)",
                         a->parsed_vdev, b->parsed_vdev, b->mark.line);
            break;          /* one report per disk */
        }
    }
    for (i = 0; i < g->n_nics; i++) {
        struct xyl_nic *n = &g->nics[i];
        if (g->type && g->type != XYL_HVM && n->type_idx == 1)
            diag_err(ld->d, ld->file, n->mark,
                     "network type ioemu (an emulated NIC) needs an hvm guest; use type vif");
        if (!n->mac && g->name) {
            derive_mac(g->name, i, n->macaddr);
            n->mac_derived = n->mac_valid = true;
        }
        for (j = 0; j < i && n->mac_valid; j++) {
            if (g->nics[j].mac_valid && !memcmp(g->nics[j].macaddr, n->macaddr, 6) &&
                (n->mac || g->nics[j].mac)) {
                diag_err(ld->d, ld->file, n->mac_mark,
                         "duplicate mac '%s' (also used by the network at line %u)",
                         n->mac ? n->mac : g->nics[j].mac, g->nics[j].mark.line);
                break;      /* one report per NIC */
            }
        }
    }
    if (g->type == XYL_HVM && strchr(g->boot, 'd') && !has_cdrom)
        diag_warn(ld->d, ld->file, guest_key_mark(g, "boot"),
                  "boot order lists cdrom but no disk has 'cdrom: true'");
    if (g->type == XYL_HVM && strchr(g->boot, 'n') && g->n_nics == 0)
        diag_warn(ld->d, ld->file, guest_key_mark(g, "boot"),
                  "boot order lists network but the guest has no networks");
}

/* cloud_init: its seed becomes a read-only disk of the guest, a CD on HVM;
 * the relative target lands in the images folder (images_resolve) */
static void add_seed(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;
    const char *vdev = g->type == XYL_HVM ? "hdd" : "xvdz";
    struct ynode n = { .kind = Y_MAP, .mark = guest_key_mark(g, "cloud_init") };
    struct xyl_disk *dk;
    int i;

    if (!g->cloud_init.user_data.path && !g->cloud_init.user_data.text)
        return;
    if (!g->name || !g->type)
        return;                 /* reported already */
    for (i = 0; i < g->n_disks; i++)
        if (g->disks[i].vdev && !strcmp(g->disks[i].vdev, vdev)) {
            diag_err(ld->d, ld->file, g->disks[i].mark, "disk %s is where cloud_init's seed "
                     "is attached on a %s guest; give this disk another vdev", vdev,
                     gtype_name(g->type));
            return;
        }
    dk = disk_new_item(g);
    dk->vdev = xstrdup(vdev);
    dk->target = xasprintf("%s-cidata.img", g->name);
    dk->format_idx = 0;         /* raw */
    dk->access_idx = 1;         /* ro */
    dk->cdrom = g->type == XYL_HVM ? 1 : XYL_UNSET;
    dk->is_seed = true;
    disk_parse_spec(ld, &n, dk);
}

void guest_check(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;

    if (g->maxmem_bytes && g->memory_bytes && g->maxmem_bytes < g->memory_bytes)
        diag_err(ld->d, ld->file, guest_key_mark(g, "maxmem"),
                 "maxmem (%lluM) is less than memory (%lluM); raise maxmem or remove it",
                 (unsigned long long)(g->maxmem_bytes >> 20),
                 (unsigned long long)(g->memory_bytes >> 20));
    if (g->maxvcpus != XYL_UNSET && g->maxvcpus < (g->vcpus == XYL_UNSET ? 1 : g->vcpus))
        diag_err(ld->d, ld->file, guest_key_mark(g, "maxvcpus"),
                 "maxvcpus (%ld) is less than vcpus (%ld)", g->maxvcpus,
                 g->vcpus == XYL_UNSET ? 1L : g->vcpus);
    if (g->has_hvm && g->type && g->type != XYL_HVM && !has_key(g, "hvm"))
        g->has_hvm = false;
    if (g->cpus && g->cpus_per_vcpu.n)
        diag_err(ld->d, ld->file, guest_key_mark(g, "cpus_per_vcpu"),
                 "give either 'cpus' (every vCPU alike) or 'cpus_per_vcpu', not both");
    check_boot(ld);
    add_seed(ld);
    check_devices(ld);
    check_vnc(ld);
    if (g->name && !g->uuid_str)
        derive_uuid(g->name, &g->uuid);
}
