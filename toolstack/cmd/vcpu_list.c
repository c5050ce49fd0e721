/*
 * xyl vcpu-list [--json] [NAME|ID...] - every vCPU of the given domains (or
 * of all), in xl's columns: Name ID VCPU CPU State Time(s) Affinity
 * (Hard / Soft).  Affinities are CPU ranges ("0-1,3"), "all" or "none".
 */
#include "cli/command.h"
#include "base/util.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"

/* The first nr_cpus bits of map as xl writes them. */
static void cpus_text(const libxl_bitmap *map, int nr_cpus, struct strbuf *sb)
{
    int i = 0, start, n = 0;

    while (i < nr_cpus) {
        if (!libxl_bitmap_test(map, i)) {
            i++;
            continue;
        }
        for (start = i; i < nr_cpus && libxl_bitmap_test(map, i); i++)
            ;
        if (start == 0 && i == nr_cpus) {
            sb_adds(sb, "all");
            return;
        }
        sb_addf(sb, "%s%d", n++ ? "," : "", start);
        if (i - 1 > start)
            sb_addf(sb, "-%d", i - 1);
    }
    if (!n)
        sb_adds(sb, "none");
}

struct row {
    char *name;
    uint32_t domid;
    libxl_vcpuinfo *v;
    int nv;
};

static void print_text(struct row *rows, int nrows, int nr_cpus)
{
    struct strbuf hard = STRBUF_INIT, soft = STRBUF_INIT;
    int r, i;

    printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State",
           "Time(s)", "Affinity (Hard / Soft)");
    for (r = 0; r < nrows; r++) {
        for (i = 0; i < rows[r].nv; i++) {
            const libxl_vcpuinfo *v = &rows[r].v[i];
            sb_reset(&hard);
            sb_reset(&soft);
            cpus_text(&v->cpumap, nr_cpus, &hard);
            cpus_text(&v->cpumap_soft, nr_cpus, &soft);
            printf("%-32s %5u %5u", rows[r].name, rows[r].domid, v->vcpuid);
            if (v->online)
                printf("%5u %3c%c- ", v->cpu, v->running ? 'r' : '-', v->blocked ? 'b' : '-');
            else
                printf("%5c %3c%cp ", '-', '-', '-');
            printf("%9.1f  %s / %s\n", (double)v->vcpu_time / 1e9, sb_str(&hard), sb_str(&soft));
        }
    }
    sb_free(&hard);
    sb_free(&soft);
}

static void print_json(struct row *rows, int nrows, int nr_cpus)
{
    yajl_gen g = json_gen_new();
    struct strbuf sb = STRBUF_INIT;
    char t[32];
    int r, i;

    yajl_gen_array_open(g);
    for (r = 0; r < nrows; r++) {
        for (i = 0; i < rows[r].nv; i++) {
            const libxl_vcpuinfo *v = &rows[r].v[i];
            yajl_gen_map_open(g);
            json_str(g, "name"); json_str(g, rows[r].name);
            json_str(g, "domid"); yajl_gen_integer(g, rows[r].domid);
            json_str(g, "vcpu"); yajl_gen_integer(g, v->vcpuid);
            json_str(g, "online"); yajl_gen_bool(g, v->online);
            json_str(g, "cpu");
            if (v->online)
                yajl_gen_integer(g, v->cpu);
            else
                yajl_gen_null(g);
            json_str(g, "running"); yajl_gen_bool(g, v->running);
            json_str(g, "blocked"); yajl_gen_bool(g, v->blocked);
            snprintf(t, sizeof(t), "%.3f", (double)v->vcpu_time / 1e9);
            json_str(g, "time_s"); yajl_gen_number(g, t, strlen(t));
            sb_reset(&sb);
            cpus_text(&v->cpumap, nr_cpus, &sb);
            json_str(g, "affinity_hard"); json_str(g, sb_str(&sb));
            sb_reset(&sb);
            cpus_text(&v->cpumap_soft, nr_cpus, &sb);
            json_str(g, "affinity_soft"); json_str(g, sb_str(&sb));
            yajl_gen_map_close(g);
        }
    }
    yajl_gen_array_close(g);
    json_gen_print(g);
    sb_free(&sb);
}

static int add_row(struct xyl_xen *x, uint32_t domid, struct row *row)
{
    int nr_cpus;

    row->domid = domid;
    row->v = libxl_list_vcpu(x->ctx, domid, &row->nv, &nr_cpus);
    if (!row->v) {
        fprintf(stderr, "xyl: libxl could not list the vCPUs of domain %u\n", domid);
        return -1;
    }
    row->name = libxl_domid_to_name(x->ctx, domid);
    if (!row->name)
        row->name = xasprintf("domain-%u", domid);
    return 0;
}

int cmd_vcpu_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct row *rows = NULL;
    libxl_physinfo pi;
    libxl_dominfo *info;
    uint32_t domid;
    int i, n, nrows = 0, json = arg_flag(a, "json"), rc = XYL_EXIT_OK;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_physinfo_init(&pi);
    if (libxl_get_physinfo(x.ctx, &pi)) {
        fprintf(stderr, "xyl: libxl could not read the host's CPU count\n");
        rc = XYL_EXIT_FAIL;
        goto out;
    }
    if (a->npos) {
        rows = xcalloc((size_t)a->npos, sizeof(*rows));
        for (i = 0; i < a->npos; i++) {
            if (xen_find_domain(&x, a->pos[i], &domid) || add_row(&x, domid, &rows[nrows]))
                rc = XYL_EXIT_FAIL;
            else
                nrows++;
        }
    } else if ((info = libxl_list_domain(x.ctx, &n)) != NULL) {
        rows = xcalloc((size_t)n + 1, sizeof(*rows));
        for (i = 0; i < n; i++)
            if (add_row(&x, info[i].domid, &rows[nrows]) == 0)
                nrows++;
        libxl_dominfo_list_free(info, n);
    } else {
        fprintf(stderr, "xyl: libxl could not list domains\n");
        rc = XYL_EXIT_FAIL;
        goto out;
    }
    if (json)
        print_json(rows, nrows, (int)pi.nr_cpus);
    else
        print_text(rows, nrows, (int)pi.nr_cpus);
    for (i = 0; i < nrows; i++) {
        libxl_vcpuinfo_list_free(rows[i].v, rows[i].nv);
        free(rows[i].name);
    }
out:
    free(rows);
    libxl_physinfo_dispose(&pi);
    xen_close(&x);
    return rc;
}
