/*
 * bench.c - guest definitions -> libxl JSON per second, xyl vs libxlutil.
 *
 * usage: bench [-t SECONDS] [-r ROUNDS] [-q] [-p xyl|xl] FILE.yaml...
 *
 * Each FILE.yaml is read into memory once.  Its xl.cfg equivalent is made
 * once with xyl's own exporter (xlcfg_export), so both sides convert the
 * same guests.  Then, alternately, each side converts the whole set in a
 * loop for at least SECONDS (default 2) per round, ROUNDS times (default 3),
 * timed with CLOCK_MONOTONIC in one thread; the median round is printed.
 * If the process got less than 90% of a core while measuring (a busy
 * machine), a warning says so: the wall-clock figures are then low.  A breakdown of where the time goes follows (shorter rounds,
 * indicative), unless -q.  -p SIDE only runs one side for SECONDS and
 * prints its rate: for profiling it (perf record, valgrind --tool=callgrind).
 *
 *   xyl side       (what `xyl -N create` does, minus process startup and
 *                  the file read): guest_init + guest_load_yaml (libyaml
 *                  parse, schema walk, validation including libxlutil's
 *                  xlu_disk_parse of every disk) + guest_to_libxl +
 *                  libxl_domain_config_to_json + dispose/free.
 *   libxlutil side (xl_side.c): xlu_cfg_init + xlu_cfg_readdata + every
 *                  key lookup real xl 4.17 makes + xlu_disk_parse of every
 *                  disk + vif specs + libxl_domain_config_to_json + free.
 *
 * Prints figures only; exit 0 unless a conversion failed (exit 1) or the
 * command line was wrong (exit 2).  No timing threshold can fail it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* open_memstream */
#endif
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxl.h>
#include <libxlutil.h>

#include "base/diag.h"
#include "model/guest.h"
#include "xen/libxl_map.h"
#include "model/schema.h"
#include "base/util.h"
#include "xlcfg/xlcfg.h"
#include "model/yaml_tree.h"

#include "xl_side.h"

#define GOAL_DEFS_PER_SEC 20000.0

struct def {
    const char *path;
    char *yaml;             /* the definition, as read */
    size_t ylen;
    char *cfg;              /* its xl.cfg, from xlcfg_export */
    size_t clen;
    int disks, nics;
    char type[8];
};

typedef int (*one_fn)(const struct def *d);

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/*
 * Run fn over all defs, round after round, for at least secs of wall-clock
 * time: defs/s.  If cpu_rate is not NULL it gets defs per second of this
 * thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which a busy machine
 * disturbs less.
 */
static double rate2(one_fn fn, const struct def *defs, int n, double secs, double *cpu_rate)
{
    double t0 = now(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), t;
    unsigned long count = 0;
    int i;

    do {
        for (i = 0; i < n; i++) {
            if (fn(&defs[i])) {
                fprintf(stderr, "bench: %s failed\n", defs[i].path);
                exit(1);
            }
        }
        count += (unsigned long)n;
        t = now() - t0;
    } while (t < secs);
    if (cpu_rate)
        *cpu_rate = (double)count / (clock_s(CLOCK_THREAD_CPUTIME_ID) - c0);
    return (double)count / t;
}

static double rate(one_fn fn, const struct def *defs, int n, double secs)
{
    return rate2(fn, defs, n, secs, NULL);
}

/* ---- the xyl side, and its stages for the breakdown ----------------------- */

static int xyl_load(const struct def *d, struct xyl_guest *g, struct diags *dg)
{
    guest_init(g);
    guest_load_yaml(g, d->path, d->yaml, d->ylen, dg);
    if (dg->errors) {
        diags_print(dg, stderr);
        return -1;
    }
    return 0;
}

/* stage: libyaml -> node tree only */
static int xyl_yaml_only(const struct def *d)
{
    struct ydoc doc;
    struct diags dg = { 0 };
    int rc = ydoc_load(&doc, d->path, d->yaml, d->ylen, &dg);

    ydoc_free(&doc);
    diags_free(&dg);
    return rc;
}

/* stage: + schema walk and validation */
static int xyl_validate(const struct def *d)
{
    struct xyl_guest g;
    struct diags dg = { 0 };
    int rc = xyl_load(d, &g, &dg);

    guest_free(&g);
    diags_free(&dg);
    return rc;
}

/* stage: + guest_to_libxl (json = 0) or everything (json = 1) */
static int xyl_convert(const struct def *d, int json)
{
    struct xyl_guest g;
    struct diags dg = { 0 };
    libxl_domain_config dc;
    char *s;
    int rc = xyl_load(d, &g, &dg);

    if (rc == 0) {
        rc = guest_to_libxl(&g, NULL, &dc, &dg);
        if (rc == 0 && json) {
            s = libxl_domain_config_to_json(NULL, &dc);
            rc = s ? 0 : -1;
            free(s);
        }
        libxl_domain_config_dispose(&dc);
    }
    guest_free(&g);
    diags_free(&dg);
    return rc;
}

static int xyl_map(const struct def *d) { return xyl_convert(d, 0); }
static int xyl_full(const struct def *d) { return xyl_convert(d, 1); }

/* ---- the libxlutil side ----------------------------------------------------- */

static int xl_readdata(const struct def *d) { return xl_readdata_only(d->cfg, d->clen); }

static int xl_map(const struct def *d)
{
    libxl_domain_config dc;
    int rc = xl_parse(d->cfg, d->clen, &dc);
    libxl_domain_config_dispose(&dc);
    return rc;
}

static int xl_full(const struct def *d)
{
    char *s = xl_to_json(d->cfg, d->clen);
    free(s);
    return s ? 0 : -1;
}

/* ---- per-disk costs inside xyl's validation and mapping ------------------- */

static const char *const disk_spec = "format=raw, vdev=xvda, access=rw, target=/var/lib/xen/images/x.img";

static int one_cfg_init(const struct def *d)
{
    XLU_Config *cfg = xlu_cfg_init(stderr, "disk");
    (void)d;
    if (!cfg)
        return -1;
    xlu_cfg_destroy(cfg);
    return 0;
}

static int one_memstream(const struct def *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    (void)d;
    if (!f)
        return -1;
    fclose(f);
    free(buf);
    return 0;
}

static XLU_Config *shared_cfg;

static int one_disk_parse(const struct def *d)
{
    libxl_device_disk disk;
    int e;
    (void)d;
    libxl_device_disk_init(&disk);
    e = xlu_disk_parse(shared_cfg, 1, &disk_spec, &disk);
    libxl_device_disk_dispose(&disk);
    return e;
}

/* ---- setup and report --------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* "48,210" */
static const char *group(double v, char *buf, size_t size)
{
    char tmp[32];
    int len, i, o = 0;

    len = snprintf(tmp, sizeof(tmp), "%.0f", v);
    for (i = 0; i < len && o + 2 < (int)size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
    return buf;
}

static void load_defs(struct def *defs, char **paths, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        struct def *d = &defs[i];
        struct xyl_guest g;
        struct diags dg = { 0 };
        struct strbuf cfg = STRBUF_INIT;

        d->path = paths[i];
        d->yaml = read_file(paths[i], YAML_MAX_FILE_SIZE, &d->ylen);
        if (!d->yaml) {
            fprintf(stderr, "bench: cannot read %s: %s\n", paths[i], strerror(errno));
            exit(1);
        }
        if (xyl_load(d, &g, &dg)) {
            fprintf(stderr, "bench: %s is not a valid definition\n", paths[i]);
            exit(1);
        }
        xlcfg_export(&g, &cfg);
        d->clen = cfg.len;
        d->cfg = sb_detach(&cfg);
        d->disks = g.n_disks;
        d->nics = g.n_nics;
        snprintf(d->type, sizeof(d->type), "%s", gtype_name(g.type));
        guest_free(&g);
        diags_free(&dg);
    }
}

/* Both sides must produce the same libxl JSON, or the race is unfair. */
static int same_json(const struct def *defs, int n)
{
    int i, same = 0;

    for (i = 0; i < n; i++) {
        struct xyl_guest g;
        struct diags dg = { 0 };
        libxl_domain_config dc;
        char *a = NULL, *b = xl_to_json(defs[i].cfg, defs[i].clen);

        if (xyl_load(&defs[i], &g, &dg) == 0 && guest_to_libxl(&g, NULL, &dc, &dg) == 0)
            a = libxl_domain_config_to_json(NULL, &dc);
        libxl_domain_config_dispose(&dc);
        if (!a || !b) {
            fprintf(stderr, "bench: %s: a side produced no JSON\n", defs[i].path);
            exit(1);
        }
        if (!strcmp(a, b))
            same++;
        else
            printf("  note: the two sides' JSON differ for %s\n", defs[i].path);
        free(a);
        free(b);
        guest_free(&g);
        diags_free(&dg);
    }
    return same;
}

static void breakdown(const struct def *defs, int n, double secs)
{
    double y1 = 1e6 / rate(xyl_yaml_only, defs, n, secs);
    double y2 = 1e6 / rate(xyl_validate, defs, n, secs);
    double y3 = 1e6 / rate(xyl_map, defs, n, secs);
    double y4 = 1e6 / rate(xyl_full, defs, n, secs);
    double x1 = 1e6 / rate(xl_readdata, defs, n, secs);
    double x3 = 1e6 / rate(xl_map, defs, n, secs);
    double x4 = 1e6 / rate(xl_full, defs, n, secs);
    double c_init, c_mem, c_disk;
    int i, disks = 0;

    for (i = 0; i < n; i++)
        disks += defs[i].disks;
    shared_cfg = xlu_cfg_init(stderr, "bench");
    c_init = 1e6 / rate(one_cfg_init, defs, 1, secs / 2);
    c_mem = 1e6 / rate(one_memstream, defs, 1, secs / 2);
    c_disk = 1e6 / rate(one_disk_parse, defs, 1, secs / 2);
    xlu_cfg_destroy(shared_cfg);

    printf("\nwhere the time goes (us per definition, averaged over the set; %.1f s rounds, indicative):\n", secs);
    printf("  xyl       libyaml parse -> node tree                 %7.2f\n", y1);
    printf("  xyl       schema walk + validation (incl. disks)     %7.2f\n", y2 - y1);
    printf("  xyl       guest_to_libxl (incl. disks again)         %7.2f\n", y3 - y2);
    printf("  xyl       libxl_domain_config_to_json + dispose      %7.2f\n", y4 - y3);
    printf("  xyl       total                                      %7.2f\n", y4);
    printf("  libxlutil xlu_cfg_init + readdata + destroy          %7.2f\n", x1);
    printf("  libxlutil lookups, disks, vifs -> libxl config       %7.2f\n", x3 - x1);
    printf("  libxlutil libxl_domain_config_to_json + dispose      %7.2f\n", x4 - x3);
    printf("  libxlutil total                                      %7.2f\n", x4);
    printf("per disk (%d disks in the set): xyl runs open_memstream + xlu_cfg_init + xlu_disk_parse\n"
           "  to validate, and xlu_cfg_init + xlu_disk_parse again to map; xl parses on its one config.\n", disks);
    printf("  xlu_cfg_init + xlu_cfg_destroy                       %7.2f\n", c_init);
    printf("  open_memstream + fclose                              %7.2f\n", c_mem);
    printf("  xlu_disk_parse (+ disk init/dispose)                 %7.2f\n", c_disk);
}

int main(int argc, char **argv)
{
    double secs = 2.0, xyl_r[16], xl_r[16], xyl_c[16], xl_c[16], xyl_med, xl_med, wall, cpu, share;
    int rounds = 3, quiet = 0, opt, n, i, disks = 0, nics = 0;
    const char *profile = NULL;
    struct def *defs;
    char b1[32], b2[32];

    while ((opt = getopt(argc, argv, "t:r:qp:")) != -1) {
        switch (opt) {
        case 't': secs = atof(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        case 'q': quiet = 1; break;
        case 'p': profile = optarg; break;
        default:
            rounds = 0;
        }
    }
    n = argc - optind;
    if (n < 1 || secs <= 0 || rounds < 1 || rounds > 16 ||
        (profile && strcmp(profile, "xyl") && strcmp(profile, "xl"))) {
        fprintf(stderr, "usage: bench [-t SECONDS] [-r ROUNDS(1-16)] [-q] [-p xyl|xl] FILE.yaml...\n");
        return 2;
    }
    setlocale(LC_ALL, "C");
    defs = xcalloc((size_t)n, sizeof(*defs));
    load_defs(defs, argv + optind, n);
    for (i = 0; i < n; i++) {
        disks += defs[i].disks;
        nics += defs[i].nics;
    }
    if (profile) {
        int xyl = !strcmp(profile, "xyl");
        printf("%s: %s defs/s\n", xyl ? "xyl" : "libxlutil",
               group(rate(xyl ? xyl_full : xl_full, defs, n, secs), b1, sizeof(b1)));
        return 0;
    }

    printf("bench: %d definitions (%d disks, %d NICs), one thread, CLOCK_MONOTONIC,\n"
           "       %d rounds of >= %.1f s per side, alternating; median round shown\n",
           n, disks, nics, rounds, secs);
    printf("  xyl side:       YAML text in memory -> guest_load_yaml (libyaml, schema, validation,\n"
           "                  xlu_disk_parse per disk) -> guest_to_libxl -> libxl_domain_config_to_json\n");
    printf("  libxlutil side: the same guests as xl.cfg text (xyl export-xl) -> xlu_cfg_init +\n"
           "                  xlu_cfg_readdata -> the %d (pv) / %d (pvh) / %d (hvm) key lookups real xl\n"
           "                  makes, xlu_disk_parse per disk, vif specs -> libxl_domain_config_to_json\n",
           xl_lookup_count("pv"), xl_lookup_count("pvh"), xl_lookup_count("hvm"));
    printf("  same libxl JSON from both sides: %d of %d definitions\n", same_json(defs, n), n);
    fflush(stdout);

    rate(xyl_full, defs, n, 0.2);       /* warm up caches and allocator */
    rate(xl_full, defs, n, 0.2);
    wall = now();
    cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (i = 0; i < rounds; i++) {
        xyl_r[i] = rate2(xyl_full, defs, n, secs, &xyl_c[i]);
        xl_r[i] = rate2(xl_full, defs, n, secs, &xl_c[i]);
    }
    share = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu) / (now() - wall);
    qsort(xyl_r, (size_t)rounds, sizeof(double), cmp_double);
    qsort(xl_r, (size_t)rounds, sizeof(double), cmp_double);
    qsort(xyl_c, (size_t)rounds, sizeof(double), cmp_double);
    qsort(xl_c, (size_t)rounds, sizeof(double), cmp_double);
    xyl_med = xyl_r[rounds / 2];
    xl_med = xl_r[rounds / 2];

    printf("\nxyl  YAML -> libxl JSON        : %s defs/s  (%.1f us/def)\n",
           group(xyl_med, b1, sizeof(b1)), 1e6 / xyl_med);
    printf("libxlutil xl.cfg -> libxl JSON : %s defs/s  (%.1f us/def)\n",
           group(xl_med, b2, sizeof(b2)), 1e6 / xl_med);
    printf("ratio xyl/libxlutil: %.2f\n", xyl_med / xl_med);
    printf("goal >= %s defs/s: %s\n", group(GOAL_DEFS_PER_SEC, b1, sizeof(b1)),
           xyl_med >= GOAL_DEFS_PER_SEC ? "MET" : "NOT MET");
    printf("per CPU second (CLOCK_THREAD_CPUTIME_ID): xyl %s, libxlutil %s defs/s, ratio %.2f\n",
           group(xyl_c[rounds / 2], b1, sizeof(b1)), group(xl_c[rounds / 2], b2, sizeof(b2)),
           xyl_c[rounds / 2] / xl_c[rounds / 2]);
    if (share < 0.9)
        printf("warning: this process got only %.0f%% of a core while measuring (a busy machine):\n"
               "         the wall-clock defs/s above are low; the per-CPU-second line is steadier\n",
               share * 100);
    fflush(stdout);

    if (!quiet)
        breakdown(defs, n, 0.5);

    for (i = 0; i < n; i++) {
        free(defs[i].yaml);
        free(defs[i].cfg);
    }
    free(defs);
    return 0;
}
