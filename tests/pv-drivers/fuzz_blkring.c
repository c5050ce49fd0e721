/*
 * fuzz_blkring.c - libFuzzer target: arbitrary shared-ring contents (and a
 * guest that keeps rewriting the ring while the backend works) fed to the
 * request path: blk_ring_take -> blk_req_check -> blk_execute -> responses.
 *
 * Input: byte 0 = options (read-only, discard offered, restarted backend,
 * racing guest, indirect requests offered, asynchronous I/O, the guest's
 * pages kept mapped: persistent grants, the I/O done on them),
 * then the 4 KiB ring page (indexes and slots), then bytes the "guest"
 * XORs into the ring during each grant copy (the XSA-155 race, made
 * deterministic), then the content of the granted pages.
 *
 * Asynchronous I/O (blk_io.h's aio, as io_uring does it): a fake submitter
 * driven by the race bytes refuses (the request runs synchronously, or
 * waits), completes at once or at a later turn (several under way, their
 * completions in an order the input picks), moves only part of the data
 * (a short read or write, the linked fdatasync then cancelled) or fails.
 *
 * Besides ASan/UBSan, it aborts when an invariant breaks: the image never
 * changes size (no write outside it), every consumed request gets exactly
 * one response with a valid status (but those under way), responses come
 * in ring order (response N answers request N), at most BLK_INFLIGHT_MAX
 * requests are under way,
 * the guest gets an event when responses pass its rsp_event, and serving
 * always ends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_ring.h"

#define SECTORS 64u

static const uint8_t *race;
static size_t race_len, race_pos;

static void guest_races(struct fake_guest *g)
{
    uint8_t *p = g->page;
    size_t i;

    /* flip up to 16 ring bytes at input-chosen places, each copy */
    for (i = 0; i < 16 && race_pos + 2 < race_len; i++, race_pos += 3) {
        size_t at = ((size_t)race[race_pos] << 8 | race[race_pos + 1]) % BLK_RING_PAGE;
        p[at] ^= race[race_pos + 2];
    }
}

/* The asynchronous submitter: what io_uring could answer, chosen by the
 * race bytes read from their end.  Deferred completions come in before a
 * later turn, in an order the input chooses (so out of ring order). */
static size_t aio_pos;
static struct blk_inflight *deferred[BLK_INFLIGHT_MAX * 4];
static unsigned ndeferred;

static uint8_t aio_byte(void)
{
    return aio_pos < race_len ? race[race_len - 1 - aio_pos++] : 0x11;
}

static int fake_submit(void *ctx, struct blk_inflight *f, int fd)
{
    const struct blk_plan *p = &f->plan;
    uint8_t c = aio_byte();
    off_t off = (off_t)(p->sector << BLK_SECTOR_SHIFT);
    uint32_t len = p->bytes;
    ssize_t n = 0;

    (void)ctx;
    if ((c & 7) == 0 || p->kind == BLK_DISCARD)
        return -1;                          /* queue full: synchronous, or later */
    if (c & 8)
        len = (uint32_t)(c >> 4) * 512 < len ? (uint32_t)(c >> 4) * 512 : len;  /* short */
    if (p->kind == BLK_READ)
        n = pread(fd, f->buf, len, off);
    else if (p->kind == BLK_WRITE)
        n = pwrite(fd, f->buf, len, off);
    f->res = (c & 0x70) == 0x70 ? -5 : n;    /* -EIO */
    f->parts = 1 + (p->kind == BLK_WRITE && p->flush);
    if (p->kind == BLK_FLUSH)
        f->sync_res = (c & 0x30) == 0x30 ? -5 : 0;
    else if (p->flush)
        f->sync_res = f->res != (int64_t)p->bytes ? -125 : 0;     /* -ECANCELED after a short write */
    if ((c & 0x80) || ndeferred == sizeof(deferred) / sizeof(deferred[0]))
        f->parts = 0;                       /* done inside the submit */
    else
        deferred[ndeferred++] = f;
    return 0;
}

/* Some of the deferred completions come in (all: when every is true). */
static void complete(bool every)
{
    unsigned i, kept = 0;

    for (i = 0; i < ndeferred; i++) {
        if (every || (aio_byte() & 1))
            deferred[i]->parts = 0;
        else
            deferred[kept++] = deferred[i];
    }
    ndeferred = kept;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t snap[BLK_RING_PAGE];
    blkif_back_ring_t ids;
    struct fake_guest g;
    struct stat sb;
    uint8_t opt;
    size_t n;
    int round, rc = BLK_SERVE_MORE;
    RING_IDX start;

    if (size < 1)
        return 0;
    opt = data[0];
    data++, size--;
    fake_guest_init(&g, SECTORS, opt & 1, opt & 2);
    if (opt & 16)
        g.b.disk.lim.max_indirect = BLK_MAX_INDIRECT_SEGS;
    if (opt & 64)               /* persistent grants: I/O on the guest's pages */
        g.b.gops.iov = fake_guest_iov;

    n = size < BLK_RING_PAGE ? size : BLK_RING_PAGE;
    memset(g.page, 0, BLK_RING_PAGE);
    memcpy(g.page, data, n);
    data += n, size -= n;
    if (opt & 4)
        blk_ring_resume(&g.b.ring, g.page, BLK_RING_PAGE);
    start = g.b.ring.br.rsp_prod_pvt;

    n = size < 1024 ? size : 1024;
    race = data, race_len = n, race_pos = 0;
    data += n, size -= n;
    if (opt & 8)
        g.on_copy = guest_races;
    n = size < FAKE_PAGES * BLK_SEG_PAGE ? size : FAKE_PAGES * BLK_SEG_PAGE;
    memcpy(g.pages, data, n);
    aio_pos = 0;
    ndeferred = 0;
    if (opt & 32)
        g.b.aio.submit = fake_submit;
    memcpy(snap, g.page, BLK_RING_PAGE);       /* the requests' ids, before any response */
    BACK_RING_ATTACH(&ids, (blkif_sring_t *)snap, 0, BLK_RING_PAGE);

    for (round = 0; round < 16 && (rc == BLK_SERVE_MORE || rc == BLK_SERVE_WAIT); round++) {
        bool notify;
        blkif_back_ring_t *br = &g.b.ring.br;
        RING_IDX old, event;
        bool scribbled;

        complete(false);
        old = br->rsp_prod_pvt;
        scribbled = g.front.sring->rsp_prod != old;    /* the page's own index */
        event = g.front.sring->rsp_event;
        rc = blk_serve(&g.b, 16 * BLK_COST_MIN, 0, &notify);
        /* the guest asked for an event at rsp_event: responses published
         * past it must come with one (ring.h's rule; judged only when the
         * page's index was ours to begin with) */
        if (!(opt & 8) && !scribbled && rc != BLK_SERVE_BROKEN && !notify &&
            (RING_IDX)(br->rsp_prod_pvt - event) < (RING_IDX)(br->rsp_prod_pvt - old))
            abort();
        /* every request taken was answered, once (but a discard in
         * progress, or the window's requests not yet answered) */
        if (br->req_cons != br->rsp_prod_pvt + g.b.dpend.active + blk_busy(&g.b))
            abort();
        /* waiting: for a completion of the window's first request */
        if (rc == BLK_SERVE_WAIT && (!blk_busy(&g.b) || !g.b.win[g.b.win_head].parts))
            abort();
        if (blk_busy(&g.b) > BLK_INFLIGHT_MAX || g.b.win_bytes > BLK_INFLIGHT_BYTES + BLK_MAX_BYTES)
            abort();
        if (rc != BLK_SERVE_BROKEN && g.front.sring->rsp_prod != br->rsp_prod_pvt)
            abort();
    }
    /* statuses are the three blkif ones (the ring may have been rewritten
     * by the racing guest after we published: check only if it was not) */
    if (!(opt & 8)) {
        RING_IDX i;
        for (i = start; i != g.b.ring.br.rsp_prod_pvt; i++) {
            blkif_response_t r;
            memcpy(&r, RING_GET_RESPONSE(&g.b.ring.br, i), sizeof(r));
            if (r.status != BLKIF_RSP_OKAY && r.status != BLKIF_RSP_ERROR &&
                r.status != BLKIF_RSP_EOPNOTSUPP)
                abort();
        }
    }
    if (fstat(g.b.disk.fd, &sb) || sb.st_size != (off_t)SECTORS * 512)
        abort();
    if (blk_busy(&g.b)) {       /* their completions, then their answers */
        complete(true);
        blk_finish(&g.b);
        if (blk_busy(&g.b) || g.b.ring.br.req_cons != g.b.ring.br.rsp_prod_pvt + g.b.dpend.active)
            abort();
    }
    /* answered in ring order: response i answers request i, whatever
     * order their I/O completed in (judged when nobody rewrote the ring) */
    if (!(opt & 8)) {
        RING_IDX i;
        for (i = start; i != g.b.ring.br.rsp_prod_pvt; i++) {
            blkif_response_t r;
            memcpy(&r, RING_GET_RESPONSE(&g.b.ring.br, i), sizeof(r));
            if (r.id != RING_GET_REQUEST(&ids, i)->id)
                abort();
        }
    }
    fake_guest_free(&g);
    return 0;
}
