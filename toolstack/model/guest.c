/*
 * guest.c - life cycle of struct xyl_guest, and the rule for its xenstore:
 * keys.
 */
#include "model/guest.h"
#include "base/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void guest_init(struct xyl_guest *g)
{
    memset(g, 0, sizeof(*g));
    g->vcpus = g->maxvcpus = XYL_UNSET;
    g->on_poweroff = g->on_reboot = g->on_crash = XYL_UNSET;
    g->autostart = XYL_UNSET;
    g->stop_timeout = XYL_UNSET;
    g->hvm.vnc.enable = XYL_UNSET;
    g->hvm.vnc.display = XYL_UNSET;
    g->hvm.viridian = g->hvm.stdvga = g->hvm.acpi = g->hvm.pv_drivers = XYL_UNSET;
    g->hvm.vga = XYL_UNSET;
    g->hvm.videoram = XYL_UNSET;
    g->hvm.vnc.findunused = XYL_UNSET;
    g->hvm.spice.enable = g->hvm.spice.disable_ticketing = g->hvm.spice.agent_mouse = XYL_UNSET;
    g->hvm.spice.vdagent = g->hvm.spice.clipboard_sharing = XYL_UNSET;
    g->hvm.spice.port = g->hvm.spice.tls_port = g->hvm.spice.usbredirection = XYL_UNSET;
    g->hvm.apic = g->hvm.pae = g->hvm.hpet = g->hvm.nx = g->hvm.usb = g->hvm.sdl = XYL_UNSET;
    g->hvm.timer_mode = XYL_UNSET;
    g->localtime = g->hap = g->nestedhvm = XYL_UNSET;
    g->fb.vnc = g->fb.findunused = g->fb.sdl = XYL_UNSET;
    g->fb.display = XYL_UNSET;
    g->cpu_weight = g->cpu_cap = XYL_UNSET;
}

static void strlist_free(struct xyl_strlist *l)
{
    int i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

void guest_free(struct xyl_guest *g)
{
    int i;

    free(g->file);
    free(g->name);
    free(g->uuid_str);
    free(g->kernel);
    free(g->ramdisk);
    free(g->cmdline);
    free(g->bootloader);
    free(g->firmware);
    for (i = 0; i < g->bootloader_args.n; i++)
        free(g->bootloader_args.v[i]);
    free(g->bootloader_args.v);
    for (i = 0; i < g->n_disks; i++) {
        struct xyl_disk *d = &g->disks[i];
        free(d->spec);
        free(d->target);
        free(d->vdev);
        free(d->parsed_vdev);
        if (d->xlu_spec) {
            libxl_device_disk_dispose(&d->xlu);
            free(d->xlu_spec);
        }
    }
    free(g->disks);
    for (i = 0; i < g->n_nics; i++) {
        struct xyl_nic *n = &g->nics[i];
        free(n->bridge); free(n->mac); free(n->model); free(n->ip);
        free(n->rate); free(n->script); free(n->vifname); free(n->backend);
    }
    free(g->nics);
    for (i = 0; i < g->n_vtpms; i++) {
        free(g->vtpms[i].backend);
        free(g->vtpms[i].uuid);
    }
    free(g->vtpms);
    free(g->hvm.vnc.listen);
    free(g->hvm.vnc.password);
    free(g->hvm.serial);
    free(g->hvm.usbdevice);
    free(g->hvm.spice.host);
    free(g->hvm.spice.password);
    free(g->hvm.keymap);
    free(g->hvm.soundhw);
    free(g->seclabel);
    free(g->fb.listen);
    free(g->fb.password);
    free(g->fb.keymap);
    free(g->cpus);
    strlist_free(&g->pci);
    strlist_free(&g->cpus_per_vcpu);
    strlist_free(&g->hvm.viridian_features);
    strlist_free(&g->hvm.serials);
    strlist_free(&g->hvm.usbdevices);
    kvlist_free(&g->xenstore);
    free(g->cloud_init.user_data.path);
    free(g->cloud_init.user_data.text);
    free(g->cloud_init.network_config.path);
    free(g->cloud_init.network_config.text);
    guest_init(g);
}

const char *gtype_name(int type)
{
    switch (type) {
    case XYL_PV:  return "pv";
    case XYL_PVH: return "pvh";
    case XYL_HVM: return "hvm";
    }
    return "of unknown type";
}

bool xs_data_key_ok(const char *key)
{
    size_t n = strlen(key);
    const char *p;

    if (n == 0 || n > XS_DATA_KEY_MAX || key[0] == '/' || key[n - 1] == '/' || strstr(key, "//"))
        return false;
    for (p = key; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-@/", *p))
            return false;       /* what xenstored accepts in a path (no '.') */
    return true;
}

void kvlist_free(struct xyl_kvlist *kv)
{
    int i;

    for (i = 0; i < kv->n; i++) {
        free(kv->v[i].key);
        free(kv->v[i].value);
    }
    free(kv->v);
    kv->v = NULL;
    kv->n = 0;
}
