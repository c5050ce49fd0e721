/*
 * fake_ring.c - see fake_ring.h.
 */
#define _GNU_SOURCE
#include "fake_ring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int fake_guest_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest)
{
    struct fake_guest *g = ctx;
    unsigned i;
    uint32_t off = 0;

    g->copies++;
    if (g->on_copy)
        g->on_copy(g);
    for (i = 0; i < p->nseg; i++) {
        const struct pv_gseg *s = &p->seg[i];

        /* what Xen checks: a known grant, inside its page */
        if (s->gref >= FAKE_PAGES || s->offset + s->len > BLK_SEG_PAGE)
            return -1;
        if (to_guest)
            memcpy(g->pages[s->gref] + s->offset, buf + off, s->len);
        else
            memcpy(buf + off, g->pages[s->gref] + s->offset, s->len);
        off += s->len;
    }
    return off == p->bytes ? 0 : -1;
}

int fake_guest_iov(void *ctx, const struct blk_plan *p, struct iovec *iov)
{
    struct fake_guest *g = ctx;
    unsigned i;

    for (i = 0; i < p->nseg; i++) {
        const struct pv_gseg *s = &p->seg[i];

        /* a page kept mapped: only known grants (and the offset is checked) */
        if (s->gref >= FAKE_PAGES || s->offset + s->len > BLK_SEG_PAGE)
            return -1;
        iov[i].iov_base = g->pages[s->gref] + s->offset;
        iov[i].iov_len = s->len;
    }
    g->iovs++;
    return 0;
}

int fake_guest_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf)
{
    struct fake_guest *g = ctx;
    unsigned i;

    g->fetches++;
    if (bytes > n * BLK_SEG_PAGE)
        return -1;
    for (i = 0; i < n; i++) {
        uint32_t len = bytes - i * BLK_SEG_PAGE;

        if (grefs[i] >= FAKE_PAGES)
            return -1;
        memcpy(buf + i * BLK_SEG_PAGE, g->pages[grefs[i]], len < BLK_SEG_PAGE ? len : BLK_SEG_PAGE);
    }
    return 0;
}

void fake_guest_init(struct fake_guest *g, uint64_t sectors, bool readonly, bool discard)
{
    blkif_sring_t *s;

    memset(g, 0, sizeof(*g));
    /* mmap: zero pages on first touch, so a fuzz run pays only for what it uses */
    g->pages = mmap(NULL, FAKE_PAGES * BLK_SEG_PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    /* a window of BLK_INFLIGHT_MAX requests under way when a test gives
     * the backend a submitter (blk_io.h) */
    g->b.depth = BLK_INFLIGHT_MAX;
    g->b.buf = mmap(NULL, BLK_INFLIGHT_MAX * BLK_MAX_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (posix_memalign(&g->page, BLK_RING_PAGE, BLK_RING_PAGE) ||
        g->pages == MAP_FAILED || g->b.buf == MAP_FAILED)
        abort();
    memset(g->page, 0xAA, BLK_RING_PAGE);   /* garbage a response must not keep */
    s = g->page;
    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&g->front, s, BLK_RING_PAGE);
    blk_ring_attach(&g->b.ring, s, BLK_RING_PAGE);

    g->b.disk.fd = memfd_create("xyl-test-image", MFD_CLOEXEC);
    if (g->b.disk.fd < 0 || ftruncate(g->b.disk.fd, (off_t)(sectors << BLK_SECTOR_SHIFT)))
        abort();
    g->b.disk.is_file = true;
    g->b.disk.lim.sectors = sectors;
    g->b.disk.lim.readonly = readonly;
    g->b.disk.lim.discard = discard;
    g->b.gops.copy = fake_guest_copy;
    g->b.gops.fetch = fake_guest_fetch;
    g->b.gops.ctx = g;
}

void fake_guest_free(struct fake_guest *g)
{
    close(g->b.disk.fd);
    free(g->page);
    munmap(g->pages, FAKE_PAGES * BLK_SEG_PAGE);
    munmap(g->b.buf, BLK_INFLIGHT_MAX * BLK_MAX_BYTES);
}

blkif_request_t *fake_guest_req(struct fake_guest *g)
{
    blkif_request_t *r = RING_GET_REQUEST(&g->front, g->front.req_prod_pvt);

    g->front.req_prod_pvt++;
    memset(r, 0, sizeof(*r));
    return r;
}

void fake_guest_push(struct fake_guest *g)
{
    RING_PUSH_REQUESTS(&g->front);
}

bool fake_guest_rsp(struct fake_guest *g, blkif_response_t *rsp)
{
    if (g->front.rsp_cons == g->front.sring->rsp_prod)
        return false;
    RING_COPY_RESPONSE(&g->front, g->front.rsp_cons, rsp);
    g->front.rsp_cons++;
    return true;
}
