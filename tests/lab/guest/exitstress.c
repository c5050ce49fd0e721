/* exitstress MODE SECS: cause VM exits in a loop for SECS seconds, print counts.
 * MODE: io (inb 0x42 + rdtsc, as Linux's PIT calibration), in (inb 0x42),
 * rdtsc, cpuid; cio: io with interrupts off (iopl 3, cli) for 50000 rounds at
 * a time, as the kernel's calibration loop runs, then sti.
 * Prints "@@GUEST-STRESS mode=M n=N secs=S". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/io.h>
static inline unsigned long long rdtsc(void) { unsigned lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((unsigned long long)hi << 32) | lo; }
static inline void cpuid0(void) { unsigned a = 0, b, c = 0, d; __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d)); }
int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "io";
    int secs = argc > 2 ? atoi(argv[2]) : 30;
    if (ioperm(0x40, 4, 1)) { perror("ioperm"); return 1; }
    int cli = !strcmp(mode, "cio");
    if (cli && iopl(3)) { perror("iopl"); return 1; }
    struct timespec t0, t; clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long n = 0, sink = 0;
    for (;;) {
        if (cli && n % 50000 == 0) __asm__ volatile("cli");
        for (int i = 0; i < 1000; i++) {
            if (cli || !strcmp(mode, "io")) { sink += inb(0x42); sink += rdtsc(); }
            else if (!strcmp(mode, "in")) sink += inb(0x42);
            else if (!strcmp(mode, "rdtsc")) sink += rdtsc();
            else cpuid0();
        }
        n += 1000;
        if (cli && n % 50000 == 0) __asm__ volatile("sti");
        clock_gettime(CLOCK_MONOTONIC, &t);
        double dt = (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
        if (dt >= secs) { printf("@@GUEST-STRESS mode=%s n=%llu secs=%.1f sink=%llu\n", mode, n, dt, sink & 1); return 0; }
        if (n % 100000 == 0) { printf("@@GUEST-STRESS-PROGRESS n=%llu t=%.0f\n", n, dt); fflush(stdout); }
    }
}
