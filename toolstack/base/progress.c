/*
 * progress.c - the progress bar (see progress.h).
 */
#include "base/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 24

double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_bytes(char *buf, size_t len, uint64_t n)
{
    if (n >= (uint64_t)1 << 30)
        snprintf(buf, len, "%.2f GiB", (double)n / (double)(1 << 30));
    else if (n >= (uint64_t)1 << 20)
        snprintf(buf, len, "%.1f MiB", (double)n / (double)(1 << 20));
    else if (n >= 1024)
        snprintf(buf, len, "%.0f KiB", (double)n / 1024.0);
    else
        snprintf(buf, len, "%u B", (unsigned)n);
}

void progress_format(char *buf, size_t len, const char *label, uint64_t done,
                     uint64_t total, double secs)
{
    char d[32], t[32], r[32], bar[BAR_WIDTH + 1], eta[32];
    double rate = secs > 0.05 ? (double)done / secs : 0;
    int i, fill = 0, pct = -1;

    progress_bytes(d, sizeof(d), done);
    progress_bytes(r, sizeof(r), (uint64_t)rate);
    if (total) {
        /* a live migration sends more than the guest's memory: stay below 100% */
        pct = done >= total ? 99 : (int)(done * 100 / total);
        fill = (int)((uint64_t)pct * BAR_WIDTH / 100);
    }
    for (i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    if (total && rate > 0 && done < total && secs >= 1.0 &&
        (double)(total - done) / rate < 100 * 3600.0) {
        unsigned s = (unsigned)((double)(total - done) / rate + 0.5);
        snprintf(eta, sizeof(eta), "ETA %u:%02u", s / 60, s % 60);
    } else {
        snprintf(eta, sizeof(eta), "ETA --:--");
    }
    if (total) {
        progress_bytes(t, sizeof(t), total);
        snprintf(buf, len, "%s [%s] %3d%% %s/%s %s/s %s", label, bar, pct, d, t, r, eta);
    } else {
        snprintf(buf, len, "%s %s %s/s", label, d, r);
    }
}

static bool want_drawing(void)
{
    const char *e = getenv("XYL_PROGRESS");

    if (e && *e)
        return strcmp(e, "0") != 0;
    return isatty(STDERR_FILENO);
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
    memset(p, 0, sizeof(*p));
    p->label = label;
    p->total = total;
    p->t0 = monotonic_seconds();
    p->on = want_drawing();
}

double progress_elapsed(const struct progress *p)
{
    return monotonic_seconds() - p->t0;
}

static void draw(struct progress *p, double now, bool last)
{
    char line[256];

    progress_format(line, sizeof(line), p->label, p->done, last ? 0 : p->total, now - p->t0);
    /* on a terminal redraw in place; forced into a log, one line per redraw */
    fprintf(stderr, isatty(STDERR_FILENO) ? "\r\033[K%s%s" : "%s%s\n", line,
            last && isatty(STDERR_FILENO) ? "\n" : "");
    fflush(stderr);
    p->drawn_at = now;
    p->dirty = !last;
}

void xyl_trace(const char *fmt, ...)
{
    static double t0;
    va_list ap;

    if (!getenv("XYL_TRACE"))
        return;
    if (t0 == 0)
        t0 = monotonic_seconds();
    fprintf(stderr, "xyl-trace %+8.3f s  ", monotonic_seconds() - t0);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void progress_set(struct progress *p, uint64_t done)
{
    double now;

    p->done = done;
    if (!p->on)
        return;
    now = monotonic_seconds();
    /* 10 redraws a second on a terminal; once a second into a log */
    if (now - p->drawn_at >= (isatty(STDERR_FILENO) ? 0.1 : 1.0))
        draw(p, now, false);
}

void progress_end(struct progress *p)
{
    if (p->on)
        draw(p, monotonic_seconds(), true);
}
