/*
 * progress.h - a one-line progress bar for long transfers (save, restore,
 * migrate): bytes, rate and ETA, redrawn at most ten times a second on a
 * terminal.  Quiet when stderr is not a terminal (scripts, logs), unless
 * XYL_PROGRESS=1 forces it (XYL_PROGRESS=0 silences it on a terminal).
 *
 * The state is plain data: the drawing is done by whoever calls
 * progress_set(), from one thread.
 */
#ifndef XYL_PROGRESS_H
#define XYL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct progress {
    const char *label;          /* "saving web", ... */
    uint64_t total;             /* expected bytes; 0 = unknown */
    uint64_t done;
    double t0, drawn_at;        /* monotonic seconds */
    bool on;                    /* drawing at all */
    bool dirty;                 /* a line is on the screen */
};

void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_set(struct progress *p, uint64_t done);   /* redraws if due */
void progress_end(struct progress *p);                  /* final redraw + newline */
double progress_elapsed(const struct progress *p);

/* The text of one line, without "\r": testable without a terminal. */
void progress_format(char *buf, size_t len, const char *label, uint64_t done,
                     uint64_t total, double secs);

/* "12.3 MiB", "512 KiB"... */
void progress_bytes(char *buf, size_t len, uint64_t n);

double monotonic_seconds(void);

/* With XYL_TRACE set: one "xyl-trace +S.sss s  WHAT" line on stderr (time
 * since the first trace), to see where a slow operation spends its time. */
void xyl_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
