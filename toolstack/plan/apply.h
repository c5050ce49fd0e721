/*
 * apply.h - carrying out a plan (xyl apply): destroys and the old
 * domains of recreates first, then in-place updates, then every create at
 * once as libxl asynchronous operations in one ctx, at most `jobs` at a
 * time.  Each guest's failure is reported in one line and undone (a failed
 * create leaves no domain, like `xyl create`); the others go on.
 */
#ifndef XYL_APPLY_H
#define XYL_APPLY_H

#include "plan/plan_folder.h"
#include "xen/xen.h"

/* Returns the number of guests that failed (0 = all done).  forked: each
 * create in a child process with its own ctx instead (apply --fork).
 * A disruptive action (plan.h) shuts its guest down cleanly first, waiting
 * up to stop_timeout seconds (0: the guest's own stop_timeout, from its new
 * definition or its record, else 300; stop_timeout_pick) before it
 * destroys it (domain/shutdown.h). */
int apply_run(struct xyl_xen *x, struct plan_folder *pr, int jobs, bool forked, int stop_timeout);

enum apply_disrupt {
    DISRUPT_ASK,                /* ask on a terminal; refuse without one */
    DISRUPT_YES,                /* --yes */
    DISRUPT_NO,                 /* --no-disrupt: refuse always */
};

/* May the plan's disruptive actions go ahead?  0 yes (or there are none);
 * -1 after one line naming --yes: refused by mode, by the answer read from
 * in (tty: in is a terminal; the question goes to out), or because there is
 * no terminal to ask on.  Nothing has been done then. */
int apply_confirm(const struct plan *p, enum apply_disrupt mode, FILE *in, bool tty, FILE *out);

#endif
