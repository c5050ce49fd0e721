/*
 * pv_gnt.c - see pv_gnt.h.
 */
#include "pv_gnt.h"

#include <string.h>
#include <xengnttab.h>

/* Segments per hypercall: a bounded stack array, longer lists loop. */
#define CHUNK 64

int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest)
{
    xengnttab_grant_copy_segment_t cs[CHUNK];
    unsigned done = 0, i, k;

    while (done < n) {
        k = n - done < CHUNK ? n - done : CHUNK;
        memset(cs, 0, sizeof(cs));
        for (i = 0; i < k; i++) {
            xengnttab_grant_copy_segment_t *s = &cs[i];
            union xengnttab_copy_ptr *guest = to_guest ? &s->dest : &s->source;
            union xengnttab_copy_ptr *local = to_guest ? &s->source : &s->dest;

            guest->foreign.ref = seg[done + i].gref;
            guest->foreign.offset = seg[done + i].offset;
            guest->foreign.domid = domid;
            local->virt = buf;
            s->len = seg[done + i].len;
            s->flags = to_guest ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
            buf += seg[done + i].len;
        }
        if (xengnttab_grant_copy(xgt, k, cs))
            return -1;
        for (i = 0; i < k; i++)
            if (cs[i].status != GNTST_okay)
                return -1;
        done += k;
    }
    return 0;
}
