/*
 * xyl list [--json] [NAME|ID...] - running domains, in xl's columns.
 */
#include "cli/command.h"
#include "base/util.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"
#include <_libxl_types_json.h>   /* libxl_domain_config_gen_json */

static void state_flags(const libxl_dominfo *d, char out[7])
{
    out[0] = d->running ? 'r' : '-';
    out[1] = d->blocked ? 'b' : '-';
    out[2] = d->paused ? 'p' : '-';
    out[3] = d->shutdown ? 's' : '-';
    out[4] = d->shutdown && d->shutdown_reason == LIBXL_SHUTDOWN_REASON_CRASH ? 'c' : '-';
    out[5] = d->dying ? 'd' : '-';
    out[6] = '\0';
}

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
        state_flags(&info[i], st);
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

int cmd_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_dominfo *info;
    int n, i, rc = XYL_EXIT_OK;
    int json = arg_flag(a, "l") ? 2 : arg_flag(a, "json");    /* 1 --json, 2 -l */

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    info = libxl_list_domain(x.ctx, &n);
    if (!info) {
        fprintf(stderr, "xyl: libxl could not list domains\n");
        xen_close(&x);
        return XYL_EXIT_FAIL;
    }
    if (json == 2) {
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
            state_flags(&info[i], st);
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
