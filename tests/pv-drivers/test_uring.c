/*
 * test_uring.c - cmocka tests of xyl-blkback's asynchronous image I/O
 * (blk_uring.c through blk_io.c's blk_serve) on real io_uring, with the
 * in-memory guests of the ring tests (fake_ring.c): writes with and
 * without a flush and reads come back right; a guest whose image never
 * answers (a pipe nobody writes) holds up only its own ring while another
 * guest is served in full, and its request is answered, in ring order,
 * when the data comes; a short read (the image shrank) is an error; and
 * with io_uring_setup refused (a seccomp filter, as a container's would)
 * the daemon falls back to synchronous I/O and still serves.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pv-drivers/blkback/blk_uring.h"
#include "pv-drivers/common/pv_log.h"
#include "fake_ring.h"

#define SECTORS 2048

static struct fake_guest A, B;
static int submits, dones, kicks;
static bool mapped;             /* the second group: the guest's pages kept mapped */

static int count_submit(void *ctx, struct blk_inflight *f, int fd)
{
    submits++;
    return blk_uring_submit(ctx, f, fd);
}

static void count_kick(void *ctx)
{
    kicks++;
    blk_uring_kick(ctx);
}

static void done(struct blk_backend *b)
{
    (void)b;
    dones++;
}

static void guest_init(struct fake_guest *g)
{
    fake_guest_init(g, SECTORS, false, false);
    if (mapped)
        g->b.gops.iov = fake_guest_iov;
    if (blk_uring_on()) {
        g->b.aio.submit = count_submit;
        g->b.aio.kick = count_kick;
    }
}

static int setup(void **st)
{
    (void)st;
    pv_log_quiet = 1;
    submits = dones = kicks = 0;
    if (blk_uring_open(done))
        skip();                 /* no io_uring here: the fallback test still runs */
    guest_init(&A);
    guest_init(&B);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    if (mapped) {               /* readv/writev on the guest's pages, no copy */
        assert_int_equal(A.copies + B.copies, 0);
        assert_true(A.iovs > 0);
    }
    fake_guest_free(&A);
    fake_guest_free(&B);
    blk_uring_close();
    return 0;
}

static blkif_request_t *req(struct fake_guest *g, uint8_t op, uint64_t id, uint64_t sector,
                            grant_ref_t gref)
{
    blkif_request_t *r = fake_guest_req(g);

    r->operation = op;
    r->id = id;
    r->sector_number = sector;
    r->nr_segments = 1;
    r->seg[0].gref = gref;
    r->seg[0].first_sect = 0;
    r->seg[0].last_sect = 7;
    return r;
}

static void expect_rsp(struct fake_guest *g, uint64_t id, uint8_t op, int16_t status)
{
    blkif_response_t rsp;

    assert_true(fake_guest_rsp(g, &rsp));
    assert_int_equal(rsp.id, id);
    assert_int_equal(rsp.operation, op);
    assert_int_equal(rsp.status, status);
}

/* Serve g until its ring is empty, waiting for its I/O when it must. */
static void serve_all(struct fake_guest *g)
{
    bool notify;
    int rc, rounds = 0;

    fake_guest_push(g);
    for (;;) {
        RING_IDX old, event;

        g->front.sring->rsp_event = g->front.sring->rsp_prod + 1;      /* the guest waits */
        old = g->front.sring->rsp_prod;
        event = g->front.sring->rsp_event;

        rc = blk_serve(&g->b, 64 * BLK_COST_MIN, 0, &notify);
        /* responses past the guest's rsp_event come with an event */
        if ((RING_IDX)(g->front.sring->rsp_prod - event) < (RING_IDX)(g->front.sring->rsp_prod - old))
            assert_true(notify);
        if (rc == BLK_SERVE_IDLE && !blk_busy(&g->b))
            break;
        assert_int_not_equal(rc, BLK_SERVE_BROKEN);
        if (rc != BLK_SERVE_MORE)
            blk_uring_wait(&g->b);
        assert_true(++rounds < 1000);
    }
}

static void write_flush_read(void **st)
{
    uint8_t img[4096];

    (void)st;
    memset(A.pages[1], 0x5a, 4096);
    memset(A.pages[2], 0xc3, 4096);
    req(&A, BLKIF_OP_WRITE, 1, 8, 1);
    req(&A, BLKIF_OP_FLUSH_DISKCACHE, 2, 16, 2);       /* a durable write */
    req(&A, BLKIF_OP_FLUSH_DISKCACHE, 3, 0, 0)->nr_segments = 0;
    req(&A, BLKIF_OP_READ, 4, 16, 3);
    serve_all(&A);
    expect_rsp(&A, 1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    expect_rsp(&A, 2, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
    expect_rsp(&A, 3, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
    expect_rsp(&A, 4, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_false(fake_guest_rsp(&A, &(blkif_response_t){ 0 }));
    assert_int_equal(submits, 4);               /* every one through io_uring */
    assert_memory_equal(A.pages[3], A.pages[2], 4096);
    assert_int_equal(pread(A.b.disk.fd, img, sizeof(img), 8 * 512), 4096);
    assert_memory_equal(img, A.pages[1], 4096);
    assert_int_equal(A.b.st.writes, 2);
    assert_int_equal(A.b.st.flushes, 2);
}

/* A's image is a pipe nobody has written: its reads wait in the kernel,
 * both under way at once.  B is served in full meanwhile; A's requests
 * are answered, in ring order, when the data comes, and a third one finds
 * the end of the pipe. */
static void slow_image_stalls_only_its_ring(void **st)
{
    int p[2], i;
    bool notify;
    uint8_t data[8192];

    (void)st;
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    close(A.b.disk.fd);
    A.b.disk.fd = p[0];
    A.b.disk.is_file = false;
    req(&A, BLKIF_OP_READ, 1, 0, 1);
    req(&A, BLKIF_OP_READ, 2, 0, 2);
    fake_guest_push(&A);
    blk_serve(&A.b, 64 * BLK_COST_MIN, 0, &notify);    /* returned, not blocked */
    assert_int_equal(A.b.ring.br.req_cons, 2);          /* both under way */
    assert_int_equal(blk_busy(&A.b), 2);
    assert_false(fake_guest_rsp(&A, &(blkif_response_t){ 0 }));

    for (i = 0; i < 20; i++)
        req(&B, BLKIF_OP_WRITE, (uint64_t)i, (uint64_t)i * 8, 5);
    serve_all(&B);
    for (i = 0; i < 20; i++)
        expect_rsp(&B, (uint64_t)i, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
    assert_false(fake_guest_rsp(&A, &(blkif_response_t){ 0 }));
    assert_int_equal(dones, 20);        /* B's: A's completions have not come */

    memset(data, 0x77, sizeof(data));
    assert_int_equal(write(p[1], data, sizeof(data)), (ssize_t)sizeof(data));
    blk_uring_wait(&A.b);
    assert_true(blk_finish(&A.b));      /* answered and published */
    assert_int_equal(blk_busy(&A.b), 0);
    expect_rsp(&A, 1, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    expect_rsp(&A, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    assert_memory_equal(A.pages[1], data, 4096);
    assert_memory_equal(A.pages[2], data, 4096);
    close(p[1]);                        /* the third read: end of file, an error */
    req(&A, BLKIF_OP_READ, 3, 0, 3);
    serve_all(&A);
    expect_rsp(&A, 3, BLKIF_OP_READ, BLKIF_RSP_ERROR);
    A.b.disk.fd = p[0];                 /* closed by fake_guest_free */
}

/* Sixteen 4 KiB reads of cached data: started together, one
 * io_uring_enter for the turn's batch (not one each), all answered in
 * ring order with the right data. */
static void batch_of_reads(void **st)
{
    uint8_t page[4096];
    int i;

    (void)st;
    for (i = 0; i < 16; i++) {
        memset(page, 0x10 + i, sizeof(page));
        assert_int_equal(pwrite(A.b.disk.fd, page, sizeof(page), (off_t)i * 4096), 4096);
        req(&A, BLKIF_OP_READ, (uint64_t)i, (uint64_t)i * 8, (grant_ref_t)(20 + i));
    }
    serve_all(&A);
    for (i = 0; i < 16; i++) {
        expect_rsp(&A, (uint64_t)i, BLKIF_OP_READ, BLKIF_RSP_OKAY);
        memset(page, 0x10 + i, sizeof(page));
        assert_memory_equal(A.pages[20 + i], page, sizeof(page));
    }
    assert_int_equal(submits, 16);
    assert_in_range(kicks, 2, 4);       /* a window (8) at a time, not one each */
}

/* The image shrank below what was published: the kernel's short read is
 * finished synchronously, finds the end of the file, and the guest gets an
 * error, not stale bytes. */
static void short_read_is_an_error(void **st)
{
    (void)st;
    assert_int_equal(ftruncate(A.b.disk.fd, 64 * 512 + 1024), 0);
    req(&A, BLKIF_OP_READ, 9, 64, 1);
    serve_all(&A);
    expect_rsp(&A, 9, BLKIF_OP_READ, BLKIF_RSP_ERROR);
    assert_int_equal(submits, 1);
}

/* io_uring_setup refused (EPERM, as a container's filter does): no ring,
 * a line in the log, and requests run synchronously.  In a child: the
 * filter stays there. */
static void fallback_when_io_uring_is_refused(void **st)
{
    int status;
    pid_t pid;

    (void)st;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        blkif_response_t rsp;

        if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_setup), 0) ||
            seccomp_load(ctx))
            _exit(10);
        pv_log_quiet = 1;
        if (blk_uring_open(done) != -1 || blk_uring_on() || blk_uring_fd() != -1 ||
            pv_log_lines == 0)
            _exit(11);
        guest_init(&A);
        if (A.b.aio.submit)
            _exit(12);
        memset(A.pages[1], 0x42, 4096);
        req(&A, BLKIF_OP_WRITE, 1, 8, 1);
        req(&A, BLKIF_OP_READ, 2, 8, 2);
        fake_guest_push(&A);
        if (blk_serve(&A.b, 64 * BLK_COST_MIN, 0, &(bool){ false }) != BLK_SERVE_IDLE)
            _exit(13);
        if (!fake_guest_rsp(&A, &rsp) || rsp.status != BLKIF_RSP_OKAY ||
            !fake_guest_rsp(&A, &rsp) || rsp.status != BLKIF_RSP_OKAY || rsp.id != 2 ||
            memcmp(A.pages[1], A.pages[2], 4096))
            _exit(14);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_flush_read, setup, teardown),
        cmocka_unit_test_setup_teardown(slow_image_stalls_only_its_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(short_read_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(batch_of_reads, setup, teardown),
        cmocka_unit_test(fallback_when_io_uring_is_refused),
    };
    /* persistent grants: the image I/O reads into and writes from the
     * guest's own pages (io_uring's readv/writev) */
    const struct CMUnitTest mapped_tests[] = {
        cmocka_unit_test_setup_teardown(write_flush_read, setup, teardown),
        cmocka_unit_test_setup_teardown(short_read_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(batch_of_reads, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("io_uring, copied", tests, NULL, NULL);

    mapped = true;
    return failed + cmocka_run_group_tests_name("io_uring, on the guest's pages", mapped_tests,
                                                NULL, NULL);
}
