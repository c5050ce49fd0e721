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
 * create in a child process with its own ctx instead (apply --fork). */
int apply_run(struct xyl_xen *x, struct plan_folder *pr, int jobs, bool forked);

#endif
