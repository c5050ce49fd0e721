/*
 * test_ring.c - cmocka tests of the blkif request path: an in-memory shared
 * ring (SHARED_RING_INIT / FRONT_RING_INIT on one side, the backend's
 * blk_ring on the other), granted pages in memory, an image in a memfd, and
 * hostile requests.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "fake_ring.h"
#include "pv-drivers/blkback/blk_image.h"

#define SECTORS 2048ull         /* a 1 MiB image */

static struct fake_guest G;

static int setup_rw(void **st) { (void)st; fake_guest_init(&G, SECTORS, false, false); return 0; }
/* persistent grants: every known page mapped, the I/O done on them */
static int setup_mapped(void **st)
{
    (void)st;
    fake_guest_init(&G, SECTORS, false, false);
    G.b.gops.iov = fake_guest_iov;
    return 0;
}
static int setup_ro(void **st) { (void)st; fake_guest_init(&G, SECTORS, true, false); return 0; }
static int setup_discard(void **st) { (void)st; fake_guest_init(&G, SECTORS, false, true); return 0; }
static int teardown(void **st) { (void)st; fake_guest_free(&G); return 0; }

static blkif_request_t *req(uint8_t op, uint64_t id, uint64_t sector, unsigned nseg)
{
    blkif_request_t *r = fake_guest_req(&G);

    r->operation = op;
    r->id = id;
    r->sector_number = sector;
    r->nr_segments = (uint8_t)nseg;
    return r;
}

static void seg(blkif_request_t *r, unsigned i, grant_ref_t gref, uint8_t first, uint8_t last)
{
    r->seg[i].gref = gref;
    r->seg[i].first_sect = first;
    r->seg[i].last_sect = last;
}

static int serve_all(void)
{
    bool notify;
    int rc, rounds = 0;

    fake_guest_push(&G);
    while ((rc = blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify)) == BLK_SERVE_MORE)
        assert_true(++rounds < 100);
    return rc;
}

static void expect_rsp(uint64_t id, uint8_t op, int16_t status)
{
    blkif_response_t r;

    assert_true(fake_guest_rsp(&G, &r));
    if (r.id != id || r.operation != op || r.status != status)
        fail_msg("response id=%llu op=%u status=%d, want id=%llu op=%u status=%d",
                 (unsigned long long)r.id, r.operation, r.status,
                 (unsigned long long)id, op, status);
}

static void image_read(uint64_t off, void *buf, size_t len)
{
    assert_int_equal(pread(G.b.disk.fd, buf, len, (off_t)off), (ssize_t)len);
}

static void fill(int gref, uint8_t seed)
{
    int i;

    for (i = 0; i < (int)BLK_SEG_PAGE; i++)
        G.pages[gref][i] = (uint8_t)(seed + i * 7);
}

static void write_then_read_back(void **st)
{
    uint8_t img[BLK_SEG_PAGE + 1024];
    blkif_request_t *r;

    (void)st;
    fill(0, 1);
    fill(1, 99);
    /* page 0 whole (8 sectors) then sectors 2..3 of page 1, at sector 10 */
    r = req(BLKIF_OP_WRITE, 0x1122334455667788ull, 10, 2);
    seg(r, 0, 0, 0, 7);
    seg(r, 1, 1, 2, 3);
    assert_int_equal(serve_all(), BLK_SERVE_IDLE);
    expect_rsp(0x1122334455667788ull, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    image_read(10 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[0], BLK_SEG_PAGE);
    assert_memory_equal(img + BLK_SEG_PAGE, G.pages[1] + 1024, 1024);

    /* read it back into other pages, split differently */
    r = req(BLKIF_OP_READ, 7, 10, 3);
    seg(r, 0, 2, 4, 7);         /* 4 sectors into the second half of page 2 */
    seg(r, 1, 3, 0, 3);
    seg(r, 2, 4, 7, 7);
    serve_all();
    expect_rsp(7, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_memory_equal(G.pages[2] + 2048, img, 2048);
    assert_memory_equal(G.pages[3], img + 2048, 2048);
    assert_memory_equal(G.pages[4] + 3584, img + 4096, 512);
    assert_int_equal(G.b.st.reads, 1);
    assert_int_equal(G.b.st.writes, 1);
    assert_int_equal(G.b.st.errors, 0);
    /* the sectors moved (xyl-stats: read_sectors, write_sectors) */
    assert_int_equal(G.b.st.write_sectors, 10);
    assert_int_equal(G.b.st.read_sectors, 9);

    /* the last sector of the disk is reachable, one more is not */
    r = req(BLKIF_OP_READ, 8, SECTORS - 1, 1);
    seg(r, 0, 5, 0, 0);
    r = req(BLKIF_OP_READ, 9, SECTORS - 1, 1);
    seg(r, 0, 5, 0, 1);
    serve_all();
    expect_rsp(8, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    expect_rsp(9, BLKIF_OP_READ, BLKIF_RSP_ERROR);
}

/* Each hostile request gets its own error and the next good one works. */
static void hostile_requests_get_errors(void **st)
{
    static const struct {
        uint8_t op, nseg, first, last;
        uint64_t sector;
        int16_t want;
    } cases[] = {
        { BLKIF_OP_READ, 0, 0, 0, 0, BLKIF_RSP_ERROR },                 /* no segments */
        { BLKIF_OP_WRITE, 0, 0, 0, 0, BLKIF_RSP_ERROR },
        { BLKIF_OP_READ, 12, 0, 7, 0, BLKIF_RSP_ERROR },                /* > 11 segments */
        { BLKIF_OP_WRITE, 255, 0, 7, 0, BLKIF_RSP_ERROR },
        { BLKIF_OP_READ, 1, 3, 2, 0, BLKIF_RSP_ERROR },                 /* first > last */
        { BLKIF_OP_WRITE, 1, 0, 8, 0, BLKIF_RSP_ERROR },                /* beyond the page */
        { BLKIF_OP_READ, 1, 255, 255, 0, BLKIF_RSP_ERROR },
        { BLKIF_OP_WRITE, 1, 0, 0, SECTORS, BLKIF_RSP_ERROR },          /* past the end */
        { BLKIF_OP_READ, 1, 0, 7, SECTORS - 7, BLKIF_RSP_ERROR },       /* straddles it */
        { BLKIF_OP_WRITE, 1, 0, 7, UINT64_MAX, BLKIF_RSP_ERROR },       /* sector + n wraps */
        { BLKIF_OP_WRITE, 1, 0, 7, UINT64_MAX - 3, BLKIF_RSP_ERROR },
        { BLKIF_OP_WRITE_BARRIER, 1, 0, 7, 0, BLKIF_RSP_EOPNOTSUPP },   /* not offered */
        { BLKIF_OP_DISCARD, 0, 0, 0, 0, BLKIF_RSP_EOPNOTSUPP },
        { BLKIF_OP_INDIRECT, 1, 0, 7, 0, BLKIF_RSP_EOPNOTSUPP },      /* not offered here */
        { BLKIF_OP_RESERVED_1, 1, 0, 7, 0, BLKIF_RSP_EOPNOTSUPP },
        { 200, 1, 0, 7, 0, BLKIF_RSP_EOPNOTSUPP },
        { BLKIF_OP_FLUSH_DISKCACHE, 12, 0, 7, 0, BLKIF_RSP_ERROR },
        { BLKIF_OP_FLUSH_DISKCACHE, 1, 0, 9, 0, BLKIF_RSP_ERROR },
    };
    struct stat sb;
    uint8_t zero[BLK_SEG_PAGE] = { 0 }, img[BLK_SEG_PAGE];
    blkif_request_t *r;
    size_t i;
    unsigned k;
    int copies;

    (void)st;
    fill(0, 5);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* an indirect request's response carries its inner operation (the
         * byte after `operation`, here nr_segments) */
        uint8_t rsp_op = cases[i].op == BLKIF_OP_INDIRECT ? cases[i].nseg : cases[i].op;

        r = req(cases[i].op, 100 + i, cases[i].sector, cases[i].nseg);
        for (k = 0; k < BLK_MAX_SEGS; k++)
            seg(r, k, 0, cases[i].first, cases[i].last);
        if (cases[i].op == BLKIF_OP_WRITE && cases[i].nseg > 0 && cases[i].nseg <= 11)
            r->seg[0].gref = 0;
        /* a good request after every bad one: service goes on */
        r = req(BLKIF_OP_READ, 1000 + i, 0, 1);
        seg(r, 0, 1, 0, 0);
        copies = G.copies + G.iovs;
        assert_int_equal(serve_all(), BLK_SERVE_IDLE);
        expect_rsp(100 + i, rsp_op, cases[i].want);
        expect_rsp(1000 + i, BLKIF_OP_READ, BLKIF_RSP_OKAY);
        /* refused by the checks, before any grant copy or I/O was tried
         * (Xen or the kernel would catch some of these too: not good
         * enough); the good one's data moved once, copied or mapped */
        assert_int_equal(G.copies + G.iovs, copies + 1);
        assert_non_null(G.b.st.last_why);
        if (!strcmp(G.b.st.last_why, "I/O or grant copy failed"))
            fail_msg("case %zu got past validation", i);
        G.b.st.last_why = NULL;
    }
    assert_false(fake_guest_rsp(&G, &(blkif_response_t){ 0 }));
    /* nothing was written and the image did not grow */
    assert_int_equal(fstat(G.b.disk.fd, &sb), 0);
    assert_int_equal(sb.st_size, SECTORS * 512);
    for (k = 0; k < SECTORS / 8; k++) {
        image_read((uint64_t)k * BLK_SEG_PAGE, img, sizeof(img));
        assert_memory_equal(img, zero, sizeof(img));
    }
    assert_true(G.b.st.errors >= 10);
    assert_true(G.b.st.unsupported >= 5);
}

/* Persistent grants: a read and a write whose pages are all mapped go
 * to and from those pages with no grant copy. */
static void mapped_pages_are_not_copied(void **st)
{
    uint8_t img[2 * BLK_SEG_PAGE];
    blkif_request_t *r;

    (void)st;
    fill(0, 5);
    fill(1, 6);
    r = req(BLKIF_OP_WRITE, 1, 16, 2);
    seg(r, 0, 0, 0, 7);
    seg(r, 1, 1, 0, 7);
    r = req(BLKIF_OP_READ, 2, 16, 2);
    seg(r, 0, 3, 0, 7);
    seg(r, 1, 2, 0, 7);         /* the second half into an earlier page */
    serve_all();
    expect_rsp(1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    expect_rsp(2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    image_read(16 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[0], BLK_SEG_PAGE);
    assert_memory_equal(img + BLK_SEG_PAGE, G.pages[1], BLK_SEG_PAGE);
    assert_memory_equal(G.pages[3], G.pages[0], BLK_SEG_PAGE);
    assert_memory_equal(G.pages[2], G.pages[1], BLK_SEG_PAGE);
    assert_int_equal(G.copies, 0);
    assert_int_equal(G.iovs, 2);
}

static void bad_grant_fails_only_that_request(void **st)
{
    uint8_t img[BLK_SEG_PAGE], zero[BLK_SEG_PAGE] = { 0 };
    blkif_request_t *r;

    (void)st;
    fill(0, 3);
    /* segment 1 names a grant Xen does not know: nothing may be written */
    r = req(BLKIF_OP_WRITE, 1, 0, 2);
    seg(r, 0, 0, 0, 7);
    seg(r, 1, 4000, 0, 7);
    r = req(BLKIF_OP_WRITE, 2, 8, 1);
    seg(r, 0, 0, 0, 7);
    serve_all();
    expect_rsp(1, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
    expect_rsp(2, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    image_read(0, img, sizeof(img));
    assert_memory_equal(img, zero, sizeof(img));
    image_read(8 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[0], sizeof(img));
}

static void readonly_refuses_writes(void **st)
{
    blkif_request_t *r;

    (void)st;
    r = req(BLKIF_OP_WRITE, 1, 0, 1);
    seg(r, 0, 0, 0, 0);
    r = req(BLKIF_OP_FLUSH_DISKCACHE, 2, 0, 1);
    seg(r, 0, 0, 0, 0);
    r = req(BLKIF_OP_READ, 3, 0, 1);
    seg(r, 0, 0, 0, 0);
    req(BLKIF_OP_FLUSH_DISKCACHE, 4, 0, 0);
    serve_all();
    expect_rsp(1, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
    expect_rsp(2, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_ERROR);
    expect_rsp(3, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    expect_rsp(4, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
}

static void flush_with_and_without_data(void **st)
{
    uint8_t img[1024];
    blkif_request_t *r;

    (void)st;
    fill(3, 11);
    req(BLKIF_OP_FLUSH_DISKCACHE, 1, 12345, 0);     /* sector ignored */
    r = req(BLKIF_OP_FLUSH_DISKCACHE, 2, 100, 1);   /* a durable write */
    seg(r, 0, 3, 6, 7);
    serve_all();
    expect_rsp(1, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
    expect_rsp(2, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
    image_read(100 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[3] + 3072, 1024);
    assert_int_equal(G.b.st.flushes, 2);
    assert_int_equal(G.b.st.writes, 1);
}

static void discard_punches_zeros(void **st)
{
    uint8_t img[BLK_SEG_PAGE], zero[BLK_SEG_PAGE] = { 0 };
    blkif_request_discard_t *d;
    blkif_request_t *r;
    struct stat sb;

    (void)st;
    fill(0, 9);
    r = req(BLKIF_OP_WRITE, 1, 64, 1);
    seg(r, 0, 0, 0, 7);
    r = req(BLKIF_OP_WRITE, 2, 72, 1);
    seg(r, 0, 0, 0, 7);
    d = (blkif_request_discard_t *)fake_guest_req(&G);
    d->operation = BLKIF_OP_DISCARD;
    d->id = 3;
    d->sector_number = 64;
    d->nr_sectors = 8;
    d = (blkif_request_discard_t *)fake_guest_req(&G);
    d->operation = BLKIF_OP_DISCARD;
    d->id = 4;
    d->sector_number = 8;
    d->nr_sectors = UINT64_MAX;                     /* wraps: refused */
    serve_all();
    expect_rsp(1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    expect_rsp(2, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    expect_rsp(3, BLKIF_OP_DISCARD, BLKIF_RSP_OKAY);
    expect_rsp(4, BLKIF_OP_DISCARD, BLKIF_RSP_ERROR);
    image_read(64 * 512, img, sizeof(img));
    assert_memory_equal(img, zero, sizeof(img));
    image_read(72 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[0], sizeof(img));
    assert_int_equal(fstat(G.b.disk.fd, &sb), 0);
    assert_int_equal(sb.st_size, SECTORS * 512);
}

/* XSA-216: every byte of a response slot is ours, padding included. */
static void responses_fully_initialised(void **st)
{
    blkif_request_t *r;
    const uint8_t *slot;
    blkif_response_t want;

    (void)st;
    assert_int_equal(sizeof(blkif_response_t), 16);     /* 5 bytes of padding */
    r = req(BLKIF_OP_READ, 0x0102030405060708ull, 0, 1);
    seg(r, 0, 0, 0, 0);
    r->handle = 0xBEEF;
    serve_all();
    slot = (const uint8_t *)RING_GET_RESPONSE(&G.front, 0);
    memset(&want, 0, sizeof(want));
    want.id = 0x0102030405060708ull;
    want.operation = BLKIF_OP_READ;
    want.status = BLKIF_RSP_OKAY;
    assert_memory_equal(slot, &want, sizeof(want));
    assert_int_equal(slot[9], 0);
    assert_int_equal(slot[12] | slot[13] | slot[14] | slot[15], 0);
}

/* XSA-155: the guest rewrites its request while the backend works on it
 * (here: during the grant copy).  The backend must go on using its copy. */
static void hostile_rewrite_during_io(struct fake_guest *g)
{
    blkif_request_t *r = RING_GET_REQUEST(&g->front, g->front.req_prod_pvt - 1);

    r->id = 666;
    r->operation = BLKIF_OP_WRITE;
    r->nr_segments = 255;
    r->sector_number = UINT64_MAX;
    r->seg[0].last_sect = 200;
}

static void double_fetch_is_harmless(void **st)
{
    blkif_request_t *r;
    uint8_t img[BLK_SEG_PAGE];

    (void)st;
    fill(0, 77);
    r = req(BLKIF_OP_WRITE, 42, 16, 1);
    seg(r, 0, 0, 0, 7);
    G.on_copy = hostile_rewrite_during_io;
    serve_all();
    G.on_copy = NULL;
    expect_rsp(42, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    image_read(16 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[0], sizeof(img));
    assert_int_equal(G.copies, 1);
}

static void bogus_producer_breaks_only_the_ring(void **st)
{
    blkif_request_t *r;
    bool notify;

    (void)st;
    r = req(BLKIF_OP_READ, 1, 0, 1);
    seg(r, 0, 0, 0, 0);
    serve_all();
    expect_rsp(1, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    /* claims 33 outstanding requests on a 32-slot ring */
    G.front.sring->req_prod = G.front.req_prod_pvt + 33;
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_BROKEN);
    assert_false(fake_guest_rsp(&G, &(blkif_response_t){ 0 }));
    /* and stays broken, even if it "fixes" the index */
    G.front.sring->req_prod = G.front.req_prod_pvt;
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_BROKEN);
    /* an index that went backwards is just as bogus */
    blk_ring_attach(&G.b.ring, G.page, BLK_RING_PAGE);
    G.b.ring.br.req_cons = G.b.ring.br.rsp_prod_pvt = 10;
    G.front.sring->req_prod = 5;
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_BROKEN);
}

static void budget_and_notifications(void **st)
{
    blkif_request_t *r;
    blkif_response_t rsp;
    bool notify;
    int i, n = 0;

    (void)st;
    assert_int_equal(blk_ring_size(&G.b.ring), 32);
    for (i = 0; i < 32; i++) {
        r = req(BLKIF_OP_READ, (uint64_t)i, (uint64_t)i, 1);
        seg(r, 0, (grant_ref_t)(i % FAKE_PAGES), 0, 7);
    }
    fake_guest_push(&G);
    /* the frontend wants an event for the first response */
    G.front.sring->rsp_event = G.front.rsp_cons + 1;
    assert_int_equal(blk_serve(&G.b, 8 * BLK_COST_MIN, 0, &notify), BLK_SERVE_MORE);
    assert_true(notify);
    while (fake_guest_rsp(&G, &rsp))
        assert_int_equal(rsp.id, (uint64_t)n++);
    assert_int_equal(n, 8);
    /* no new rsp_event from the frontend: no event needed */
    assert_int_equal(blk_serve(&G.b, 8 * BLK_COST_MIN, 0, &notify), BLK_SERVE_MORE);
    assert_false(notify);
    while (blk_serve(&G.b, 8 * BLK_COST_MIN, 0, &notify) == BLK_SERVE_MORE)
        ;
    while (fake_guest_rsp(&G, &rsp))
        assert_int_equal(rsp.id, (uint64_t)n++);
    assert_int_equal(n, 32);
    /* idle: asks for an event on the next request */
    assert_int_equal(G.front.sring->req_event, G.b.ring.br.req_cons + 1);

    /* a restarted backend carries on after the published responses */
    r = req(BLKIF_OP_READ, 99, 0, 1);
    seg(r, 0, 0, 0, 0);
    fake_guest_push(&G);
    blk_ring_resume(&G.b.ring, G.page, BLK_RING_PAGE);
    assert_int_equal(blk_serve(&G.b, 8 * BLK_COST_MIN, 0, &notify), BLK_SERVE_IDLE);
    expect_rsp(99, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_false(fake_guest_rsp(&G, &rsp));
}

/* ---- a daemon killed (SIGKILL) in the middle of a turn, then restarted ---- */

#define KILL_REQS 12            /* more than one batch of the request loop */

static jmp_buf killed;
static int kill_at;             /* the grant copy during which the daemon dies */

static void kill_on_copy(struct fake_guest *g)
{
    if (g->copies == kill_at)
        longjmp(killed, 1);
}

/* Whatever the point of a turn the old daemon died at (during its k-th
 * grant copy, with responses of the batch already written), the new one
 * resumes the ring (blk_ring_resume on the shared page, nothing private
 * carried over) and every request gets exactly one response, its own id,
 * in ring order, with its data in the image; and the frontend gets an
 * event after the resume even when nothing is left to answer (the old
 * daemon may have published responses and died before notifying). */
static void killed_mid_turn_resumes_exactly(void **st)
{
    uint8_t img[BLK_SEG_PAGE];
    blkif_response_t rsp;
    blkif_request_t *r;
    bool notify;
    volatile int turns;
    int i;

    (void)st;
    for (kill_at = 1; kill_at <= KILL_REQS + 1; kill_at++) {
        fake_guest_free(&G);
        fake_guest_init(&G, SECTORS, false, false);
        for (i = 0; i < KILL_REQS; i++) {
            fill(i, (uint8_t)(17 * i + kill_at));
            r = req(BLKIF_OP_WRITE, 1000 + (uint64_t)i, 8 * (uint64_t)i, 1);
            seg(r, 0, (grant_ref_t)i, 0, 7);
        }
        fake_guest_push(&G);
        G.front.sring->rsp_event = G.front.rsp_cons + 1;
        G.on_copy = kill_on_copy;
        turns = 0;
        if (setjmp(killed) == 0) {
            while (blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify) == BLK_SERVE_MORE)
                assert_true(++turns < 100);
        }
        /* the new daemon: its own state, the guest's ring page */
        G.on_copy = NULL;
        memset(&G.b.st, 0, sizeof(G.b.st));
        G.b.dpend.active = false;
        blk_ring_resume(&G.b.ring, G.page, BLK_RING_PAGE);
        assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_IDLE);
        if (!notify)
            fail_msg("killed during copy %d: no event for the frontend after the resume", kill_at);
        for (i = 0; i < KILL_REQS; i++) {
            if (!fake_guest_rsp(&G, &rsp))
                fail_msg("killed during copy %d: request %d never answered", kill_at, i);
            if (rsp.id != 1000 + (uint64_t)i || rsp.operation != BLKIF_OP_WRITE ||
                rsp.status != BLKIF_RSP_OKAY)
                fail_msg("killed during copy %d: response %d is id=%llu op=%u status=%d", kill_at,
                         i, (unsigned long long)rsp.id, rsp.operation, rsp.status);
            image_read(8 * 512 * (uint64_t)i, img, sizeof(img));
            assert_memory_equal(img, G.pages[i], sizeof(img));
        }
        if (fake_guest_rsp(&G, &rsp))
            fail_msg("killed during copy %d: a response too many (id=%llu)", kill_at,
                     (unsigned long long)rsp.id);
    }
}

/* ---- indirect requests (up to 256 segments in one request) ---- */

static int setup_indirect(void **st)
{
    setup_rw(st);
    G.b.disk.lim.max_indirect = BLK_MAX_INDIRECT_SEGS;
    return 0;
}

/* An indirect request whose segment array lives in guest page `ipage`. */
static blkif_request_indirect_t *ireq(uint8_t op, uint64_t id, uint64_t sector, unsigned nseg,
                                      grant_ref_t ipage)
{
    blkif_request_indirect_t *r = (blkif_request_indirect_t *)fake_guest_req(&G);

    r->operation = BLKIF_OP_INDIRECT;
    r->indirect_op = op;
    r->id = id;
    r->sector_number = sector;
    r->nr_segments = (uint16_t)nseg;
    r->indirect_grefs[0] = ipage;
    return r;
}

static struct blkif_request_segment *iseg(grant_ref_t ipage, unsigned i)
{
    return (struct blkif_request_segment *)G.pages[ipage] + i;
}

static void indirect_roundtrip(void **st)
{
    uint8_t img[BLK_SEG_PAGE];
    unsigned i;

    (void)st;
    /* write 40 whole pages (grants 10..49) at sector 16 */
    for (i = 0; i < 40; i++) {
        fill(10 + (int)i, (uint8_t)i);
        *iseg(1, i) = (struct blkif_request_segment){ .gref = 10 + i, .first_sect = 0, .last_sect = 7 };
    }
    ireq(BLKIF_OP_WRITE, 77, 16, 40, 1);
    /* and read them back into grants 100..139 */
    for (i = 0; i < 40; i++)
        *iseg(2, i) = (struct blkif_request_segment){ .gref = 100 + i, .first_sect = 0, .last_sect = 7 };
    ireq(BLKIF_OP_READ, 78, 16, 40, 2);
    serve_all();
    expect_rsp(77, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);     /* the inner operation */
    expect_rsp(78, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    for (i = 0; i < 40; i++) {
        image_read((16 + 8 * i) * 512ull, img, sizeof(img));
        assert_memory_equal(img, G.pages[10 + i], sizeof(img));
        assert_memory_equal(G.pages[100 + i], G.pages[10 + i], BLK_SEG_PAGE);
    }
    assert_int_equal(G.fetches, 2);
    assert_int_equal(G.copies, 2);          /* one grant copy per request */

    /* the largest: 256 segments = the whole 1 MiB disk */
    for (i = 0; i < 256; i++)
        *iseg(3, i) = (struct blkif_request_segment){ .gref = 20 + (i % 200), .last_sect = 7 };
    ireq(BLKIF_OP_READ, 79, 0, 256, 3);
    ireq(BLKIF_OP_READ, 80, 0, 257, 3);
    serve_all();
    expect_rsp(79, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    expect_rsp(80, BLKIF_OP_READ, BLKIF_RSP_ERROR);
}

static void indirect_hostile(void **st)
{
    static const struct {
        uint8_t op;
        unsigned nseg;
        grant_ref_t ipage;
        uint8_t last;
        uint64_t sector;
    } cases[] = {
        { BLKIF_OP_FLUSH_DISKCACHE, 1, 1, 7, 0 },   /* only read/write inside */
        { BLKIF_OP_DISCARD, 1, 1, 7, 0 },
        { BLKIF_OP_INDIRECT, 1, 1, 7, 0 },          /* no nesting */
        { 255, 1, 1, 7, 0 },
        { BLKIF_OP_READ, 0, 1, 7, 0 },              /* no segments */
        { BLKIF_OP_READ, 300, 1, 7, 0 },            /* more than offered */
        { BLKIF_OP_READ, 65535, 1, 7, 0 },
        { BLKIF_OP_READ, 4, 4000, 7, 0 },           /* segment page not granted */
        { BLKIF_OP_WRITE, 4, 1, 8, 0 },             /* a segment beyond its page */
        { BLKIF_OP_READ, 4, 1, 7, SECTORS - 31 },   /* past the end */
        { BLKIF_OP_WRITE, 4, 1, 7, UINT64_MAX - 8 },
    };
    size_t k;
    unsigned i;
    int copies;

    (void)st;
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        for (i = 0; i < 4; i++)
            *iseg(1, i) = (struct blkif_request_segment){ .gref = 5, .last_sect = cases[k].last };
        ireq(cases[k].op, k, cases[k].sector, cases[k].nseg, cases[k].ipage);
        copies = G.copies;
        serve_all();
        expect_rsp(k, cases[k].op, BLKIF_RSP_ERROR);
        assert_int_equal(G.copies, copies);         /* no data moved */
        /* refused by the header or segment checks, not by a later guard */
        assert_non_null(G.b.st.last_why);
        if (cases[k].ipage < FAKE_PAGES &&
            !strcmp(G.b.st.last_why, "cannot copy the indirect segment page"))
            fail_msg("case %zu got past the indirect checks", k);
    }
    assert_int_equal(G.b.st.errors, sizeof(cases) / sizeof(cases[0]));
}

/* XSA-155 for the indirect page: the guest rewrites its segment array
 * while the data moves; the checked copy is what is used. */
static void indirect_rewrite(struct fake_guest *g)
{
    struct blkif_request_segment *s = (struct blkif_request_segment *)g->pages[1];

    s[0].gref = 4000;
    s[0].last_sect = 255;
    s[1].first_sect = 9;
}

static void indirect_double_fetch_is_harmless(void **st)
{
    uint8_t img[2 * BLK_SEG_PAGE];

    (void)st;
    fill(6, 1);
    fill(7, 2);
    *iseg(1, 0) = (struct blkif_request_segment){ .gref = 6, .last_sect = 7 };
    *iseg(1, 1) = (struct blkif_request_segment){ .gref = 7, .last_sect = 7 };
    ireq(BLKIF_OP_WRITE, 5, 40, 2, 1);
    G.on_copy = indirect_rewrite;
    serve_all();
    G.on_copy = NULL;
    expect_rsp(5, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    image_read(40 * 512, img, sizeof(img));
    assert_memory_equal(img, G.pages[6], BLK_SEG_PAGE);
    assert_memory_equal(img + BLK_SEG_PAGE, G.pages[7], BLK_SEG_PAGE);
}

/* ---- one device's share of the single thread ---- */

/* One turn of the daemon for this device; returns the responses it gave. */
static int one_turn(void)
{
    blkif_response_t rsp;
    bool notify;
    int n = 0;

    fake_guest_push(&G);
    blk_serve(&G.b, BLK_TURN_BYTES, BLK_TURN_NS, &notify);
    while (fake_guest_rsp(&G, &rsp))
        n++;
    return n;
}

/* 1 MiB writes, flushes and whole-disk discards cost their size: a turn
 * ends after about 2 MiB's worth, whatever the number of requests. */
static void turn_costs_bytes(void **st)
{
    unsigned i, k;
    int n;

    (void)st;
    for (i = 0; i < 256; i++)
        *iseg(1, i) = (struct blkif_request_segment){ .gref = 20 + (i % 200), .last_sect = 7 };
    for (k = 0; k < 8; k++)
        ireq(BLKIF_OP_WRITE, k, 0, 256, 1);
    n = one_turn();
    if (n > 3)
        fail_msg("one turn served %d writes of 1 MiB", n);
    while (one_turn())
        ;
    for (k = 0; k < 8; k++)
        req(BLKIF_OP_FLUSH_DISKCACHE, 100 + k, 0, 0);
    n = one_turn();
    if (n > 3)
        fail_msg("one turn served %d flushes", n);
}

static void turn_costs_discard_size(void **st)
{
    blkif_request_discard_t *d;
    unsigned k;
    int n;

    (void)st;
    for (k = 0; k < 8; k++) {
        d = (blkif_request_discard_t *)fake_guest_req(&G);
        d->operation = BLKIF_OP_DISCARD;
        d->id = k;
        d->sector_number = 0;
        d->nr_sectors = SECTORS;                    /* the whole disk */
    }
    n = one_turn();
    if (n > 3)
        fail_msg("one turn served %d whole-disk discards", n);
}

/* A whole-disk discard of a 256 MiB image: 64 MiB a turn, answered after
 * the last piece; the read behind it waits for it (ring order). */
static int setup_big_discard(void **st)
{
    (void)st;
    fake_guest_init(&G, 256ull << 11, false, true);
    return 0;
}

static void big_discard_in_pieces(void **st)
{
    blkif_request_discard_t *d;
    blkif_request_t *r;
    bool notify;
    int turns = 0;

    (void)st;
    d = (blkif_request_discard_t *)fake_guest_req(&G);
    d->operation = BLKIF_OP_DISCARD;
    d->id = 1;
    d->sector_number = 0;
    d->nr_sectors = 256ull << 11;
    r = req(BLKIF_OP_READ, 2, 0, 1);
    seg(r, 0, 0, 0, 7);
    fake_guest_push(&G);
    while (blk_serve(&G.b, BLK_TURN_BYTES, BLK_TURN_NS, &notify) == BLK_SERVE_MORE) {
        turns++;
        if (turns < 4)          /* pieces 1..3: no answer yet */
            assert_int_equal(G.front.sring->rsp_prod, 0);
        assert_true(turns < 10);
    }
    assert_int_equal(turns, 4);
    expect_rsp(1, BLKIF_OP_DISCARD, BLKIF_RSP_OKAY);
    expect_rsp(2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_int_equal(G.b.st.discards, 1);
}

static void slow_copy(struct fake_guest *g)
{
    (void)g;
    usleep(3000);
}

/* Slow requests (3 ms each here): a turn ends after a few ms. */
static void turn_is_bounded_in_time(void **st)
{
    blkif_request_t *r;
    unsigned k;
    int n;

    (void)st;
    G.on_copy = slow_copy;
    for (k = 0; k < 16; k++) {
        r = req(BLKIF_OP_READ, k, 0, 1);
        seg(r, 0, 0, 0, 7);
    }
    n = one_turn();
    if (n > 3)
        fail_msg("one turn served %d requests of 3 ms each", n);
}

/* ---- opening the image ---- */

/* A FIFO where the image should be (swapped in after the toolstack
 * checked it): refused at once, never waited on (a read-only open of a
 * FIFO blocks until a writer comes, and the daemon serves everyone). */
/* A submitter that holds every request's I/O until the test completes it
 * (the kernel's io_uring, made deterministic): the data moves at submit,
 * the completion when the test says. */
static struct blk_inflight *held[64];
static unsigned nheld, kicks;

static int hold_submit(void *ctx, struct blk_inflight *f, int fd)
{
    off_t off = (off_t)(f->plan.sector << BLK_SECTOR_SHIFT);

    (void)ctx;
    if (nheld == 64)
        return -1;
    if (f->plan.kind == BLK_READ)
        f->res = pread(fd, f->buf, f->plan.bytes, off);
    else if (f->plan.kind == BLK_WRITE)
        f->res = pwrite(fd, f->buf, f->plan.bytes, off);
    f->sync_res = 0;
    f->parts = 1;
    held[nheld++] = f;
    return 0;
}

static void count_kick(void *ctx)
{
    (void)ctx;
    kicks++;
}

/* The held request whose plan starts at sector s: its completion comes. */
static void complete_sector(uint64_t s)
{
    unsigned i;

    for (i = 0; i < nheld; i++)
        if (held[i]->parts && held[i]->plan.sector == s) {
            held[i]->parts = 0;
            return;
        }
    fail_msg("no request under way at sector %llu", (unsigned long long)s);
}

/* Several requests under way at once, one kick for the turn, completions
 * out of order and answers in ring order; a full window, a flush and the
 * bytes limit wait for the device's own completions; a refused request
 * behind one under way is answered in its turn. */
static void window_answers_in_ring_order(void **st)
{
    bool notify;
    unsigned i;

    (void)st;
    nheld = kicks = 0;
    G.b.aio.submit = hold_submit;
    G.b.aio.kick = count_kick;
    for (i = 0; i < 10; i++) {
        fill((int)i + 1, (uint8_t)(0x30 + i));
        seg(req(BLKIF_OP_WRITE, 100 + i, i * 8, 1), 0, (grant_ref_t)i + 1, 0, 7);
    }
    fake_guest_push(&G);
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_WAIT);
    assert_int_equal(nheld, BLK_INFLIGHT_MAX);          /* the window is full */
    assert_int_equal(kicks, 1);                         /* one batch */
    assert_int_equal(G.b.ring.br.req_cons, BLK_INFLIGHT_MAX);
    assert_false(fake_guest_rsp(&G, &(blkif_response_t){ 0 }));

    complete_sector(2 * 8);                             /* the third first */
    complete_sector(1 * 8);
    assert_false(blk_finish(&G.b));                     /* the first is still under way */
    assert_int_equal(G.b.ring.br.rsp_prod_pvt, 0);
    complete_sector(0);
    /* the ring is empty: idle, its completions will make it runnable */
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_IDLE);
    assert_true(notify);
    assert_int_equal(blk_busy(&G.b), 7);
    for (i = 0; i < 3; i++)
        expect_rsp(100 + i, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    assert_false(fake_guest_rsp(&G, &(blkif_response_t){ 0 }));
    assert_int_equal(nheld, 10);                        /* the last two started */

    /* a flush waits until nothing is under way, and nothing starts
     * behind it until it is answered */
    req(BLKIF_OP_FLUSH_DISKCACHE, 200, 0, 0);
    seg(req(BLKIF_OP_READ, 201, 0, 1), 0, 30, 0, 7);
    fake_guest_push(&G);
    for (i = 3; i < 9; i++)
        complete_sector(i * 8);
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_WAIT);
    assert_int_equal(nheld, 10);                        /* the flush waits for the last write */
    complete_sector(9 * 8);
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_WAIT);
    assert_int_equal(nheld, 11);                        /* the flush, alone */
    assert_int_equal(blk_busy(&G.b), 1);
    assert_int_equal(held[10]->plan.kind, BLK_FLUSH);
    for (i = 3; i < 10; i++)
        expect_rsp(100 + i, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    complete_sector(0);
    assert_int_equal(blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify), BLK_SERVE_IDLE);
    expect_rsp(200, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
    assert_int_equal(nheld, 12);                        /* then the read */
    complete_sector(0);
    blk_finish(&G.b);
    expect_rsp(201, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_memory_equal(G.pages[30], G.pages[1], 4096);
    assert_int_equal(blk_busy(&G.b), 0);
    for (i = 0; i < 10; i++) {
        uint8_t img[4096];

        image_read(i * 4096, img, sizeof(img));
        assert_memory_equal(img, G.pages[i + 1], sizeof(img));
    }

    /* a refused request behind one under way is answered in its turn */
    seg(req(BLKIF_OP_READ, 300, 0, 1), 0, 20, 0, 7);
    seg(req(BLKIF_OP_READ, 301, SECTORS, 1), 0, 21, 0, 7);   /* beyond the image */
    fake_guest_push(&G);
    blk_serve(&G.b, 64 * BLK_COST_MIN, 0, &notify);
    assert_int_equal(blk_busy(&G.b), 2);
    assert_false(fake_guest_rsp(&G, &(blkif_response_t){ 0 }));
    complete_sector(0);
    blk_finish(&G.b);
    expect_rsp(300, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    expect_rsp(301, BLKIF_OP_READ, BLKIF_RSP_ERROR);
    assert_memory_equal(G.pages[20], G.pages[1], 4096);
    assert_int_equal(G.b.st.errors, 1);
    assert_int_equal(blk_busy(&G.b), 0);
}

/* The bytes under way per device stay under BLK_INFLIGHT_BYTES: 1 MiB
 * indirect writes start four at a time, not eight. */
static void window_bounded_in_bytes(void **st)
{
    bool notify;
    unsigned i, j;

    (void)st;
    nheld = kicks = 0;
    G.b.aio.submit = hold_submit;
    G.b.aio.kick = count_kick;
    for (j = 0; j < BLK_MAX_INDIRECT_SEGS; j++)
        *iseg(1, j) = (struct blkif_request_segment){ .gref = 10 + j % 8, .last_sect = 7 };
    for (i = 0; i < 6; i++)
        ireq(BLKIF_OP_WRITE, i, 0, BLK_MAX_INDIRECT_SEGS, 1);
    fake_guest_push(&G);
    assert_int_equal(blk_serve(&G.b, 64ull << 20, 0, &notify), BLK_SERVE_WAIT);
    assert_int_equal(nheld, BLK_INFLIGHT_BYTES / BLK_MAX_BYTES);
    assert_true(G.b.win_bytes <= BLK_INFLIGHT_BYTES);
    for (i = 0; i < nheld; i++)
        held[i]->parts = 0;
    assert_int_equal(blk_serve(&G.b, 64ull << 20, 0, &notify), BLK_SERVE_IDLE);
    assert_int_equal(nheld, 6);
    assert_int_equal(blk_busy(&G.b), 2);
    for (i = 0; i < nheld; i++)
        held[i]->parts = 0;
    assert_int_equal(blk_serve(&G.b, 64ull << 20, 0, &notify), BLK_SERVE_IDLE);
    for (i = 0; i < 6; i++)
        expect_rsp(i, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
}

static void fifo_image_refused_without_blocking(void **st)
{
    char dir[] = "/tmp/xyl-fifo-XXXXXX", path[64], err[256];
    struct blk_disk d;
    bool ro;

    (void)st;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/img", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    for (ro = false; ; ro = true) {
        alarm(5);               /* a blocked open ends the test here */
        assert_int_equal(blk_image_open(path, ro, -1, &d, err, sizeof(err)), -1);
        alarm(0);
        assert_non_null(strstr(err, "neither a regular file nor a block device"));
        assert_int_equal(d.fd, -1);
        if (ro)
            break;
    }
    unlink(path);
    rmdir(dir);
}

/* A regular image is opened blocking again (O_NONBLOCK only guards the
 * open itself). */
static void image_open_leaves_fd_blocking(void **st)
{
    char path[] = "/tmp/xyl-img-XXXXXX", err[256];
    struct blk_disk d;
    int fd = mkstemp(path);

    (void)st;
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 4096), 0);
    close(fd);
    assert_int_equal(blk_image_open(path, false, -1, &d, err, sizeof(err)), 0);
    assert_int_equal(fcntl(d.fd, F_GETFL) & O_NONBLOCK, 0);
    assert_true(d.lim.sectors == 8);
    blk_image_close(&d);
    unlink(path);
}

/* The lock: a second read-write device of one image is refused, unless it
 * takes over the holder's open file (same inode, read-write); a read-only
 * holder, or a descriptor of another file, is no way past it.  Once the
 * holder closes, the successor still holds the lock. */
static void image_lock_and_takeover(void **st)
{
    char path[] = "/tmp/xyl-img-XXXXXX", other[] = "/tmp/xyl-img-XXXXXX", err[256];
    struct blk_disk a, b, c;
    int fd = mkstemp(path), ofd = mkstemp(other), rofd;

    (void)st;
    assert_true(fd >= 0 && ofd >= 0);
    assert_int_equal(ftruncate(fd, 8192), 0);
    close(fd);
    assert_int_equal(blk_image_open(path, false, -1, &a, err, sizeof(err)), 0);
    assert_int_equal(blk_image_open(path, false, -1, &b, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "in use by another xyl disk"));
    assert_int_equal(blk_image_open(path, false, ofd, &b, err, sizeof(err)), -1);
    rofd = open(path, O_RDONLY);
    assert_true(rofd >= 0);
    assert_int_equal(blk_image_open(path, false, rofd, &b, err, sizeof(err)), -1);
    assert_int_equal(blk_image_open(path, false, a.fd, &b, err, sizeof(err)), 0);
    assert_true(b.lim.sectors == 16 && !b.lim.readonly);
    assert_true(b.fd != a.fd);
    blk_image_close(&a);
    /* b's duplicate keeps the lock: a third device is still refused */
    assert_int_equal(blk_image_open(path, true, -1, &c, err, sizeof(err)), -1);
    blk_image_close(&b);
    assert_int_equal(blk_image_open(path, true, -1, &c, err, sizeof(err)), 0);
    blk_image_close(&c);
    close(rofd);
    close(ofd);
    unlink(other);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_then_read_back, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(hostile_requests_get_errors, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(bad_grant_fails_only_that_request, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(readonly_refuses_writes, setup_ro, teardown),
        cmocka_unit_test_setup_teardown(flush_with_and_without_data, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(discard_punches_zeros, setup_discard, teardown),
        cmocka_unit_test_setup_teardown(responses_fully_initialised, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(double_fetch_is_harmless, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(bogus_producer_breaks_only_the_ring, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(budget_and_notifications, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(killed_mid_turn_resumes_exactly, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(indirect_roundtrip, setup_indirect, teardown),
        cmocka_unit_test_setup_teardown(indirect_hostile, setup_indirect, teardown),
        cmocka_unit_test_setup_teardown(indirect_double_fetch_is_harmless, setup_indirect, teardown),
        cmocka_unit_test_setup_teardown(turn_costs_bytes, setup_indirect, teardown),
        cmocka_unit_test_setup_teardown(turn_costs_discard_size, setup_discard, teardown),
        cmocka_unit_test_setup_teardown(turn_is_bounded_in_time, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(big_discard_in_pieces, setup_big_discard, teardown),
        cmocka_unit_test_setup_teardown(window_answers_in_ring_order, setup_rw, teardown),
        cmocka_unit_test_setup_teardown(window_bounded_in_bytes, setup_indirect, teardown),
        cmocka_unit_test(fifo_image_refused_without_blocking),
        cmocka_unit_test(image_open_leaves_fd_blocking),
        cmocka_unit_test(image_lock_and_takeover),
    };
    const struct CMUnitTest mapped_tests[] = {
        cmocka_unit_test_setup_teardown(write_then_read_back, setup_mapped, teardown),
        cmocka_unit_test_setup_teardown(mapped_pages_are_not_copied, setup_mapped, teardown),
        cmocka_unit_test_setup_teardown(bad_grant_fails_only_that_request, setup_mapped, teardown),
        cmocka_unit_test_setup_teardown(flush_with_and_without_data, setup_mapped, teardown),
        cmocka_unit_test_setup_teardown(hostile_requests_get_errors, setup_mapped, teardown),
    };

    return cmocka_run_group_tests_name("blkif ring", tests, NULL, NULL) +
           cmocka_run_group_tests_name("blkif ring, pages kept mapped", mapped_tests, NULL, NULL);
}
