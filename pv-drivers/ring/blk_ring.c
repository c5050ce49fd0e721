/*
 * blk_ring.c - see blk_ring.h.  Built on the public ring.h macros; the only
 * additions are the single read of req_prod, the overflow checks and the
 * fully initialised response.
 */
#include "blk_ring.h"

void blk_ring_attach(struct blk_ring *r, void *page, size_t size)
{
    blkif_sring_t *s = page;

    BACK_RING_INIT(&r->br, s, size);
    r->broken = false;
    r->notify = false;
}

void blk_ring_resume(struct blk_ring *r, void *page, size_t size)
{
    blkif_sring_t *s = page;
    RING_IDX start = *(volatile RING_IDX *)&s->rsp_prod;

    BACK_RING_ATTACH(&r->br, s, start, size);
    r->broken = false;
    r->notify = true;           /* see blk_ring.h */
}

unsigned blk_ring_size(const struct blk_ring *r)
{
    return RING_SIZE(&r->br);
}

int blk_ring_take(struct blk_ring *r, blkif_request_t *reqs, int max)
{
    blkif_back_ring_t *br = &r->br;
    RING_IDX rc = br->req_cons, rp;
    int n = 0;

    if (r->broken)
        return -1;
    /* One read of the guest's producer index; everything below uses rp. */
    rp = *(volatile RING_IDX *)&br->sring->req_prod;
    xen_rmb();      /* see the requests the index covers, not older bytes */

    /* More outstanding requests than slots: not a ring any more (the slots
     * would be read twice, or stale ones taken as new).  Linux's blkback
     * gives up on such a ring too. */
    if (RING_REQUEST_PROD_OVERFLOW(br, rp)) {
        r->broken = true;
        return -1;
    }
    while (rc != rp && n < max) {
        /* never consume a request we have no response slot for */
        if (RING_REQUEST_CONS_OVERFLOW(br, rc))
            break;
        RING_COPY_REQUEST(br, rc, &reqs[n]);
        n++;
        br->req_cons = ++rc;
    }
    return n;
}

void blk_ring_untake(struct blk_ring *r, unsigned n)
{
    r->br.req_cons -= n;
}

void blk_ring_put(struct blk_ring *r, uint64_t id, uint8_t op, int16_t status)
{
    blkif_back_ring_t *br = &r->br;
    blkif_response_t rsp;
    int notify;

    memset(&rsp, 0, sizeof(rsp));       /* the padding too: nothing of ours leaks */
    rsp.id = id;
    rsp.operation = op;
    rsp.status = status;
    memcpy(RING_GET_RESPONSE(br, br->rsp_prod_pvt), &rsp, sizeof(rsp));
    br->rsp_prod_pvt++;
    /* published now, not at the end of the batch: the slot held a request
     * the restarted daemon would read again (blk_ring.h) */
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(br, notify);
    r->notify |= notify;
}

bool blk_ring_push(struct blk_ring *r)
{
    bool notify = r->notify;

    /* published already; written again in case the guest scribbled over
     * the index (only the backend may write it) */
    xen_wmb();
    r->br.sring->rsp_prod = r->br.rsp_prod_pvt;
    r->notify = false;
    return notify;
}

bool blk_ring_more(struct blk_ring *r)
{
    int more;

    if (r->broken)
        return false;
    RING_FINAL_CHECK_FOR_REQUESTS(&r->br, more);
    return more;
}
