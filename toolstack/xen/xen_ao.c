/*
 * xen_ao.c - libxl's event loop driven by poll(2) (see xen_ao.h).
 */
#include "xen/xen_ao.h"
#include "base/util.h"
#include "base/interrupt.h"

#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static void ao_done(libxl_ctx *ctx, int rc, void *for_callback)
{
    struct xen_ao *ao = for_callback;

    (void)ctx;
    ao->rc = rc;
    ao->done = 1;
}

void xen_ao_init(struct xen_ao *ao)
{
    memset(ao, 0, sizeof(*ao));
    ao->how.callback = ao_done;
    ao->how.u.for_callback = ao;
}

struct one {
    libxl_ctx *ctx;
    struct xen_ao *ao;
};

/* Done; or, after SIGINT/SIGTERM, aborted (once) and then done: libxl
 * undoes its part and calls back with an error, which the caller handles
 * as any failure. */
static int one_done(void *arg)
{
    struct one *o = arg;

    if (!o->ao->done && !o->ao->aborted &&
        interrupt_check("stopping the operation and undoing it")) {
        o->ao->aborted = 1;
        libxl_ao_abort(o->ctx, &o->ao->how);
    }
    return o->ao->done;
}

int xen_ao_wait(libxl_ctx *ctx, struct xen_ao *ao, void (*tick)(void *arg), void *arg)
{
    struct one o = { ctx, ao };

    if (xen_ao_run(ctx, one_done, &o, tick, arg))
        return ERROR_FAIL;
    return ao->rc;
}

int xen_ao_run(libxl_ctx *ctx, int (*until)(void *arg), void *until_arg,
               void (*tick)(void *arg), void *arg)
{
    struct pollfd *fds = NULL;
    int alloc = 0, nfds, timeout, r, i, rc = -1;
    struct timeval now;

    while (!until(until_arg)) {
        nfds = alloc;
        timeout = 100;
        gettimeofday(&now, NULL);
        r = libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now);
        if (r == ERROR_BUFFERFULL) {
            alloc = nfds + 4;
            fds = xrealloc(fds, (size_t)alloc * sizeof(*fds));
            continue;
        }
        if (r) {
            fprintf(stderr, "xyl: libxl's event loop failed (error %d)\n", r);
            goto out;
        }
        if (timeout < 0 || timeout > 100)
            timeout = 100;
        r = poll(fds, (nfds_t)nfds, timeout);
        if (r < 0) {
            if (errno != EINTR) {
                fprintf(stderr, "xyl: poll: %s\n", strerror(errno));
                goto out;
            }
            for (i = 0; i < nfds; i++)
                fds[i].revents = 0;
        }
        gettimeofday(&now, NULL);
        libxl_osevent_afterpoll(ctx, nfds, fds, now);
        if (tick)
            tick(arg);
    }
    rc = 0;
out:
    free(fds);
    return rc;
}

int xen_resume_suspended(libxl_ctx *ctx, uint32_t domid, const char *name)
{
    libxl_dominfo info;
    bool suspended = true;

    libxl_dominfo_init(&info);
    if (libxl_domain_info(ctx, &info, domid)) {
        libxl_dominfo_dispose(&info);
        fprintf(stderr, "xyl: %s is gone from this host (it crashed or was destroyed meanwhile)\n", name);
        return -1;
    }
    if (info.shutdown && info.shutdown_reason != LIBXL_SHUTDOWN_REASON_SUSPEND) {
        fprintf(stderr, "xyl: %s has shut down (%s) on this host meanwhile\n", name,
                libxl_shutdown_reason_to_string(info.shutdown_reason));
        libxl_dominfo_dispose(&info);
        return -1;
    }
    suspended = info.shutdown;
    libxl_dominfo_dispose(&info);
    if (!suspended) {
        fprintf(stderr, "xyl: %s kept running on this host\n", name);
        return 0;
    }
    if (libxl_domain_resume(ctx, domid, 1, NULL)) {
        fprintf(stderr, "xyl: %s could not be resumed: check 'xyl list'\n", name);
        return -1;
    }
    fprintf(stderr, "xyl: %s resumed on this host\n", name);
    return 0;
}
