/*
 * xyl-blkbench DEV [SECONDS] - the guest side of the lab's disk benchmark.
 *
 * Runs in a lab guest (static binary, shipped to it on a disk) against a
 * block device, with O_DIRECT so the guest's page cache is out of the way:
 *   seqw-1m    32 MiB written in 1 MiB requests, then fdatasync   -> MB/s
 *   seqr-1m    32 MiB read in 1 MiB requests                       -> MB/s
 *   randr-4k   4 KiB reads at random aligned offsets, 1 in flight  -> IOPS
 *   randw-4k   4 KiB writes, same                                  -> IOPS
 *   randr-4k-qd8  8 threads doing randr-4k (8 in flight)           -> IOPS
 * One line per test: "@@GUEST-BENCH test=NAME ops=N bytes=N secs=S MBps=X iops=Y".
 * The random tests run SECONDS each (default 5).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SEQ_BYTES (32u << 20)

static const char *dev;
static uint64_t dev_bytes;
static double secs = 5;

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void report(const char *name, uint64_t ops, uint64_t bytes, double dt)
{
    printf("@@GUEST-BENCH test=%s ops=%llu bytes=%llu secs=%.3f MBps=%.2f iops=%.1f\n", name,
           (unsigned long long)ops, (unsigned long long)bytes, dt,
           dt > 0 ? (double)bytes / 1048576.0 / dt : 0, dt > 0 ? (double)ops / dt : 0);
    fflush(stdout);
}

static void *buffer(size_t n, int fill)
{
    void *b;

    if (posix_memalign(&b, 4096, n)) {
        perror("posix_memalign");
        exit(1);
    }
    memset(b, fill, n);
    return b;
}

static int open_dev(int write)
{
    int fd = open(dev, (write ? O_RDWR : O_RDONLY) | O_DIRECT);

    if (fd < 0) {
        perror(dev);
        exit(1);
    }
    return fd;
}

static void seq(const char *name, int write)
{
    size_t bs = 1u << 20;
    uint64_t total = dev_bytes < SEQ_BYTES ? dev_bytes : SEQ_BYTES, off, ops = 0;
    void *b = buffer(bs, 0xa5);
    int fd = open_dev(write);
    double t0 = now();

    for (off = 0; off + bs <= total; off += bs, ops++) {
        ssize_t r = write ? pwrite(fd, b, bs, (off_t)off) : pread(fd, b, bs, (off_t)off);
        if (r != (ssize_t)bs) {
            perror(name);
            exit(1);
        }
    }
    if (write && fdatasync(fd)) {
        perror("fdatasync");
        exit(1);
    }
    report(name, ops, ops * bs, now() - t0);
    close(fd);
    free(b);
}

struct worker {
    pthread_t th;
    int write, id;
    uint64_t ops;
    double end;
};

static void *rand_io(void *arg)
{
    struct worker *w = arg;
    uint64_t x = 0x9E3779B97F4A7C15ull * (uint64_t)(w->id + 1), blocks = dev_bytes / 4096;
    void *b = buffer(4096, 0x5a + w->id);
    int fd = open_dev(w->write);

    while (now() < w->end) {
        off_t off;
        ssize_t r;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        off = (off_t)(x % blocks) * 4096;
        r = w->write ? pwrite(fd, b, 4096, off) : pread(fd, b, 4096, off);
        if (r != 4096) {
            perror("random I/O");
            exit(1);
        }
        w->ops++;
    }
    close(fd);
    free(b);
    return NULL;
}

static void rnd(const char *name, int write, int threads)
{
    struct worker w[8];
    uint64_t ops = 0;
    double t0 = now();
    int i;

    for (i = 0; i < threads; i++) {
        w[i] = (struct worker){ .write = write, .id = i, .end = t0 + secs };
        if (pthread_create(&w[i].th, NULL, rand_io, &w[i])) {
            perror("pthread_create");
            exit(1);
        }
    }
    for (i = 0; i < threads; i++) {
        pthread_join(w[i].th, NULL);
        ops += w[i].ops;
    }
    report(name, ops, ops * 4096, now() - t0);
}

int main(int argc, char **argv)
{
    int fd;
    off_t end;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: xyl-blkbench DEV [SECONDS]\n");
        return 2;
    }
    dev = argv[1];
    if (argc == 3)
        secs = atof(argv[2]);
    fd = open(dev, O_RDONLY);
    if (fd < 0 || (end = lseek(fd, 0, SEEK_END)) < (off_t)(1 << 20)) {
        fprintf(stderr, "xyl-blkbench: %s: not a device of at least 1 MiB\n", dev);
        return 1;
    }
    close(fd);
    dev_bytes = (uint64_t)end;
    seq("seqw-1m", 1);
    seq("seqr-1m", 0);
    rnd("randr-4k", 0, 1);
    rnd("randw-4k", 1, 1);
    rnd("randr-4k-qd8", 0, 8);
    return 0;
}
