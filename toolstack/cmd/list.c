/*
 * xyl list [--json] [NAME|ID...] - running domains, in xl's columns;
 * --all DIR: with what each is to the folder DIR and DIR's guests that do
 * not run (plan/plan_list.h).
 */
#include "cli/command.h"
#include "base/util.h"
#include "plan/plan_list.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"
#include <_libxl_types_json.h>   /* libxl_domain_config_gen_json */

static bool wanted(libxl_ctx *ctx, const libxl_dominfo *d, char **sel, int nsel)
{
    int i;
    char *name;
    bool hit = nsel == 0;

    for (i = 0; i < nsel && !hit; i++) {
        char *end;
        unsigned long id = strtoul(sel[i], &end, 10);
        if (*sel[i] && !*end && id == d->domid)
            hit = true;
        name = libxl_domid_to_name(ctx, d->domid);
        if (name && !strcmp(name, sel[i]))
            hit = true;
        free(name);
    }
    return hit;
}

/* -l: every domain's stored libxl configuration, as xl list -l prints it */
static int print_long(libxl_ctx *ctx, libxl_dominfo *info, int n, char **sel, int nsel)
{
    yajl_gen g = json_gen_new();
    int i, rc = 0;

    yajl_gen_array_open(g);
    for (i = 0; i < n; i++) {
        libxl_domain_config dc;
        if (!wanted(ctx, &info[i], sel, nsel))
            continue;
        libxl_domain_config_init(&dc);
        if (libxl_retrieve_domain_configuration(ctx, info[i].domid, &dc, NULL)) {
            fprintf(stderr, "xyl: cannot read the configuration of domain %u\n", info[i].domid);
            rc = -1;
        } else {
            yajl_gen_map_open(g);
            json_str(g, "domid"); yajl_gen_integer(g, info[i].domid);
            json_str(g, "config"); libxl_domain_config_gen_json(g, &dc);
            yajl_gen_map_close(g);
        }
        libxl_domain_config_dispose(&dc);
    }
    yajl_gen_array_close(g);
    json_gen_print(g);
    putchar('\n');

    return rc;
}

static void print_json(libxl_ctx *ctx, libxl_dominfo *info, int n, char **sel, int nsel)
{
    yajl_gen g = json_gen_new();
    int i;

    yajl_gen_array_open(g);
    for (i = 0; i < n; i++) {
        char *name, uuid[LIBXL_UUID_FMTLEN + 1], st[7];
        if (!wanted(ctx, &info[i], sel, nsel))
            continue;
        name = libxl_domid_to_name(ctx, info[i].domid);
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(info[i].uuid));
        xen_state_flags(&info[i], st);
        yajl_gen_map_open(g);
        json_str(g, "name"); json_str(g, name ? name : "");
        json_str(g, "domid"); yajl_gen_integer(g, info[i].domid);
        json_str(g, "uuid"); json_str(g, uuid);
        json_str(g, "mem_mib"); yajl_gen_integer(g, (long long)((info[i].current_memkb + info[i].outstanding_memkb) / 1024));
        json_str(g, "vcpus"); yajl_gen_integer(g, info[i].vcpu_online);
        json_str(g, "state"); json_str(g, st);
        json_str(g, "time_s"); yajl_gen_double(g, (double)info[i].cpu_time / 1e9);
        yajl_gen_map_close(g);
        free(name);
    }
    yajl_gen_array_close(g);
    json_gen_print(g);
}

/* --all DIR: the folder validated (every error) and planned against this
 * host, then one row per domain and per guest of DIR that does not run */
static int list_all(struct xyl_xen *x, libxl_dominfo *info, int n, const char *dir,
                    const char *config, bool json)
{
    struct plan_folder pr;
    struct list_row *rows;
    char **names;
    int i, m;

    if (plan_folder_load(dir, config, false, &pr))
        return -1;
    if (plan_folder_plan(&pr, x, NULL, false))
        return -1;
    names = xcalloc((size_t)n + 1, sizeof(*names));
    for (i = 0; i < n; i++)
        names[i] = libxl_domid_to_name(x->ctx, info[i].domid);
    m = plan_list_rows(&pr, info, names, n, &rows);
    if (json)
        plan_list_print_json(rows, m);
    else
        plan_list_print(rows, m, stdout);
    free(rows);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    plan_folder_free(&pr);
    return 0;
}

int cmd_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    const char *all = arg_str(a, "all", NULL);
    struct xyl_xen x;
    libxl_dominfo *info;
    int n, i, rc = XYL_EXIT_OK;
    int json = arg_flag(a, "l") ? 2 : arg_flag(a, "json");    /* 1 --json, 2 -l */

    if (all && (a->npos || json == 2))
        return usage_error(a->cmd, "--all DIR lists every guest: no NAME|ID and no -l with it");
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    info = libxl_list_domain(x.ctx, &n);
    if (!info) {
        fprintf(stderr, "xyl: libxl could not list domains\n");
        xen_close(&x);
        return XYL_EXIT_FAIL;
    }
    if (all) {
        if (list_all(&x, info, n, all, o->config, json))
            rc = XYL_EXIT_FAIL;
    } else if (json == 2) {
        if (print_long(x.ctx, info, n, a->pos, a->npos))
            rc = XYL_EXIT_FAIL;
    } else if (json) {
        print_json(x.ctx, info, n, a->pos, a->npos);
    } else {
        printf("%-40s %5s %5s %5s     %-6s  %8s\n", "Name", "ID", "Mem", "VCPUs", "State", "Time(s)");
        for (i = 0; i < n; i++) {
            char *name, st[7];
            if (!wanted(x.ctx, &info[i], a->pos, a->npos))
                continue;
            name = libxl_domid_to_name(x.ctx, info[i].domid);
            xen_state_flags(&info[i], st);
            printf("%-40s %5u %5lu %5d     %s  %8.1f\n", name ? name : "(null)", info[i].domid,
                   (unsigned long)((info[i].current_memkb + info[i].outstanding_memkb) / 1024),
                   info[i].vcpu_online, st, (double)info[i].cpu_time / 1e9);
            free(name);
        }
    }
    libxl_dominfo_list_free(info, n);
    xen_close(&x);
    return rc;
}
