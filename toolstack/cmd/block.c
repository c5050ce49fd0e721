/*
 * The block family: xyl block-attach NAME|ID DISK, block-detach [-f]
 * NAME|ID VDEV, block-list [--json] NAME|ID...
 *
 * attach hot-plugs a disk (libxl_device_disk_add), detach unplugs it again
 * and shares its reading of the domain's disks.  DISK is one disks: item
 * as in a definition, the YAML mapping written inline ('{target: /img,
 * vdev: xvdb}') or an xl disk spec ('format=raw, vdev=xvdb, target=/img');
 * it goes through the same parser and rules, with errors pointing into the
 * argument (<argument>:1:COL).  A failed attach leaves nothing: libxl
 * undoes its own steps, and xyl destroys the device if libxl still lists it
 * afterwards.  Disks with `backend: xyl` go to xyl-blkback instead
 * (xyl_vbd.c).  list prints xl's columns: Vdev (the numeric device ID, as
 * xl prints it) BE handle state evt-ch ring-ref BE-path; --json adds the
 * vdev name, target and mode.
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "xen/libxl_map.h"
#include "base/util.h"
#include "devices/xyl_vbd.h"
#include "base/json_out.h"
#include "host/host_config.h"

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
    struct hp_attach h;
    libxl_device_disk disk, left;
    struct host_config hc;
    const struct xyl_disk *dk;
    int rc = XYL_EXIT_FAIL;

    libxl_device_disk_init(&disk);
    if (hp_attach_begin(&h, o->verbose, a->pos[0], "disks", a->pos[1]))
        goto out;
    dk = &h.g.disks[0];
    precheck(&h.x, &h.dom, a->pos[1], dk, &h.d);
    if (hp_attach_checked(&h))
        goto out;
    if (dk->is_xyl_backend) {       /* served by xyl-blkback: libxl never sees it */
        if (o->dryrun)
            printf("would attach %s (backend xyl) to %s\n", dk->parsed_vdev, h.dom.name);
        else if (xyl_vbd_hot_attach(h.dom.domid, HP_ARG, dk))
            goto out;
        else
            printf("attached %s to %s\n", dk->parsed_vdev, h.dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (host_config_load_or_say(&hc, o->config))   /* its hotplug: */
        goto out;
    host_config_free(&hc);
    if (disk_to_libxl(dk, &disk)) {
        fprintf(stderr, "xyl: libxlutil rejects disk '%s'\n", dk->spec);
        goto out;
    }
    if (o->dryrun) {
        hp_print_json(libxl_device_disk_to_json(h.x.ctx, &disk));
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_device_disk_add(h.x.ctx, h.dom.domid, &disk, NULL) == 0) {
        printf("attached %s to %s\n", dk->parsed_vdev, h.dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    fprintf(stderr, "xyl: libxl could not attach %s to %s (see the messages above)\n",
            dk->parsed_vdev, h.dom.name);
    /* libxl removes what it added; make sure of it */
    if (hp_has_disk(&h.x, h.dom.domid, dk->parsed_vdev) &&
        libxl_vdev_to_device_disk(h.x.ctx, h.dom.domid, dk->parsed_vdev, &left) == 0) {
        fprintf(stderr, "xyl: removing the half-attached %s\n", dk->parsed_vdev);
        libxl_device_disk_destroy(h.x.ctx, h.dom.domid, &left, NULL);
        libxl_device_disk_dispose(&left);
    }
out:
    libxl_device_disk_dispose(&disk);
    hp_attach_end(&h);
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

static void json_disk(yajl_gen g, const struct hp_dom *dom, const libxl_device_disk *dk,
                      const libxl_diskinfo *in)
{
    yajl_gen_map_open(g);
    json_str(g, "name"); json_str(g, dom->name);
    json_str(g, "domid"); yajl_gen_integer(g, dom->domid);
    json_str(g, "vdev"); json_str(g, dk->vdev ? dk->vdev : "");
    json_str(g, "devid"); yajl_gen_integer(g, in->devid);
    json_str(g, "target"); json_str(g, dk->pdev_path ? dk->pdev_path : "");
    json_str(g, "cdrom"); yajl_gen_bool(g, dk->is_cdrom);
    json_str(g, "readwrite"); yajl_gen_bool(g, dk->readwrite);
    json_str(g, "backend_id"); yajl_gen_integer(g, in->backend_id);
    json_str(g, "frontend_id"); yajl_gen_integer(g, in->frontend_id);
    json_str(g, "state"); yajl_gen_integer(g, in->state);
    json_str(g, "evtch"); yajl_gen_integer(g, in->evtch);
    json_str(g, "ring_ref"); yajl_gen_integer(g, in->rref);
    json_str(g, "backend_path"); json_str(g, in->backend ? in->backend : "");
    yajl_gen_map_close(g);
}

/* One domain's disks, as a table row or a JSON object each. */
static void list_disks(struct xyl_xen *x, const struct hp_dom *dom, yajl_gen g)
{
    libxl_device_disk *disks;
    int j, n;

    disks = libxl_device_disk_list(x->ctx, dom->domid, &n);
    for (j = 0; disks && j < n; j++) {
        libxl_diskinfo in;
        libxl_diskinfo_init(&in);
        if (libxl_device_disk_getinfo(x->ctx, dom->domid, &disks[j], &in) == 0) {
            if (g)
                json_disk(g, dom, &disks[j], &in);
            else
                printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", in.devid, in.backend_id,
                       in.frontend_id, in.state, in.evtch, in.rref,
                       in.backend ? in.backend : "");
        }
        libxl_diskinfo_dispose(&in);
    }
    if (disks)
        libxl_device_disk_list_free(disks, n);
}

int cmd_block_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    char header[128];

    snprintf(header, sizeof(header), "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
             "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref", "BE-path");
    return hp_list(o->verbose, a->pos, a->npos, arg_flag(a, "json"), header, list_disks)
           ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
