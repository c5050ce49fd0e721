/*
 * xyl block-attach NAME|ID DISK   - hot-plug a disk (libxl_device_disk_add)
 * xyl block-detach [-f] NAME|ID VDEV - unplug it again
 *
 * Twins in one file: detach is attach's undo and shares its reading of the
 * domain's disks.  DISK is one disks: item as in a definition, the YAML
 * mapping written inline ('{target: /img, vdev: xvdb}') or an xl disk spec
 * ('format=raw, vdev=xvdb, target=/img'); it goes through the same parser
 * and rules, with errors pointing into the argument (<argument>:1:COL).
 * A failed attach leaves nothing: libxl undoes its own steps, and xyl
 * destroys the device if libxl still lists it afterwards.  Disks with
 * `backend: xyl` go to xyl-blkback instead (xyl_vbd.c).
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "xen/libxl_map.h"
#include "base/util.h"
#include "devices/xyl_vbd.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What xyl can tell before libxl is asked; adds diagnostics to d. */
static void precheck(struct xyl_xen *x, const struct hp_dom *dom, const char *arg,
                     const struct xyl_disk *dk, struct diags *d)
{
    struct stat st;

    if (dk->parsed_cdrom && dom->type == XYL_HVM)
        hp_err(d, arg, dk->mark, "a CD-ROM drive cannot be hot-plugged: give it in %s's "
               "definition and change its medium with 'xyl cd-insert'", dom->name);
    if (hp_has_disk(x, dom->domid, dk->parsed_vdev))
        hp_err(d, arg, hp_arg_mark(arg, dk->parsed_vdev, dk->mark),
               "%s already has a disk %s (see 'xyl block-list %s')", dom->name,
               dk->parsed_vdev, dom->name);
    if (dk->target && dk->target[0] == '/' && stat(dk->target, &st))
        hp_err(d, arg, hp_arg_mark(arg, dk->target, dk->mark),
               "cannot use target %s: %s%s", dk->target, strerror(errno),
               errno == ENOENT ? " (create the image first, e.g. truncate -s 1G FILE)" : "");
}

int cmd_block_attach(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    struct xyl_guest g;
    libxl_device_disk disk, left;
    const struct xyl_disk *dk = NULL;
    int rc = XYL_EXIT_FAIL;

    guest_init(&g);
    libxl_device_disk_init(&disk);
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (hp_find_domain(&x, a->pos[0], &dom))
        goto out;
    if (hp_parse_item(&dom, "disks", a->pos[1], &g, &d) == 0) {
        dk = &g.disks[0];
        precheck(&x, &dom, a->pos[1], dk, &d);
    }
    if (d.errors || !dk) {
        diags_print(&d, stderr);
        goto out;
    }
    if (dk->is_xyl_backend) {       /* served by xyl-blkback: libxl never sees it */
        if (o->dryrun)
            printf("would attach %s (backend xyl) to %s\n", dk->parsed_vdev, dom.name);
        else if (xyl_vbd_hot_attach(dom.domid, HP_ARG, dk))
            goto out;
        else
            printf("attached %s to %s\n", dk->parsed_vdev, dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (disk_to_libxl(dk, &disk)) {
        fprintf(stderr, "xyl: libxlutil rejects disk '%s'\n", dk->spec);
        goto out;
    }
    if (o->dryrun) {
        char *json = libxl_device_disk_to_json(x.ctx, &disk);
        printf("%s\n", json ? json : "");
        free(json);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_device_disk_add(x.ctx, dom.domid, &disk, NULL) == 0) {
        printf("attached %s to %s\n", dk->parsed_vdev, dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    fprintf(stderr, "xyl: libxl could not attach %s to %s (see the messages above)\n",
            dk->parsed_vdev, dom.name);
    /* libxl removes what it added; make sure of it */
    if (hp_has_disk(&x, dom.domid, dk->parsed_vdev) &&
        libxl_vdev_to_device_disk(x.ctx, dom.domid, dk->parsed_vdev, &left) == 0) {
        fprintf(stderr, "xyl: removing the half-attached %s\n", dk->parsed_vdev);
        libxl_device_disk_destroy(x.ctx, dom.domid, &left, NULL);
        libxl_device_disk_dispose(&left);
    }
out:
    libxl_device_disk_dispose(&disk);
    guest_free(&g);
    diags_free(&d);
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}

int cmd_block_detach(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    libxl_device_disk disk;
    bool force = arg_flag(a, "f");
    const char *vdev = a->pos[1];
    int r, rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_device_disk_init(&disk);
    if (hp_find_domain(&x, a->pos[0], &dom))
        goto out;
    if (!o->dryrun && (r = xyl_vbd_hot_detach(dom.domid, vdev, force)) != 1) {
        rc = r ? XYL_EXIT_FAIL : XYL_EXIT_OK;  /* an xyl disk (backend: xyl) */
        goto out;
    }
    if (!hp_has_disk(&x, dom.domid, vdev) ||
        libxl_vdev_to_device_disk(x.ctx, dom.domid, vdev, &disk)) {
        fprintf(stderr, "xyl: %s has no disk %s (see 'xyl block-list %s')\n",
                dom.name, vdev, dom.name);
        goto out;
    }
    if (o->dryrun) {
        printf("would %s %s of %s\n", force ? "destroy" : "detach", vdev, dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    /* like xl: without -f the guest must let go of the disk (safe_remove
     * does not yank a disk the guest still uses after a timeout) */
    r = force ? libxl_device_disk_destroy(x.ctx, dom.domid, &disk, NULL)
              : libxl_device_disk_safe_remove(x.ctx, dom.domid, &disk, NULL);
    if (r == 0)
        rc = XYL_EXIT_OK;
    else if (force)
        fprintf(stderr, "xyl: libxl could not remove %s from %s (libxl error %d)\n",
                vdev, dom.name, r);
    else
        fprintf(stderr, "xyl: %s did not release %s (is it mounted in the guest?); "
                "'xyl block-detach -f %s %s' removes it anyway\n",
                dom.name, vdev, dom.name, vdev);
out:
    libxl_device_disk_dispose(&disk);
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}
