/*
 * interrupt.h - SIGINT and SIGTERM as a failure path: while create, apply,
 * save, restore or migrate run, the signal only sets a flag; the operation
 * notices it at its next step (libxl's asynchronous operation is aborted,
 * a half-built domain is not unpaused) and undoes what it did exactly as
 * when a step fails: no paused domain, no half-written nodes, no partial
 * save file.
 */
#ifndef XYL_INTERRUPT_H
#define XYL_INTERRUPT_H

#include <stdbool.h>

/* From now on SIGINT and SIGTERM set the flag (no SA_RESTART: a blocking
 * call returns EINTR so the caller sees it soon). */
void interrupt_catch(void);

/* Both signals back to their default (a forked monitor, which must die of
 * SIGTERM as any daemon). */
void interrupt_default(void);

/* The signal that arrived (SIGINT, SIGTERM), or 0. */
int interrupted(void);

/* The first time after a signal: one line "xyl: interrupted (SIGINT):
 * what"; true when interrupted.  For the places that then undo. */
bool interrupt_check(const char *what);

/* For tests: forget a signal. */
void interrupt_clear(void);

#endif
