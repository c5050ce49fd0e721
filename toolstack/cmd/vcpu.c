/*
 * The vCPU family: xyl vcpu-set NAME|ID N, vcpu-list [--json] [NAME|ID...],
 * vcpu-pin NAME|ID VCPU|all CPUS.
 *
 * vcpu-set brings vCPUs 0..N-1 online and the rest offline
 * (libxl_set_vcpuonline: xenstore cpu/K/availability for PV and PVH, QMP
 * for HVM); N is bounded by the guest's maxvcpus, fixed when it was
 * created.  vcpu-list prints every vCPU of the given domains (or of all) in
 * xl's columns: Name ID VCPU CPU State Time(s) Affinity (Hard / Soft);
 * affinities are CPU ranges ("0-1,3"), "all" or "none".  vcpu-pin sets the
 * hard affinity of one vCPU or of all of them (libxl_set_vcpuaffinity
 * [_all]); CPUS is "all" or host CPUs and ranges, e.g. "0-1,3", every one
 * existing on this host.
 */
#include "cli/command.h"
#include "xen/xen.h"
#include "base/util.h"
#include "base/json_out.h"

#include <libxl_utils.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_vcpu_set(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_dominfo info;
    libxl_bitmap map;
    uint32_t domid;
    unsigned long n, maxv;
    char *end;
    int i, r, rc = XYL_EXIT_FAIL;

    errno = 0;
    n = strtoul(a->pos[1], &end, 10);
    if (a->pos[1][0] < '0' || a->pos[1][0] > '9' || *end || errno || n < 1 || n > 4096) {
        return usage_error(a->cmd, "'%s' is not a number of vCPUs (1 or more)", a->pos[1]);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_dominfo_init(&info);
    libxl_bitmap_init(&map);
    if (xen_find_domain(&x, a->pos[0], &domid))
        goto out;
    if (libxl_domain_info(x.ctx, &info, domid)) {
        fprintf(stderr, "xyl: domain %s disappeared\n", a->pos[0]);
        goto out;
    }
    maxv = (unsigned long)info.vcpu_max_id + 1;
    if (n > maxv) {
        fprintf(stderr, "xyl: %s has at most %lu vCPU%s (its maxvcpus, fixed at create); "
                "give 1 to %lu, or raise maxvcpus in its definition and create it again\n",
                a->pos[0], maxv, maxv == 1 ? "" : "s", maxv);
        goto out;
    }
    if (o->dryrun) {
        printf("would set %s to %lu online vCPU%s\n", a->pos[0], n, n == 1 ? "" : "s");
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_cpu_bitmap_alloc(x.ctx, &map, (int)maxv)) {
        fprintf(stderr, "xyl: cannot allocate a CPU map\n");
        goto out;
    }
    for (i = 0; i < (int)n; i++)
        libxl_bitmap_set(&map, i);
    r = libxl_set_vcpuonline(x.ctx, domid, &map, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not set %s to %lu vCPUs (libxl error %d)\n",
                a->pos[0], n, r);
    else
        rc = XYL_EXIT_OK;
out:
    libxl_bitmap_dispose(&map);
    libxl_dominfo_dispose(&info);
    xen_close(&x);
    return rc;
}

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

static int parse_num(const char **p, unsigned long *out)
{
    char *end;

    if (!isdigit((unsigned char)**p))
        return -1;
    errno = 0;
    *out = strtoul(*p, &end, 10);
    if (errno || *out > 65535)
        return -1;
    *p = end;
    return 0;
}

/* "all" or "N[-M][,...]" into map; prints one line and returns -1 if bad. */
static int parse_cpus(const char *s, int nr_cpus, libxl_bitmap *map)
{
    const char *p = s;
    unsigned long a, b, i;

    if (!strcmp(s, "all")) {
        for (i = 0; i < (unsigned long)nr_cpus; i++)
            libxl_bitmap_set(map, (int)i);
        return 0;
    }
    for (;;) {
        if (parse_num(&p, &a))
            goto bad;
        b = a;
        if (*p == '-') {
            p++;
            if (parse_num(&p, &b) || b < a)
                goto bad;
        }
        if (b >= (unsigned long)nr_cpus) {
            fprintf(stderr, "xyl: CPU %lu does not exist: this host has %d CPU%s (0-%d)\n",
                    b, nr_cpus, nr_cpus == 1 ? "" : "s", nr_cpus - 1);
            return -1;
        }
        for (i = a; i <= b; i++)
            libxl_bitmap_set(map, (int)i);
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            goto bad;
    }
bad:
    fprintf(stderr, "xyl vcpu-pin: '%s' is not a CPU list: write e.g. 1, 0-1,3 or all\n", s);
    return -1;
}

int cmd_vcpu_pin(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_physinfo pi;
    libxl_bitmap map;
    libxl_vcpuinfo *v = NULL;
    uint32_t domid;
    unsigned long vcpu = 0;
    const char *p = a->pos[1];
    bool all = !strcmp(a->pos[1], "all");
    int nv = 0, nr, r, rc = XYL_EXIT_FAIL;

    if (!all && (parse_num(&p, &vcpu) || *p)) {
        return usage_error(a->cmd, "'%s' is not a vCPU number or 'all'", a->pos[1]);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_physinfo_init(&pi);
    libxl_bitmap_init(&map);
    if (xen_find_domain(&x, a->pos[0], &domid))
        goto out;
    if (libxl_get_physinfo(x.ctx, &pi) || libxl_cpu_bitmap_alloc(x.ctx, &map, 0)) {
        fprintf(stderr, "xyl: libxl could not read the host's CPUs\n");
        goto out;
    }
    if (parse_cpus(a->pos[2], (int)pi.nr_cpus, &map))
        goto out;
    v = libxl_list_vcpu(x.ctx, domid, &nv, &nr);
    if (!v) {
        fprintf(stderr, "xyl: libxl could not list the vCPUs of %s\n", a->pos[0]);
        goto out;
    }
    if (!all && vcpu >= (unsigned long)nv) {
        fprintf(stderr, "xyl: %s has no vCPU %lu (it has %d: 0-%d)\n", a->pos[0], vcpu, nv, nv - 1);
        goto out;
    }
    if (o->dryrun) {
        printf("would pin vCPU %s of %s to CPUs %s\n", a->pos[1], a->pos[0], a->pos[2]);
        rc = XYL_EXIT_OK;
        goto out;
    }
    r = all ? libxl_set_vcpuaffinity_all(x.ctx, domid, (unsigned)nv, &map, NULL)
            : libxl_set_vcpuaffinity(x.ctx, domid, (uint32_t)vcpu, &map, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not pin vCPU %s of %s to %s (libxl error %d)\n",
                a->pos[1], a->pos[0], a->pos[2], r);
    else
        rc = XYL_EXIT_OK;
out:
    if (v)
        libxl_vcpuinfo_list_free(v, nv);
    libxl_bitmap_dispose(&map);
    libxl_physinfo_dispose(&pi);
    xen_close(&x);
    return rc;
}
