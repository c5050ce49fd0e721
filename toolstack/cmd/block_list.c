/*
 * xyl block-list [--json] NAME|ID... - a guest's disks, in xl's columns:
 * Vdev (the numeric device ID, as xl prints it) BE handle state evt-ch
 * ring-ref BE-path.  --json adds the vdev name, target and mode.
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "base/util.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"

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

int cmd_block_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    yajl_gen g = NULL;
    int i, j, n, json = arg_flag(a, "json"), rc = XYL_EXIT_OK;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (json) {
        g = json_gen_new();
        yajl_gen_array_open(g);
    } else {
        printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
               "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref", "BE-path");
    }
    for (i = 0; i < a->npos; i++) {
        struct hp_dom dom = { 0, NULL, 0 };
        libxl_device_disk *disks;

        if (hp_find_domain(&x, a->pos[i], &dom)) {
            rc = XYL_EXIT_FAIL;
            continue;
        }
        disks = libxl_device_disk_list(x.ctx, dom.domid, &n);
        for (j = 0; disks && j < n; j++) {
            libxl_diskinfo in;
            libxl_diskinfo_init(&in);
            if (libxl_device_disk_getinfo(x.ctx, dom.domid, &disks[j], &in) == 0) {
                if (json)
                    json_disk(g, &dom, &disks[j], &in);
                else
                    printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", in.devid, in.backend_id,
                           in.frontend_id, in.state, in.evtch, in.rref,
                           in.backend ? in.backend : "");
            }
            libxl_diskinfo_dispose(&in);
        }
        if (disks)
            libxl_device_disk_list_free(disks, n);
        hp_dom_free(&dom);
    }
    if (json) {
        yajl_gen_array_close(g);
        json_gen_print(g);
    }
    xen_close(&x);
    return rc;
}
