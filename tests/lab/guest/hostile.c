/*
 * hostile.c - a hostile guest's frontend for the lab (issue 19,
 * tests/lab/hostile/10-hostile-guest.sh).  Static, in the guests' initramfs; run by
 * guest/init with xyl_hostile=DEVID on the cmdline, in a guest whose
 * kernel blkfront is not loaded, so this program is the frontend of its
 * `backend: xyl` disk DEVID:
 *
 *   - it shares a ring page with dom0 (/dev/xen/gntalloc) and opens an
 *     event channel to it (/dev/xen/evtchn), writes ring-ref,
 *     event-channel, protocol and its state through /dev/xen/xenbus (the
 *     xenstore wire protocol, xen/io/xs_wire.h) and waits for Connected;
 *   - then it follows its data/attack node (dom0 writes it):
 *       0  idle;
 *       1  attack: in a loop, rewrite its state node (a watch flood),
 *          flip its state 4 -> 1 -> 4 (reconnects), notify its event
 *          channel (an event storm) and fill the ring with garbage
 *          requests under a valid producer index (malformed requests);
 *          when it goes back to 0, one line "@@GUEST-HOSTILE round=N
 *          writes=W flips=F notifies=E requests=R secs=S";
 *       3  only the state flood (no flips, events or requests), and
 *       4  only a flood of data/flood, a node nobody watches: what
 *          xenstored's work for the writes themselves is against the
 *          watch events they fire (the same summary line, mode=M);
 *       5  no attack: spin in user space (a CPU neighbour, the control
 *          against which the attack's cost beyond its CPU shows), one
 *          xenstore read of data/attack every 100 ms as in 0;
 *       6  only the event storm (notify, 256 at a time; nothing on the ring),
 *       7  only the reconnect loop (the flips of 1, without the writes
 *          of the flood: the backend's state polled every 50 ms),
 *       8  only the malformed rings (the ring filled with garbage, one
 *          notify per fill): each part of 1 alone, summary lines as above;
 *       2  break the ring: a producer index far beyond the ring, notify;
 *          "@@GUEST-HOSTILE broken";
 *       q  end.
 * Lines starting "@@GUEST-HOSTILE error=" say what failed to set up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* the ring macros' barriers (Xen's headers leave them to the user) */
#define mb() __sync_synchronize()
#define rmb() __sync_synchronize()
#define wmb() __sync_synchronize()
#include <xen/xen.h>
#include <xen/io/blkif.h>
#include <xen/io/xs_wire.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>

/* the modes that attack and end with a summary line */
#define ATTACK(m) ((m) == '1' || ((m) >= '3' && (m) <= '8'))

static int xb = -1;
static uint32_t req_id;

static void die(const char *what)
{
    printf("@@GUEST-HOSTILE error=%s:%s\n", what, strerror(errno));
    fflush(stdout);
    exit(1);
}

/* One request (type, payload) and its reply into out (NUL-terminated);
 * 0, or -1 when xenstored answered an error. */
static int xs_req(uint32_t type, const char *payload, size_t plen, char *out, size_t outlen)
{
    char buf[sizeof(struct xsd_sockmsg) + 4096];
    struct xsd_sockmsg h = { .type = type, .req_id = ++req_id, .tx_id = 0, .len = (uint32_t)plen };
    ssize_t n;

    if (plen > 4096)
        return -1;
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), payload, plen);
    if (write(xb, buf, sizeof(h) + plen) != (ssize_t)(sizeof(h) + plen))
        die("xenbus-write");
    n = read(xb, &h, sizeof(h));
    if (n != sizeof(h) || h.len > sizeof(buf))
        die("xenbus-read");
    if (h.len && read(xb, buf, h.len) != (ssize_t)h.len)
        die("xenbus-read");
    if (out) {
        size_t k = h.len < outlen - 1 ? h.len : outlen - 1;

        memcpy(out, buf, k);
        out[k] = '\0';
    }
    return h.type == XS_ERROR ? -1 : 0;
}

static int xs_write(const char *path, const char *val)
{
    char p[512];
    size_t a = strlen(path) + 1, b = strlen(val);

    memcpy(p, path, a);
    memcpy(p + a, val, b);
    return xs_req(XS_WRITE, p, a + b, NULL, 0);
}

static int xs_read(const char *path, char *out, size_t outlen)
{
    return xs_req(XS_READ, path, strlen(path) + 1, out, outlen);
}

/* the backend's state, -1 if unreadable */
static int be_state(const char *path)
{
    char st[16];

    return xs_read(path, st, sizeof(st)) ? -1 : atoi(st);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* xorshift: garbage that is the same on every run */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* garbage requests into the free slots, producer index valid; how many */
static unsigned long fill_garbage(blkif_sring_t *sring, blkif_front_ring_t *ring)
{
    unsigned long n = 0;

    ring->rsp_cons = sring->rsp_prod;
    while (!RING_FULL(ring)) {
        uint64_t *req = (uint64_t *)RING_GET_REQUEST(ring, ring->req_prod_pvt);
        unsigned w;

        for (w = 0; w < sizeof(blkif_request_t) / 8; w++)
            req[w] = rnd();
        ring->req_prod_pvt++;
        n++;
    }
    RING_PUSH_REQUESTS(ring);
    return n;
}

/* The reconnect loop's step: start a flip (4 -> 1) when none is under way
 * and its time came; end it when the backend let go of the ring
 * (InitWait; it is rate-limited to one a second) or 1.5 s passed: then,
 * like a frontend that reconnects, the ring starts afresh (the backend
 * maps it anew, from index 0) and 4 again. */
static void reconnect_step(const char *node, const char *bestate, blkif_sring_t *sring,
                           blkif_front_ring_t *ring, double *flip_at, double *next_flip,
                           unsigned long *flips, unsigned long *writes)
{
    int be;

    if (!*flip_at) {
        if (now() < *next_flip)
            return;
        xs_write(node, "1");
        (*flips)++;
        (*writes)++;
        *flip_at = now();
    }
    be = be_state(bestate);
    if (be == 2 || now() - *flip_at > 1.5) {
        if (be == 2) {
            SHARED_RING_INIT(sring);
            FRONT_RING_INIT(ring, sring, 4096);
        }
        xs_write(node, "4");
        (*writes)++;
        *flip_at = 0;
        *next_flip = now() + 0.2;
    }
}

int main(int argc, char **argv)
{
    char fe[128], node[320], be[256], val[320], bestate[320];
    struct ioctl_gntalloc_alloc_gref ga = { .domid = 0, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1 };
    struct ioctl_evtchn_bind_unbound_port ub = { .remote_domain = 0 };
    struct ioctl_evtchn_notify nt;
    blkif_sring_t *sring;
    blkif_front_ring_t ring;
    unsigned long writes = 0, flips = 0, notifies = 0, reqs = 0, spins = 0;
    int gfd, efd, port, i, round = 0;
    double t0 = 0, flip_at = 0, next_flip = 0, cmd_at = 0;
    char mode = '0';

    if (argc != 2)
        return 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(fe, sizeof(fe), "device/vbd/%s", argv[1]);
    xb = open("/dev/xen/xenbus", O_RDWR);
    if (xb < 0)
        die("open-xenbus");
    gfd = open("/dev/xen/gntalloc", O_RDWR);
    if (gfd < 0)
        die("open-gntalloc");
    efd = open("/dev/xen/evtchn", O_RDWR);
    if (efd < 0)
        die("open-evtchn");

    /* the backend waits for us (InitWait) */
    snprintf(node, sizeof(node), "%s/backend", fe);
    if (xs_read(node, be, sizeof(be)))
        die("no-backend-node");
    snprintf(node, sizeof(node), "%s/state", be);
    for (i = 0; i < 200 && (xs_read(node, val, sizeof(val)) || strcmp(val, "2")); i++)
        sleep_ms(100);

    if (ioctl(gfd, IOCTL_GNTALLOC_ALLOC_GREF, &ga))
        die("alloc-gref");
    sring = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, gfd, (off_t)ga.index);
    if (sring == MAP_FAILED)
        die("mmap-gref");
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&ring, sring, 4096);
    port = ioctl(efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &ub);
    if (port < 0)
        die("bind-unbound");
    nt.port = (unsigned)port;

    snprintf(node, sizeof(node), "%s/ring-ref", fe);
    snprintf(val, sizeof(val), "%u", ga.gref_ids[0]);
    xs_write(node, val);
    snprintf(node, sizeof(node), "%s/event-channel", fe);
    snprintf(val, sizeof(val), "%d", port);
    xs_write(node, val);
    snprintf(node, sizeof(node), "%s/protocol", fe);
    xs_write(node, "x86_64-abi");
    snprintf(node, sizeof(node), "%s/state", fe);
    xs_write(node, "3");
    snprintf(bestate, sizeof(bestate), "%s/state", be);
    for (i = 0; i < 200 && be_state(bestate) != 4; i++)
        sleep_ms(100);
    xs_write(node, "4");
    printf("@@GUEST-HOSTILE ready gref=%u port=%d backend=%s\n", ga.gref_ids[0], port,
           i < 200 ? "connected" : "not-connected");

    for (;;) {
        char cmd[16];

        /* the single kinds 6 and 8 look at data/attack every 100 ms, not
         * at every batch: a read flood would be a kind of its own */
        if ((mode == '6' || mode == '8') && now() < cmd_at) {
            cmd[0] = mode;
        } else {
            if (xs_read("data/attack", cmd, sizeof(cmd)))
                cmd[0] = '0';
            cmd_at = now() + 0.1;
        }
        if (cmd[0] == 'q')
            break;
        if (cmd[0] != mode && (mode == '1' || mode == '7') && flip_at) {
            /* end a flip under way: connected again afterwards */
            if (be_state(bestate) == 2) {
                SHARED_RING_INIT(sring);
                FRONT_RING_INIT(&ring, sring, 4096);
            }
            xs_write(node, "4");
            flip_at = 0;
        }
        if (cmd[0] != mode && ATTACK(mode)) {
            printf("@@GUEST-HOSTILE round=%d mode=%c writes=%lu flips=%lu notifies=%lu "
                   "requests=%lu spins=%lu secs=%.1f\n", round, mode, writes, flips, notifies,
                   reqs, spins, now() - t0);
            writes = flips = notifies = reqs = spins = 0;
        }
        if (cmd[0] != mode && ATTACK(cmd[0])) {
            round++;
            t0 = now();
        }
        if (cmd[0] == '2' && mode != '2') {
            /* once connected: a producer index a whole ring and more ahead
             * of the responses */
            for (i = 0; i < 30 && be_state(bestate) != 4; i++)
                sleep_ms(100);
            sring->req_prod = sring->rsp_prod + 1000;
            __sync_synchronize();
            ioctl(efd, IOCTL_EVTCHN_NOTIFY, &nt);
            printf("@@GUEST-HOSTILE broken\n");
        }
        mode = cmd[0];
        if (mode == '3' || mode == '4') {
            for (i = 0; i < 32; i++, writes++)
                xs_write(mode == '3' ? node : "data/flood", "4");
            continue;
        }
        if (mode == '5') {
            /* user space only: about 100 ms of arithmetic, no system call
             * but the clock's (a vDSO read or, on PV, a cheap syscall) */
            double end = now() + 0.1;
            volatile uint64_t x = 0;

            do {
                for (i = 0; i < 1000000; i++)
                    x += rnd();
                spins++;
            } while (now() < end);
            continue;
        }
        if (mode == '6') {
            for (i = 0; i < 256; i++, notifies++)
                ioctl(efd, IOCTL_EVTCHN_NOTIFY, &nt);
            continue;
        }
        if (mode == '7') {
            reconnect_step(node, bestate, sring, &ring, &flip_at, &next_flip, &flips, &writes);
            sleep_ms(50);
            continue;
        }
        if (mode == '8') {
            reqs += fill_garbage(sring, &ring);
            ioctl(efd, IOCTL_EVTCHN_NOTIFY, &nt);
            notifies++;
            continue;
        }
        if (mode != '1') {
            sleep_ms(100);
            continue;
        }
        /* One batch of everything, then look at data/attack again: a
         * flip floods "1" while it waits for the backend (reconnect_step) */
        if (!flip_at && now() >= next_flip) {
            xs_write(node, "1");
            flips++;
            writes++;
            flip_at = now();
        }
        for (i = 0; i < 32; i++, writes++)
            xs_write(node, flip_at ? "1" : "4");
        reconnect_step(node, bestate, sring, &ring, &flip_at, &next_flip, &flips, &writes);
        if (!flip_at)
            reqs += fill_garbage(sring, &ring);
        for (i = 0; i < 256; i++, notifies++)
            ioctl(efd, IOCTL_EVTCHN_NOTIFY, &nt);
    }
    return 0;
}
