/*
 * xyl cd-insert NAME|ID VDEV TARGET - put a medium into an HVM guest's CD-ROM
 * xyl cd-eject NAME|ID VDEV         - take it out again
 *
 * Twins in one file: an eject is an insert of the empty medium, both through
 * libxl_cdrom_insert (QEMU changes the medium).  Only HVM guests have a
 * device model to change it (a PV/PVH guest's CD-ROM keeps the medium it
 * was created with), and the drive must be in the guest's definition.
 * The medium is built in hvm/cdrom.c.
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "xen/libxl_map.h"
#include "hvm/cdrom.h"
#include "base/util.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cd_change(const struct cmd_args *a, const struct xyl_opts *o, bool insert)
{
    const char *target = insert ? a->pos[2] : "";
    struct diags d = { 0 };
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    struct xyl_guest g;
    struct xyl_disk *dk;
    struct stat st;
    libxl_device_disk cur, disk;
    int r, rc = XYL_EXIT_FAIL;

    if (insert && target[0] == '/' && stat(target, &st)) {
        fprintf(stderr, "xyl: cannot use %s: %s\n", target, strerror(errno));
        return XYL_EXIT_FAIL;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    guest_init(&g);
    libxl_device_disk_init(&cur);
    libxl_device_disk_init(&disk);
    if (hp_find_domain(&x, a->pos[0], &dom))
        goto out;
    if (dom.type != XYL_HVM) {
        fprintf(stderr, "xyl: %s is a %s guest: its CD-ROM keeps the medium it was created "
                "with (cd-insert and cd-eject need an hvm guest's device model)\n",
                dom.name, gtype_name(dom.type));
        goto out;
    }
    if (!hp_has_disk(&x, dom.domid, a->pos[1]) ||
        libxl_vdev_to_device_disk(x.ctx, dom.domid, a->pos[1], &cur)) {
        fprintf(stderr, "xyl: %s has no drive %s (a CD-ROM drive is given in the guest's "
                "definition: {vdev: hdc, cdrom: true})\n", dom.name, a->pos[1]);
        goto out;
    }
    if (!cur.is_cdrom) {
        fprintf(stderr, "xyl: %s of %s is a disk, not a CD-ROM drive\n", a->pos[1], dom.name);
        goto out;
    }
    g.name = xstrdup(dom.name);
    g.type = dom.type;
    if (!(dk = hvm_cdrom_medium(&g, HP_ARG, a->pos[1], target, &d))) {
        diags_print(&d, stderr);
        goto out;
    }
    if (disk_to_libxl(dk, &disk)) {
        fprintf(stderr, "xyl: libxlutil rejects '%s'\n", dk->spec);
        goto out;
    }
    if (o->dryrun) {
        printf("would %s %s%s%s of %s\n", insert ? "insert" : "eject", insert ? target : "",
               insert ? " into " : "", a->pos[1], dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    r = libxl_cdrom_insert(x.ctx, dom.domid, &disk, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not %s %s of %s (libxl error %d)\n",
                insert ? "change the medium in" : "eject", a->pos[1], dom.name, r);
    else
        rc = XYL_EXIT_OK;
out:
    libxl_device_disk_dispose(&disk);
    libxl_device_disk_dispose(&cur);
    guest_free(&g);
    diags_free(&d);
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}

int cmd_cd_insert(const struct cmd_args *a, const struct xyl_opts *o)
{
    return cd_change(a, o, true);
}

int cmd_cd_eject(const struct cmd_args *a, const struct xyl_opts *o)
{
    return cd_change(a, o, false);
}
