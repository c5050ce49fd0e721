/*
 * shutdown.c - xyl shutdown --all: every guest xyl created (a domain with
 * the UUID of one of its records), asked at once; with wait each is waited
 * for and, once down, torn down with its record: what xyl-apply.service
 * runs when the host stops.
 */
#include "domain/shutdown.h"
#include "domain/meta.h"
#include "domain/teardown.h"
#include "xen/xen_wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int domain_shutdown_all(struct xyl_xen *x, bool wait)
{
    struct xyl_meta *m;
    libxl_dominfo *info;
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int n, nd = 0, i, k, failed = 0;
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
    for (i = 0; wait && asked && i < nd; i++) {
        if (asked[i] < 0)
            continue;
        if (xen_wait_shutdown(x, info[i].domid, m[asked[i]].name ? m[asked[i]].name : "?")) {
            failed++;
            continue;
        }
        domain_teardown(x, info[i].domid, m[asked[i]].name ? m[asked[i]].name : "?",
                        TEARDOWN_GONE_OK);      /* its monitor may have destroyed it */
    }
    free(asked);
    libxl_dominfo_list_free(info, nd);
    meta_free(m, n);
    return failed ? -1 : 0;
}
