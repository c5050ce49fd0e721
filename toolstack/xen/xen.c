/*
 * xen.c - opening libxl with a logger, and finding domains.
 */
#include "xen/xen.h"

#include <libxl_utils.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int xen_present(void)
{
    /* libxl (or libxenstat) would print three lines from libxencall; say it once, usefully */
    if (access("/dev/xen/privcmd", F_OK) && access("/proc/xen/privcmd", F_OK)) {
        fprintf(stderr, "xyl: this host is not running Xen (no /dev/xen/privcmd): "
                "run xyl in dom0 of a Xen host ('xyl validate' and 'xyl -N create' work anywhere)\n");
        return -1;
    }
    return 0;
}

int xen_open(struct xyl_xen *x, int verbose)
{
    x->ctx = NULL;
    x->logger = NULL;
    if (xen_present())
        return -1;
    x->logger = xtl_createlogger_stdiostream(stderr,
                                             verbose > 1 ? XTL_DEBUG :
                                             verbose ? XTL_PROGRESS : XTL_ERROR, 0);
    if (!x->logger) {
        fprintf(stderr, "xyl: cannot create a log stream for libxl\n");
        return -1;
    }
    if (libxl_ctx_alloc(&x->ctx, LIBXL_VERSION, 0, (xentoollog_logger *)x->logger)) {
        fprintf(stderr, "xyl: cannot open libxl (are you root in dom0, with xenstored running?)\n");
        xtl_logger_destroy((xentoollog_logger *)x->logger);
        x->logger = NULL;
        return -1;
    }
    return 0;
}

void xen_close(struct xyl_xen *x)
{
    if (x->ctx)
        libxl_ctx_free(x->ctx);
    if (x->logger)
        xtl_logger_destroy((xentoollog_logger *)x->logger);
    x->ctx = NULL;
    x->logger = NULL;
}

int xen_find_domain(struct xyl_xen *x, const char *what, uint32_t *domid)
{
    const char *p = what;
    char *end;
    unsigned long v;

    while (isdigit((unsigned char)*p))
        p++;
    if (*what && !*p) {
        errno = 0;
        v = strtoul(what, &end, 10);
        if (errno || v >= 0x7FF0 /* DOMID_FIRST_RESERVED */) {
            fprintf(stderr, "xyl: '%s' is not a valid domain ID\n", what);
            return -1;
        }
        *domid = (uint32_t)v;
        if (libxl_domain_info(x->ctx, NULL, *domid)) {
            fprintf(stderr, "xyl: no domain with ID %s (see 'xyl list')\n", what);
            return -1;
        }
        return 0;
    }
    if (libxl_name_to_domid(x->ctx, what, domid)) {
        fprintf(stderr, "xyl: no domain named '%s' (see 'xyl list')\n", what);
        return -1;
    }
    return 0;
}

bool xen_uuid_domain(struct xyl_xen *x, const libxl_uuid *uuid, uint32_t except, uint32_t *domid)
{
    libxl_dominfo *info;
    int n = 0, i;
    bool found = false;

    info = libxl_list_domain(x->ctx, &n);
    for (i = 0; info && i < n && !found; i++)
        if (info[i].domid != except && info[i].domid != 0 &&
            libxl_uuid_compare(&info[i].uuid, (libxl_uuid *)uuid) == 0) {
            *domid = info[i].domid;
            found = true;
        }
    if (info)
        libxl_dominfo_list_free(info, n);
    return found;
}

void xen_state_flags(const libxl_dominfo *d, char out[7])
{
    out[0] = d->running ? 'r' : '-';
    out[1] = d->blocked ? 'b' : '-';
    out[2] = d->paused ? 'p' : '-';
    out[3] = d->shutdown ? 's' : '-';
    out[4] = d->shutdown && d->shutdown_reason == LIBXL_SHUTDOWN_REASON_CRASH ? 'c' : '-';
    out[5] = d->dying ? 'd' : '-';
    out[6] = '\0';
}
