/*
 * xyl lint [--json] [--images] PATH... - validate's folder rules plus what
 * guests share on the host (lint.c).  Exit 0 clean, 1 errors, 2 usage.
 */
#include "cli/command.h"
#include "host/host_config.h"
#include "images/images.h"
#include "base/json_out.h"
#include "images/lint.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_json(struct diags *d, int guests)
{
    yajl_gen g = json_gen_new();
    size_t i;

    diags_sort(d);
    yajl_gen_map_open(g);
    json_str(g, "guests");
    yajl_gen_integer(g, guests);
    json_str(g, "errors");
    yajl_gen_integer(g, (long long)d->errors);
    json_str(g, "diagnostics");
    yajl_gen_array_open(g);
    for (i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        yajl_gen_map_open(g);
        json_str(g, "file");
        json_str(g, x->file);
        json_str(g, "line");
        yajl_gen_integer(g, x->mark.line);
        json_str(g, "col");
        yajl_gen_integer(g, x->mark.col);
        json_str(g, "level");
        json_str(g, x->level == DIAG_ERROR ? "error" : "warning");
        json_str(g, "message");
        json_str(g, x->msg);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    json_gen_print(g);
}

int cmd_lint(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct guest_set set = { 0 };
    struct host_config hc;
    struct diags d = { 0 };
    bool json = arg_flag(a, "json"), images = arg_flag(a, "images");
    char **ids = NULL;
    int *disk = NULL, k, rc;

    load_guest_paths(a->pos, a->npos, &set, &d);    /* + names, UUIDs, MACs */
    if (host_config_load(&hc, o->config, &d) == 0)
        for (k = 0; k < set.n; k++)
            images_resolve(&set.v[k], hc.images, &d);
    host_config_free(&hc);
    lint_shared_images(&set, &d);
    rc = XYL_EXIT_OK;
    if (images && set.n) {
        ids = xcalloc((size_t)set.n, sizeof(*ids));
        disk = xcalloc((size_t)set.n, sizeof(*disk));
        if (lint_read_machine_ids(&set, ids, disk))
            rc = XYL_EXIT_FAIL;         /* said why; the other rules still print */
        else
            lint_machine_ids(&set, ids, disk, &d);
        for (k = 0; k < set.n; k++)
            free(ids[k]);
        free(ids);
        free(disk);
    }
    if (json) {
        print_json(&d, set.n);
    } else {
        diags_print(&d, stderr);
        if (d.errors)
            fprintf(stderr, "lint: %zu error%s in %d guest%s\n", d.errors, d.errors == 1 ? "" : "s",
                    set.n, set.n == 1 ? "" : "s");
        else
            printf("%d guest%s: no problems found\n", set.n, set.n == 1 ? "" : "s");
    }
    if (d.errors)
        rc = XYL_EXIT_FAIL;
    diags_free(&d);
    guest_set_free(&set);
    return rc;
}
