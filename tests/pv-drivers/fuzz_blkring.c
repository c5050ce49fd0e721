/*
 * fuzz_blkring.c - libFuzzer target: arbitrary shared-ring contents (and a
 * guest that keeps rewriting the ring while the backend works) fed to the
 * request path: blk_ring_take -> blk_req_check -> blk_execute -> responses.
 *
 * Input: byte 0 = options (read-only, discard offered, restarted backend,
 * racing guest, indirect requests offered),
 * then the 4 KiB ring page (indexes and slots), then bytes the "guest"
 * XORs into the ring during each grant copy (the XSA-155 race, made
 * deterministic), then the content of the granted pages.
 *
 * Besides ASan/UBSan, it aborts when an invariant breaks: the image never
 * changes size (no write outside it), every consumed request gets exactly
 * one response with a valid status, and serving always ends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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

    for (round = 0; round < 16 && rc == BLK_SERVE_MORE; round++) {
        bool notify;
        blkif_back_ring_t *br = &g.b.ring.br;

        rc = blk_serve(&g.b, 16 * BLK_COST_MIN, 0, &notify);
        /* every request taken was answered, once (but a discard in
         * progress) */
        if (br->req_cons != br->rsp_prod_pvt + g.b.dpend.active)
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
    fake_guest_free(&g);
    return 0;
}
