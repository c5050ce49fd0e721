/*
 * shutdown.c - xyl shutdown --all: every guest xyl created (a domain with
 * the UUID of one of its records), asked at once; with wait each is waited
 * for and, once down, torn down with its record: what xyl-apply.service
 * runs when the host stops.  Also domain_stop: one guest stopped cleanly
 * for apply's recreate or prune, destroyed only when it does not stop.
 */
#include "domain/shutdown.h"
#include "domain/meta.h"
#include "domain/teardown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Poll every 100 ms: libxl's death event has no timeout of its own. */
#define STOP_POLL_US 100000

/* 1 shut down or gone, 0 still running, -1 cannot tell (one line) */
static int has_stopped(struct xyl_xen *x, uint32_t domid)
{
    libxl_dominfo info;
    int r, rc;

    libxl_dominfo_init(&info);
    r = libxl_domain_info(x->ctx, &info, domid);
    if (r == ERROR_DOMAIN_NOTFOUND || (r == 0 && (info.shutdown || info.dying)))
        rc = 1;
    else if (r == 0)
        rc = 0;
    else {
        fprintf(stderr, "xyl: cannot read the state of domain %u\n", domid);
        rc = -1;
    }
    libxl_dominfo_dispose(&info);
    return rc;
}

static double since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Poll until domid has stopped or timeout_s seconds after t0 have passed:
 * 1 stopped, 0 timed out, -1 cannot tell (one line). */
static int wait_stopped(struct xyl_xen *x, uint32_t domid, const struct timespec *t0,
                        int timeout_s, double *secs)
{
    int st;

    while ((st = has_stopped(x, domid)) == 0) {
        *secs = since(t0);
        if (*secs >= timeout_s)
            break;
        usleep(STOP_POLL_US);
    }
    *secs = since(t0);
    return st;
}

int stop_timeout_pick(int option_s, long defined_s, long recorded_s)
{
    if (option_s > 0)
        return option_s;
    if (defined_s > 0 && defined_s != XYL_UNSET)
        return (int)defined_s;
    if (recorded_s > 0)
        return (int)recorded_s;
    return STOP_TIMEOUT_DEFAULT;
}

int domain_shutdown_all(struct xyl_xen *x, bool wait)
{
    struct xyl_meta *m;
    libxl_dominfo *info;
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int n, nd = 0, i, k, st, failed = 0;
    struct timespec t0;
    double secs = 0;
    int *asked;

    if (meta_read_all(&m, &n))
        return -1;
    info = libxl_list_domain(x->ctx, &nd);
    if (!info) {
        fprintf(stderr, "xyl: libxl cannot list the domains\n");
        meta_free(m, n);
        return -1;
    }
    asked = calloc((size_t)nd + 1, sizeof(*asked));     /* index into m, or -1 */
    for (i = 0; asked && i < nd; i++) {
        asked[i] = -1;
        if (info[i].domid == 0 || info[i].dying || info[i].shutdown)
            continue;
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(info[i].uuid));
        for (k = 0; k < n && (!m[k].managed || strcmp(m[k].uuid, uuid)); k++)
            ;
        if (k == n)
            continue;
        if (libxl_domain_shutdown(x->ctx, info[i].domid, NULL)) {
            fprintf(stderr, "xyl: could not shut down %s (domain %u)\n",
                    m[k].name ? m[k].name : "?", info[i].domid);
            failed++;
            continue;
        }
        printf("shutting down %s (domain %u)\n", m[k].name ? m[k].name : "?", info[i].domid);
        asked[i] = k;
    }
    fflush(stdout);
    clock_gettime(CLOCK_MONOTONIC, &t0);        /* all asked: each one's time runs from here */
    for (i = 0; wait && asked && i < nd; i++) {
        const char *name;
        int timeout_s;

        if (asked[i] < 0)
            continue;
        name = m[asked[i]].name ? m[asked[i]].name : "?";
        timeout_s = stop_timeout_pick(0, XYL_UNSET, m[asked[i]].stop_timeout);
        st = wait_stopped(x, info[i].domid, &t0, timeout_s, &secs);
        if (st == 1) {
            printf("%s shut down (%.1f s)\n", name, secs);
        } else {
            if (st == 0)
                fprintf(stderr, "xyl: %s (domain %u) did not shut down within %d s: destroying it\n",
                        name, info[i].domid, timeout_s);
            failed++;
        }
        fflush(stdout);
        domain_teardown(x, info[i].domid, name, TEARDOWN_GONE_OK);  /* its monitor may have */
    }
    free(asked);
    libxl_dominfo_list_free(info, nd);
    meta_free(m, n);
    return failed ? -1 : 0;
}

int domain_stop(struct xyl_xen *x, uint32_t domid, const char *name, int timeout_s)
{
    libxl_dominfo info;
    struct timespec t0;
    double secs = 0;
    int st = 0;

    libxl_dominfo_init(&info);
    if (libxl_domain_info(x->ctx, &info, domid) == 0)
        meta_set_stopping(&info.uuid);      /* without it the monitor might restart it */
    libxl_dominfo_dispose(&info);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (libxl_domain_shutdown(x->ctx, domid, NULL)) {
        fprintf(stderr, "xyl: %s (domain %u) cannot be asked to shut down (no PV drivers?): "
                "destroying it\n", name, domid);
    } else {
        printf("apply: %s: shutting down (domid %u, waiting up to %d s)\n", name, domid, timeout_s);
        fflush(stdout);
        st = wait_stopped(x, domid, &t0, timeout_s, &secs);
        if (st == 1)
            printf("apply: %s shut down cleanly (%.1f s)\n", name, secs);
        else if (st == 0)
            fprintf(stderr, "xyl: %s (domain %u) did not shut down within %d s: destroying it\n",
                    name, domid, timeout_s);
    }
    fflush(stdout);
    return domain_teardown(x, domid, name, TEARDOWN_WAIT | TEARDOWN_GONE_OK);
}
