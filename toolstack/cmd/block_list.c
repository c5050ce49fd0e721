/*
 * xyl block-list [--json] NAME|ID... - a guest's disks, in xl's columns:
 * Vdev (the numeric device ID, as xl prints it) BE handle state evt-ch
 * ring-ref BE-path.  --json adds the vdev name, target and mode.
 */
#include "../command.h"
#include "../hotplug.h"
#include "../util.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#define S(g, s) yajl_gen_string((g), (const unsigned char *)(s), strlen(s))

static void json_disk(yajl_gen g, const struct hp_dom *dom, const libxl_device_disk *dk,
                      const libxl_diskinfo *in)
{
    yajl_gen_map_open(g);
    S(g, "name"); S(g, dom->name);
    S(g, "domid"); yajl_gen_integer(g, dom->domid);
    S(g, "vdev"); S(g, dk->vdev ? dk->vdev : "");
    S(g, "devid"); yajl_gen_integer(g, in->devid);
    S(g, "target"); S(g, dk->pdev_path ? dk->pdev_path : "");
    S(g, "cdrom"); yajl_gen_bool(g, dk->is_cdrom);
    S(g, "readwrite"); yajl_gen_bool(g, dk->readwrite);
    S(g, "backend_id"); yajl_gen_integer(g, in->backend_id);
    S(g, "frontend_id"); yajl_gen_integer(g, in->frontend_id);
    S(g, "state"); yajl_gen_integer(g, in->state);
    S(g, "evtch"); yajl_gen_integer(g, in->evtch);
    S(g, "ring_ref"); yajl_gen_integer(g, in->rref);
    S(g, "backend_path"); S(g, in->backend ? in->backend : "");
    yajl_gen_map_close(g);
}

int cmd_block_list(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    yajl_gen g = NULL;
    int i, j, n, json = 0, ndoms = 0, rc = XYL_EXIT_OK;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "xyl block-list: unknown option '%s'\n", argv[i]);
            print_usage(find_command("block-list"));
            return XYL_EXIT_USAGE;
        } else
            ndoms++;
    }
    if (!ndoms) {
        print_usage(find_command("block-list"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (json) {
        g = yajl_gen_alloc(NULL);
        yajl_gen_config(g, yajl_gen_beautify, 1);
        yajl_gen_array_open(g);
    } else {
        printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
               "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref", "BE-path");
    }
    for (i = 1; i < argc; i++) {
        struct hp_dom dom = { 0, NULL, 0 };
        libxl_device_disk *disks;

        if (argv[i][0] == '-')
            continue;
        if (hp_find_domain(&x, argv[i], &dom)) {
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
        const unsigned char *buf;
        size_t len;
        yajl_gen_array_close(g);
        yajl_gen_get_buf(g, &buf, &len);
        fwrite(buf, 1, len, stdout);
        yajl_gen_free(g);
    }
    xen_close(&x);
    return rc;
}
