/*
 * observe.h - what runs on this host, as the planner wants it (plan_have):
 * every domain but Domain-0 with libxl's stored configuration, its
 * `backend: xyl` disks and NICs (xyl's own xenstore nodes), xyl's
 * metadata when it is current (an entry with the domain's UUID; stale
 * entries of dead guests are ignored) and the data/ keys the planner
 * compares.
 */
#ifndef XYL_OBSERVE_H
#define XYL_OBSERVE_H

#include <libxl.h>

#include "domain/meta.h"
#include "plan/plan.h"

struct observed {
    struct plan_have *v;        /* n entries, indexes as in the plan */
    int n;
    libxl_domain_config *dc;    /* v[i].dc points here */
    char **names;
    struct xyl_kvlist *xs;      /* v[i].xs points here */
    struct plan_xdevs *xd, *xn; /* v[i].xdisks, .xnics point here */
    struct plan_xdevs *sz;      /* v[i].sizes points here */
    libxl_uuid *uuid;           /* v[i]'s domain UUID (Xen's) */
    struct xyl_meta *meta;      /* every entry read */
    int n_meta;
};

/*
 * Fill o; the desired guests decide which data/ keys are read (want NULL:
 * every key under data/, for `xyl state`).
 * Returns 0, or -1 after one line (o is then empty).
 */
int observe_host(libxl_ctx *ctx, const struct plan_want *want, int n_want, struct observed *o);
void observe_free(struct observed *o);

/* Is this metadata entry stale (no domain with its UUID in o)? */
bool observe_meta_stale(const struct observed *o, const struct xyl_meta *m);

#endif
