/*
 * bench.c - guest definitions -> libxl JSON per second, xyl vs libxlutil.
 *
 * usage: bench [-t SECONDS] [-r ROUNDS] [-q] [-p xyl|xl [-n PASSES]] FILE.yaml...
 *
 * Each FILE.yaml is read into memory once.  Its xl.cfg equivalent is made
 * once with xyl's own exporter (xlcfg_export), so both sides convert the
 * same guests.  Then, alternately, each side converts the whole set in a
 * loop for at least SECONDS (default 2) per round, ROUNDS times (default 3),
 * timed with CLOCK_MONOTONIC and CLOCK_THREAD_CPUTIME_ID in one thread.
 * Each round gives a ratio (xyl's rate over libxlutil's, measured back to
 * back); the min, median and max of the rates and ratios are printed, with
 * the spread ((max - min) / median).  If the process got less than 90% of
 * a core while measuring (a busy machine), a warning says so: the
 * wall-clock figures are then low, the per-CPU-second ones steadier.  A
 * breakdown of where the time goes follows (shorter rounds, indicative),
 * unless -q.  -p SIDE only runs one side for SECONDS and prints its rate:
 * for profiling it (perf record, valgrind --tool=callgrind); with -n it runs
 * exactly PASSES passes over the set instead, all inside run_passes(), so
 * tests/bench/instr-ratio counts the instructions of that function alone
 * (callgrind --toggle-collect=run_passes): a figure a busy machine does not
 * move.
 *
 *   xyl side       (what `xyl -N create` does, minus process startup and
 *                  the file read): guest_init + guest_load_yaml (YAML
 *                  by the fast path, else libyaml; schema walk, validation
 *                  including libxlutil's xlu_disk_parse of every disk,
 *                  kept for the mapping) + guest_to_libxl +
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

/* passes times over all defs: what tests/bench/instr-ratio counts */
__attribute__((noinline)) static void run_passes(one_fn fn, const struct def *defs, int n,
                                                 unsigned long passes)
{
    unsigned long p;
    int i;

    for (p = 0; p < passes; p++) {
        for (i = 0; i < n; i++) {
            if (fn(&defs[i])) {
                fprintf(stderr, "bench: %s failed\n", defs[i].path);
                exit(1);
            }
        }
    }
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

    do {
        run_passes(fn, defs, n, 1);
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
    double c_init, c_disk;
    int i, disks = 0;

    for (i = 0; i < n; i++)
        disks += defs[i].disks;
    shared_cfg = xlu_cfg_init(stderr, "bench");
    c_init = 1e6 / rate(one_cfg_init, defs, 1, secs / 2);
    c_disk = 1e6 / rate(one_disk_parse, defs, 1, secs / 2);
    xlu_cfg_destroy(shared_cfg);

    printf("\nwhere the time goes (us per definition, averaged over the set; %.1f s rounds, indicative):\n", secs);
    printf("  xyl       YAML -> node tree (fast path, else libyaml) %6.2f\n", y1);
    printf("  xyl       schema walk + validation (incl. disks)     %7.2f\n", y2 - y1);
    printf("  xyl       guest_to_libxl (disks: validation's parse) %7.2f\n", y3 - y2);
    printf("  xyl       libxl_domain_config_to_json + dispose      %7.2f\n", y4 - y3);
    printf("  xyl       total                                      %7.2f\n", y4);
    printf("  libxlutil xlu_cfg_init + readdata + destroy          %7.2f\n", x1);
    printf("  libxlutil lookups, disks, vifs -> libxl config       %7.2f\n", x3 - x1);
    printf("  libxlutil libxl_domain_config_to_json + dispose      %7.2f\n", x4 - x3);
    printf("  libxlutil total                                      %7.2f\n", x4);
    printf("per disk (%d disks in the set): xyl runs xlu_cfg_init + xlu_disk_parse once, to validate\n"
           "  (the mapping copies that parse); xl parses on its one config.\n", disks);
    printf("  xlu_cfg_init + xlu_cfg_destroy                       %7.2f\n", c_init);
    printf("  xlu_disk_parse (+ disk init/dispose)                 %7.2f\n", c_disk);
}

/* min, median and max of v[0..n) (sorted in place), and the spread */
struct stats {
    double min, med, max, spread;
};

static struct stats stats_of(double *v, int n)
{
    struct stats st;

    qsort(v, (size_t)n, sizeof(double), cmp_double);
    st.min = v[0];
    st.max = v[n - 1];
    st.med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    st.spread = st.med > 0 ? (st.max - st.min) / st.med : 0;
    return st;
}

static void print_rates(const char *what, double *v, int n)
{
    struct stats st = stats_of(v, n);
    char b1[32], b2[32], b3[32];

    printf("  %-34s %9s %9s %9s  %5.1f%%\n", what, group(st.min, b1, sizeof(b1)),
           group(st.med, b2, sizeof(b2)), group(st.max, b3, sizeof(b3)), st.spread * 100);
}

static struct stats print_ratio(const char *what, double *v, int n)
{
    struct stats st = stats_of(v, n);

    printf("  %-34s %9.2f %9.2f %9.2f  %5.1f%%\n", what, st.min, st.med, st.max, st.spread * 100);
    return st;
}

#define MAX_ROUNDS 32

int main(int argc, char **argv)
{
    double secs = 2.0, xyl_r[MAX_ROUNDS], xl_r[MAX_ROUNDS], xyl_c[MAX_ROUNDS], xl_c[MAX_ROUNDS];
    double ratio_w[MAX_ROUNDS], ratio_c[MAX_ROUNDS], wall, cpu, share;
    struct stats rw, rc;
    long passes = 0;
    int rounds = 3, quiet = 0, opt, n, i, disks = 0, nics = 0;
    const char *profile = NULL;
    struct def *defs;
    char b1[32];

    while ((opt = getopt(argc, argv, "t:r:qp:n:")) != -1) {
        switch (opt) {
        case 't': secs = atof(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        case 'q': quiet = 1; break;
        case 'p': profile = optarg; break;
        case 'n': passes = atol(optarg); break;
        default:
            rounds = 0;
        }
    }
    n = argc - optind;
    if (n < 1 || secs <= 0 || rounds < 1 || rounds > MAX_ROUNDS || passes < 0 ||
        (passes && !profile) ||
        (profile && strcmp(profile, "xyl") && strcmp(profile, "xl"))) {
        fprintf(stderr, "usage: bench [-t SECONDS] [-r ROUNDS(1-%d)] [-q] [-p xyl|xl [-n PASSES]] "
                "FILE.yaml...\n", MAX_ROUNDS);
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
        if (passes) {
            run_passes(xyl ? xyl_full : xl_full, defs, n, (unsigned long)passes);
            printf("%s: %ld passes over %d definitions\n", xyl ? "xyl" : "libxlutil", passes, n);
        } else {
            printf("%s: %s defs/s\n", xyl ? "xyl" : "libxlutil",
                   group(rate(xyl ? xyl_full : xl_full, defs, n, secs), b1, sizeof(b1)));
        }
        return 0;
    }

    printf("bench: %d definitions (%d disks, %d NICs), one thread,\n"
           "       %d alternating rounds of >= %.1f s per side (xyl, then libxlutil)\n",
           n, disks, nics, rounds, secs);
    printf("  xyl side:       YAML text in memory -> guest_load_yaml (YAML, schema, validation,\n"
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
        ratio_w[i] = xyl_r[i] / xl_r[i];
        ratio_c[i] = xyl_c[i] / xl_c[i];
    }
    share = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu) / (now() - wall);

    printf("\n  %-34s %9s %9s %9s  %6s\n", "defs/s over the rounds", "min", "median", "max", "spread");
    print_rates("xyl (wall clock)", xyl_r, rounds);
    print_rates("libxlutil (wall clock)", xl_r, rounds);
    print_rates("xyl (per CPU second)", xyl_c, rounds);
    print_rates("libxlutil (per CPU second)", xl_c, rounds);
    rw = print_ratio("ratio xyl/libxlutil (wall clock)", ratio_w, rounds);
    rc = print_ratio("ratio xyl/libxlutil (per CPU s)", ratio_c, rounds);
    printf("ratio xyl/libxlutil: %.2f (median of %d rounds; per CPU second %.2f)\n",
           rw.med, rounds, rc.med);
    printf("goal >= %s defs/s: %s\n", group(GOAL_DEFS_PER_SEC, b1, sizeof(b1)),
           stats_of(xyl_r, rounds).med >= GOAL_DEFS_PER_SEC ? "MET" : "NOT MET");
    if (share < 0.9)
        printf("warning: this process got only %.0f%% of a core while measuring (a busy machine):\n"
               "         the wall-clock figures above are low; the per-CPU-second ones are steadier,\n"
               "         the instruction counts (tests/bench/instr-ratio) steadier still\n",
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
