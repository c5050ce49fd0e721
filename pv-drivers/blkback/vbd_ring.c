/*
 * vbd_ring.c - see vbd_ring.h.
 */
#define _GNU_SOURCE
#include "vbd_ring.h"

#include "../xenbus/xb_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* What a frontend node's name says about the ring (see ring_ref_kind). */
#define RR_OTHER  (-1L)         /* not a ring-ref node */
#define RR_SINGLE (-2L)         /* "ring-ref": the one-page ring */
#define RR_BAD    (-3L)         /* named like one, none of the protocol's */

/* RR_*, or N for "ring-refN" written canonically (no sign, no leading
 * zero: "ring-ref01" would be a second name for ring-ref1). */
static long ring_ref_kind(const char *name)
{
    static const char pre[] = "ring-ref";
    const char *p = name + sizeof(pre) - 1;
    uint32_t idx;

    if (strncmp(name, pre, sizeof(pre) - 1))
        return RR_OTHER;
    if (!*p)
        return RR_SINGLE;
    if ((p[0] == '0' && p[1]) || xb_parse_u32(p, strlen(p), UINT32_MAX, &idx))
        return RR_BAD;
    return (long)idx;
}

/* Every ring-ref node in the frontend's directory is one the ring of
 * 2^order pages needs: none beside or beyond it. */
static int no_stray_refs(struct pv_devs *s, struct pv_dev *d, unsigned order, unsigned n)
{
    unsigned num = 0, i;
    char **names = xs_directory(s->xs, XBT_NULL, d->fe, &num);
    int rc = 0;

    if (!names) {
        pv_dev_fail(s, d, "cannot list the frontend's nodes: %s", strerror(errno));
        return -1;
    }
    for (i = 0; i < num && !rc; i++) {
        long k = ring_ref_kind(names[i]);

        rc = -1;
        if (k == RR_OTHER)
            rc = 0;
        else if (k == RR_BAD)
            pv_dev_fail(s, d, "the frontend wrote a node named like a ring reference that is "
                        "none of blkif's");
        else if (k == RR_SINGLE && order > 0)
            pv_dev_fail(s, d, "the frontend wrote ring-ref beside a ring of order %u", order);
        else if (k >= 0 && order == 0)
            pv_dev_fail(s, d, "the frontend wrote ring-ref%ld without a ring-page-order", k);
        else if (k >= (long)n)
            pv_dev_fail(s, d, "the frontend wrote ring-ref%ld, beyond its ring of %u pages", k, n);
        else
            rc = 0;
    }
    free(names);
    return rc;
}

int vbd_ring_read(struct pv_devs *s, struct pv_dev *d, struct vbd_ring_refs *r)
{
    uint32_t order = 0;
    bool present;
    unsigned i, j;

    if (pv_dev_fe_u32(s, d, "ring-page-order", &order, &present) && present) {
        pv_dev_fail(s, d, "the frontend's ring-page-order is not a number");
        return -1;
    }
    if (order > VBD_RING_MAX_ORDER) {
        pv_dev_fail(s, d, "the frontend asks for a ring of order %u (at most %u offered)", order,
                    VBD_RING_MAX_ORDER);
        return -1;
    }
    r->order = order;
    r->n = 1u << order;
    if (no_stray_refs(s, d, r->order, r->n))
        return -1;
    for (i = 0; i < r->n; i++) {
        char node[24];

        if (r->order == 0)
            snprintf(node, sizeof(node), "ring-ref");
        else
            snprintf(node, sizeof(node), "ring-ref%u", i);
        if (pv_dev_fe_u32(s, d, node, &r->ref[i], NULL)) {
            pv_dev_fail(s, d, "the frontend's %s is missing or not a number", node);
            return -1;
        }
        /* one page at two places of the ring: no frontend means that */
        for (j = 0; j < i; j++) {
            if (r->ref[j] == r->ref[i]) {
                pv_dev_fail(s, d, "the frontend grants one page twice in its ring "
                            "(ring-ref%u and ring-ref%u)", j, i);
                return -1;
            }
        }
    }
    return 0;
}

void *vbd_ring_map(struct pv_devs *s, struct pv_dev *d, struct vbd_ring_refs *r)
{
    void *ring = xengnttab_map_domain_grant_refs(s->xgt, r->n, d->domid, r->ref,
                                                 PROT_READ | PROT_WRITE);

    if (!ring)
        pv_dev_fail(s, d, "cannot map the frontend's ring (%u page%s, first grant %u): %s", r->n,
                    r->n == 1 ? "" : "s", r->ref[0], strerror(errno));
    return ring;
}
