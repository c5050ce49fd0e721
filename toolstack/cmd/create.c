/*
 * xyl create [-p] [-c] [-e] FILE.yaml - build a guest from its definition:
 * load and validate it (with the host configuration's images folder),
 * then domain/create.c does the work.  With the global -N (or -n) it
 * prints the libxl_domain_config JSON instead (and on stderr the images it
 * would create).
 */
#include "cli/command.h"
#include "host/host_config.h"
#include "images/images.h"
#include "xen/libxl_map.h"
#include "model/validate.h"
#include "domain/create.h"
#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dry_run(const struct xyl_guest *g, struct diags *d)
{
    libxl_domain_config dc;
    char *json;
    int rc = XYL_EXIT_FAIL;

    if (guest_to_libxl(g, NULL, &dc, d) == 0) {
        json = libxl_domain_config_to_json(NULL, &dc);
        if (json) {
            fputs(json, stdout);
            free(json);
            rc = XYL_EXIT_OK;
        } else {
            fprintf(stderr, "xyl: libxl could not convert the configuration to JSON\n");
        }
    }
    libxl_domain_config_dispose(&dc);
    return rc;
}

int cmd_create(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    struct host_config hc;
    bool paused = arg_flag(a, "p"), console = arg_flag(a, "c"), monitor = !arg_flag(a, "e");
    bool dry = o->dryrun || arg_flag(a, "n");      /* xl spells dry run both ways */
    int rc;

    xyl_trace("create: start");     /* XYL_TRACE=1: where a create's time goes */
    load_guest_file(a->pos[0], &g, &d);
    xyl_trace("definition loaded and validated");
    if (!d.errors) {
        if (host_config_load(&hc, o->config, &d) == 0)
            images_resolve(&g, hc.images, &d);  /* relative targets: the images folder */
        host_config_free(&hc);
        xyl_trace("host configuration read");
    }
    if (d.errors) {
        diags_print(&d, stderr);
        rc = XYL_EXIT_FAIL;
    } else {
        diags_print(&d, stderr);        /* warnings */
        diags_free(&d);
        if (dry) {
            struct image_list none = { 0 };
            images_create_missing(&g, true, stderr, &none);    /* says, creates nothing */
        }
        rc = dry ? dry_run(&g, &d)
                 : domain_create(&g, (paused ? CREATE_PAUSED : 0) | (console ? CREATE_CONSOLE : 0) |
                                     (monitor ? 0 : CREATE_NO_MONITOR), o->verbose, &d)
                   ? XYL_EXIT_FAIL : XYL_EXIT_OK;
        if (dry && d.n)
            diags_print(&d, stderr);
    }
    guest_free(&g);
    diags_free(&d);
    return rc;
}
