/*
 * blk_pgnt.c - see blk_pgnt.h.
 */
#include "blk_pgnt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <xengnttab.h>

/* A multiplicative hash (Knuth), so that the consecutive references a
 * frontend hands out spread over the table. */
unsigned blk_pgnt_home(grant_ref_t gref)
{
    return (unsigned)(((uint32_t)gref * 2654435761u) >> 20) % BLK_PGNT_SLOTS;
}

uint8_t *blk_pgnt_get(struct blk_pgnt *t, struct xengntdev_handle *xgt, uint16_t domid,
                      grant_ref_t gref)
{
    struct blk_pgnt_slot *free_slot = NULL;
    unsigned i, at = blk_pgnt_home(gref);
    void *page;

    if (!t->slot && !(t->slot = calloc(BLK_PGNT_SLOTS, sizeof(*t->slot))))
        return NULL;
    /* nothing is ever taken out of one run before release: the first
     * free slot ends the search */
    for (i = 0; i < BLK_PGNT_PROBE; i++) {
        struct blk_pgnt_slot *s = &t->slot[(at + i) % BLK_PGNT_SLOTS];

        if (!s->page) {
            free_slot = s;
            break;
        }
        if (s->gref == gref) {
            if (s->page == BLK_PGNT_REFUSED)
                return NULL;
            t->hits++;
            return s->page;
        }
    }
    if (!free_slot || t->used >= BLK_PGNT_MAX) {
        t->full++;
        return NULL;
    }
    page = xengnttab_map_grant_ref(xgt, domid, gref, PROT_READ | PROT_WRITE);
    free_slot->gref = gref;
    t->used++;
    if (!page) {
        free_slot->page = BLK_PGNT_REFUSED;
        t->refused++;
        return NULL;
    }
    free_slot->page = page;
    t->maps++;
    return page;
}

void blk_pgnt_release(struct blk_pgnt *t, struct xengntdev_handle *xgt)
{
    unsigned i;

    if (!t->slot)
        return;
    for (i = 0; i < BLK_PGNT_SLOTS; i++)
        if (t->slot[i].page && t->slot[i].page != BLK_PGNT_REFUSED)
            xengnttab_unmap(xgt, t->slot[i].page, 1);
    free(t->slot);
    t->slot = NULL;
    t->used = 0;
}

unsigned blk_pgnt_mapped(const struct blk_pgnt *t)
{
    unsigned i, n = 0;

    for (i = 0; t->slot && i < BLK_PGNT_SLOTS; i++)
        n += t->slot[i].page && t->slot[i].page != BLK_PGNT_REFUSED;
    return n;
}
