/*
 * libxl_map.c - struct xyl_guest -> libxl_domain_config.
 *
 * The order and the unconditional settings follow xl's parse_config_data()
 * (xen 4.17): xl always sets run_hotplug_scripts and claim_mode from
 * xl.conf's defaults and all five shutdown actions, and numbers NICs.  The
 * cross-check in tests/ compares our JSON with real xl's for every example.
 */
#include "xen/libxl_map.h"
#include "base/ident.h"
#include "base/libexec.h"
#include "base/util.h"
#include "hvm/hvm_map.h"
#include "model/pci_spec.h"
#include "model/pvgrub.h"
#include "model/schema_check.h"
#include "host/host_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxl_utils.h>
#include <libxlutil.h>

static void set_str(char **dst, const char *src)
{
    if (src)
        *dst = xstrdup(src);
}

static void replace_str(char **dst, const char *src)
{
    if (src) {
        free(*dst);
        *dst = xstrdup(src);
    }
}

/* A deep copy of validation's parse.  libxl_device_disk_copy() needs a
 * libxl ctx, which `xyl -N create` has not: the struct by value, then its
 * strings (Xen 4.17's libxl_device_disk; the size check stops the build if
 * a libxl release adds a field to copy). */
_Static_assert(sizeof(libxl_device_disk) == 144,
               "libxl_device_disk changed: check disk_copy() copies every pointer");
static void disk_copy(libxl_device_disk *dst, const libxl_device_disk *src)
{
    char **s[] = { &dst->backend_domname, &dst->pdev_path, &dst->vdev, &dst->script,
                   &dst->colo_host, &dst->colo_export, &dst->active_disk, &dst->hidden_disk };
    size_t i;

    *dst = *src;
    for (i = 0; i < ARRAY_SIZE(s); i++)
        if (*s[i])
            *s[i] = xstrdup(*s[i]);
}

/* `hotplug: xyl` (host configuration): xyl-block, not Xen's block script,
 * for a disk that names no script and that libxl gives dom0's kernel
 * blkback (libxl_device.c's disk_try_backend, Xen 4.17): raw, not a
 * virtio or COLO disk, no backend domain (a driver domain runs its own
 * scripts), backendtype phy, or none with a target that is a block device
 * or a file (libxl would pick phy; with a script set it would not stat
 * the target, so a script must not be set where it would pick qdisk). */
static void disk_hotplug(libxl_device_disk *disk)
{
    struct stat st;

    if (disk->script || disk->backend_domname || host_hotplug() != HOST_HOTPLUG_XYL ||
        (disk->format != LIBXL_DISK_FORMAT_RAW && disk->format != LIBXL_DISK_FORMAT_UNKNOWN) ||
        disk->specification == LIBXL_DISK_SPECIFICATION_VIRTIO || disk->colo_host ||
        !disk->pdev_path || !*disk->pdev_path)
        return;
    if (disk->backend == LIBXL_DISK_BACKEND_UNKNOWN) {
        if (stat(disk->pdev_path, &st) || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
            return;
    } else if (disk->backend != LIBXL_DISK_BACKEND_PHY) {
        return;
    }
    disk->script = libexec_path(XYL_BLOCK, "XYL_BLOCK", false);
}

int disk_to_libxl(const struct xyl_disk *dk, libxl_device_disk *disk)
{
    XLU_Config *cfg;
    const char *specs[1] = { dk->spec };
    int e;

    libxl_device_disk_init(disk);
    if (dk->xlu_spec && !strcmp(dk->xlu_spec, dk->spec)) {
        disk_copy(disk, &dk->xlu);      /* validation's parse, not a second one */
    } else {
        cfg = xlu_cfg_init(stderr, "disk");
        if (!cfg)
            return ENOMEM;
        e = xlu_disk_parse(cfg, 1, specs, disk);   /* validated before: cannot fail */
        xlu_cfg_destroy(cfg);
        if (e)
            return e;
    }
    disk_hotplug(disk);
    return 0;
}

int nic_to_libxl(const struct xyl_nic *n, int devid, libxl_device_nic *nic)
{
    char mac[18];
    int e = 0;

    const struct xl_defaults *xd = xl_defaults();

    libxl_device_nic_init(nic);
    nic->devid = devid;
    /* xl.conf's vif.default.* first, as xl's set_default_nic_values() */
    set_str(&nic->script, xd->vif_script);
    set_str(&nic->bridge, xd->vif_bridge);
    set_str(&nic->gatewaydev, xd->vif_gatewaydev);
    set_str(&nic->backend_domname, xd->vif_backend);
    memcpy(nic->mac, n->macaddr, 6);
    format_mac(n->macaddr, mac);
    /* unset like xl: libxl then picks xenbr0 */
    replace_str(&nic->bridge, n->bridge);
    set_str(&nic->model, n->model);
    set_str(&nic->ip, n->ip);
    replace_str(&nic->script, n->script);
    set_str(&nic->ifname, n->vifname);
    replace_str(&nic->backend_domname, n->backend);
    /* `hotplug: xyl` (host configuration): xyl-vif-bridge, not Xen's
     * vif-bridge, for a NIC of dom0's that names no script (decided once
     * the backend is known: a driver domain runs its own scripts) */
    if (!nic->script && !nic->backend_domname && host_hotplug() == HOST_HOTPLUG_XYL)
        nic->script = libexec_path(XYL_VIF_BRIDGE, "XYL_VIF_BRIDGE", false);
    if (n->type_idx == 0)
        nic->nictype = LIBXL_NIC_TYPE_VIF;
    else if (n->type_idx == 1)
        nic->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
    if (n->rate) {
        XLU_Config *cfg = xlu_cfg_init(stderr, "vif");
        e = cfg ? xlu_vif_parse_rate(cfg, n->rate, nic) : ENOMEM;
        if (cfg)
            xlu_cfg_destroy(cfg);
    }
    return e;
}

static void set_action(libxl_action_on_shutdown *a, int idx, libxl_action_on_shutdown dflt)
{
    /* xyl_action_names[] is in libxl's enum order, starting at DESTROY = 1 */
    *a = idx == XYL_UNSET ? dflt : (libxl_action_on_shutdown)(idx + 1);
}

/* one vCPU's pinning bitmap from a cpus string (checked when loaded) */
static void cpu_bitmap(const char *s, libxl_bitmap *bm)
{
    static uint8_t map[XYL_MAX_HOST_CPUS / 8];
    const char *why;
    int j, nbytes = 0;

    libxl_bitmap_init(bm);
    if (parse_cpu_list(s, map, XYL_MAX_HOST_CPUS, &why))
        memset(map, 0, sizeof(map));
    for (j = 0; j < XYL_MAX_HOST_CPUS / 8; j++)
        if (map[j])
            nbytes = j + 1;
    bm->size = (uint32_t)(nbytes ? nbytes : 1);
    bm->map = xcalloc(bm->size, 1);
    memcpy(bm->map, map, (size_t)nbytes);
}

/* cpus: every vCPU pinned alike (xl's string form); cpus_per_vcpu: vCPU i
 * to item i (xl's list form) */
static void map_cpus(const struct xyl_guest *g, libxl_domain_build_info *b)
{
    int i, n = g->cpus ? b->max_vcpus : g->cpus_per_vcpu.n;

    if (!n)
        return;
    b->num_vcpu_hard_affinity = n;
    b->vcpu_hard_affinity = xcalloc((size_t)n, sizeof(*b->vcpu_hard_affinity));
    for (i = 0; i < n; i++)
        cpu_bitmap(g->cpus ? g->cpus : g->cpus_per_vcpu.v[i], &b->vcpu_hard_affinity[i]);
    if (!g->cpus)
        libxl_defbool_set(&b->numa_placement, false);   /* as xl does for its list form */
}

/* framebuffer: one vfb and the vkb xl adds with it */
static void map_fb(const struct xyl_fb *f, libxl_domain_config *dc)
{
    libxl_device_vfb *v;

    dc->vfbs = xcalloc(1, sizeof(*dc->vfbs));
    dc->vkbs = xcalloc(1, sizeof(*dc->vkbs));
    dc->num_vfbs = dc->num_vkbs = 1;
    v = &dc->vfbs[0];
    libxl_device_vfb_init(v);
    libxl_device_vkb_init(&dc->vkbs[0]);
    v->devid = 0;
    dc->vkbs[0].devid = 0;
    if (f->vnc != XYL_UNSET)
        libxl_defbool_set(&v->vnc.enable, f->vnc);
    set_str(&v->vnc.listen, f->listen);
    set_str(&v->vnc.passwd, f->password);
    if (f->display != XYL_UNSET)
        v->vnc.display = (int)f->display;
    if (f->findunused != XYL_UNSET)
        libxl_defbool_set(&v->vnc.findunused, f->findunused);
    if (f->sdl != XYL_UNSET)
        libxl_defbool_set(&v->sdl.enable, f->sdl);
    set_str(&v->keymap, f->keymap);
}

/* pci: parsed by libxlutil as xl does */
static int map_pci(const struct xyl_guest *g, libxl_domain_config *dc)
{
    XLU_Config *cfg;
    int i, e = 0;

    if (!g->pci.n)
        return 0;
    cfg = xlu_cfg_init(stderr, "pci");
    if (!cfg)
        return ENOMEM;
    dc->pcidevs = xcalloc((size_t)g->pci.n, sizeof(*dc->pcidevs));
    for (i = 0; i < g->pci.n && !e; i++) {
        libxl_device_pci_init(&dc->pcidevs[dc->num_pcidevs]);
        e = pci_spec_parse(cfg, &dc->pcidevs[dc->num_pcidevs++], g->pci.v[i]);
    }
    xlu_cfg_destroy(cfg);
    if (!e && g->type == XYL_PV)
        libxl_defbool_set(&dc->b_info.u.pv.e820_host, true);   /* as xl does for pv passthrough */
    return e;
}

/* vtpms: as xl builds them (devid = index, the backend by name; no uuid:
 * libxl makes one when the device is added) */
static void map_vtpms(const struct xyl_guest *g, libxl_domain_config *dc)
{
    int i;

    if (!g->n_vtpms)
        return;
    dc->vtpms = xcalloc((size_t)g->n_vtpms, sizeof(*dc->vtpms));
    for (i = 0; i < g->n_vtpms; i++) {
        libxl_device_vtpm *v = &dc->vtpms[dc->num_vtpms++];
        libxl_device_vtpm_init(v);
        v->devid = i;
        v->backend_domname = xstrdup(g->vtpms[i].backend);
        if (g->vtpms[i].uuid)
            libxl_uuid_from_string(&v->uuid, g->vtpms[i].uuid);     /* validated */
    }
}

static void map_firmware(const struct xyl_guest *g, libxl_domain_build_info *b)
{
    const char *f = g->firmware;

    if (!f)
        return;
    if (g->type == XYL_HVM)
        hvm_map_firmware(f, b);
    else
        b->kernel = xstrdup(pvgrub_image(g->type, f));  /* validated: a pvgrub name */
}

int guest_to_libxl(const struct xyl_guest *g, libxl_ctx *ctx,
                   libxl_domain_config *dc, struct diags *d)
{
    libxl_domain_create_info *c = &dc->c_info;
    libxl_domain_build_info *b = &dc->b_info;
    long vcpus = g->vcpus == XYL_UNSET ? 1 : g->vcpus, i;
    int k;

    libxl_domain_config_init(dc);
    c->type = g->type == XYL_HVM ? LIBXL_DOMAIN_TYPE_HVM :
              g->type == XYL_PVH ? LIBXL_DOMAIN_TYPE_PVH : LIBXL_DOMAIN_TYPE_PV;
    libxl_defbool_set(&c->run_hotplug_scripts, xl_defaults()->run_hotplug_scripts);
    c->name = xstrdup(g->name);
    if (g->hap != XYL_UNSET)
        libxl_defbool_set(&c->hap, g->hap);
    set_str(&c->ssid_label, g->seclabel);
    libxl_uuid_copy(ctx, &c->uuid, &g->uuid);
    libxl_domain_build_info_init_type(b, c->type);

    b->target_memkb = g->memory_bytes >> 10;
    b->max_memkb = (g->maxmem_bytes ? g->maxmem_bytes : g->memory_bytes) >> 10;
    /* libxl_cpu_bitmap_alloc() needs a live ctx; this is the same layout
     * (size in bytes, map freed by libxl_bitmap_dispose) without one */
    b->avail_vcpus.size = (uint32_t)((vcpus + 7) / 8);
    b->avail_vcpus.map = xcalloc(b->avail_vcpus.size, 1);
    for (i = 0; i < vcpus; i++)
        libxl_bitmap_set(&b->avail_vcpus, (int)i);
    b->max_vcpus = (int)(g->maxvcpus == XYL_UNSET ? vcpus : g->maxvcpus);
    libxl_defbool_set(&b->claim_mode, xl_defaults()->claim_mode);
    if (g->cpu_weight != XYL_UNSET)
        b->sched_params.weight = (int)g->cpu_weight;
    if (g->cpu_cap != XYL_UNSET)
        b->sched_params.cap = (int)g->cpu_cap;
    if (g->localtime != XYL_UNSET)
        libxl_defbool_set(&b->localtime, g->localtime);
    if (g->nestedhvm != XYL_UNSET)
        libxl_defbool_set(&b->nested_hvm, g->nestedhvm);

    set_action(&dc->on_poweroff, g->on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    set_action(&dc->on_reboot, g->on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    set_action(&dc->on_crash, g->on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    dc->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    dc->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;

    set_str(&b->kernel, g->kernel);
    set_str(&b->ramdisk, g->ramdisk);
    set_str(&b->cmdline, g->cmdline);
    set_str(&b->bootloader, g->bootloader);
    if (g->bootloader_args.n) {
        b->bootloader_args = xcalloc((size_t)g->bootloader_args.n + 1, sizeof(char *));
        for (k = 0; k < g->bootloader_args.n; k++)
            b->bootloader_args[k] = xstrdup(g->bootloader_args.v[k]);
    }
    map_firmware(g, b);
    map_cpus(g, b);
    if (g->type == XYL_HVM)
        hvm_map_build_info(g, b);
    if (g->has_fb && g->type != XYL_HVM)
        map_fb(&g->fb, dc);
    if (map_pci(g, dc)) {
        diag_err(d, g->file, g->root_mark, "libxlutil rejects a pci device");
        return -1;
    }

    for (k = 0; k < g->n_disks; k++) {
        if (g->disks[k].is_xyl_backend)
            continue;       /* served by xyl-blkback, not by libxl */
        dc->disks = xrealloc(dc->disks, (size_t)(dc->num_disks + 1) * sizeof(*dc->disks));
        if (disk_to_libxl(&g->disks[k], &dc->disks[dc->num_disks++])) {
            diag_err(d, g->file, g->disks[k].mark, "libxlutil rejects disk '%s'", g->disks[k].spec);
            return -1;
        }
    }
    if (g->n_nics) {
        dc->nics = xcalloc((size_t)g->n_nics, sizeof(*dc->nics));
        for (k = 0; k < g->n_nics; k++) {
            if (g->nics[k].is_xyl_backend)
                continue;   /* served by xyl-netback; its devid k stays taken */
            if (nic_to_libxl(&g->nics[k], k, &dc->nics[dc->num_nics++])) {
                diag_err(d, g->file, g->nics[k].mark, "libxlutil rejects rate '%s'", g->nics[k].rate);
                return -1;
            }
        }
    }
    map_vtpms(g, dc);
    return 0;
}
