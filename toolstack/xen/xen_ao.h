/*
 * xen_ao.h - running a libxl asynchronous operation (libxl_asyncop_how with
 * a callback) from our own poll loop (libxl_osevent_beforepoll/afterpoll),
 * so the caller gets a tick every 100 ms while libxl works: that is where
 * save, restore and migrate redraw their progress bars.
 */
#ifndef XYL_XEN_AO_H
#define XYL_XEN_AO_H

#include <libxl.h>

struct xen_ao {
    libxl_asyncop_how how;      /* pass &ao.how to the libxl call */
    volatile int done;
    int rc;                     /* the operation's libxl rc once done */
    int aborted;                /* libxl_ao_abort called (SIGINT/SIGTERM) */
};

void xen_ao_init(struct xen_ao *ao);

/*
 * After the libxl call returned 0 (the operation started): run libxl's
 * events until it completes, calling tick(arg) about every 100 ms.
 * Returns the operation's rc (0 = success), or ERROR_FAIL if the event
 * loop itself broke.  After SIGINT/SIGTERM (base/interrupt.h) the
 * operation is aborted and its failure returned.
 */
int xen_ao_wait(libxl_ctx *ctx, struct xen_ao *ao, void (*tick)(void *arg), void *arg);

/*
 * The same loop for several operations at once (libxl runs any number in
 * one ctx): until until(until_arg) is true, e.g. "one of mine is done".
 * Returns 0, or -1 (with a line) if the event loop itself broke.
 */
int xen_ao_run(libxl_ctx *ctx, int (*until)(void *arg), void *until_arg,
               void (*tick)(void *arg), void *arg);

/*
 * After a failed save or migration: resume the guest if it was suspended
 * (libxl_domain_resume, co-operatively); a guest that never got suspended
 * keeps running and is left alone.  0 when it runs, -1 (with a line).
 */
int xen_resume_suspended(libxl_ctx *ctx, uint32_t domid, const char *name);

#endif
