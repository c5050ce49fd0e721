/*
 * xen.h - a libxl session for commands that talk to the hypervisor.
 */
#ifndef XYL_XEN_H
#define XYL_XEN_H

#include <stdbool.h>
#include <stdint.h>

#include <libxl.h>
#include <xentoollog.h>

struct xyl_xen {
    libxl_ctx *ctx;
    xentoollog_logger_stdiostream *logger;
};

/* 0 when this is a Xen host (privcmd is there); else -1 after one line. */
int xen_present(void);

/* Prints one clear line and returns -1 when this is not a Xen dom0. */
int xen_open(struct xyl_xen *x, int verbose);
void xen_close(struct xyl_xen *x);

/* NAME or numeric ID -> domid; prints one line and returns -1 if none. */
int xen_find_domain(struct xyl_xen *x, const char *what, uint32_t *domid);

/* A domain other than dom0 and `except` with this UUID: true with its
 * domid in *domid (a migration's other copy on this host; none after a
 * migration to another host). */
bool xen_uuid_domain(struct xyl_xen *x, const libxl_uuid *uuid, uint32_t except, uint32_t *domid);

/* xl list's State column: r b p s c d, '-' where not. */
void xen_state_flags(const libxl_dominfo *d, char out[7]);

#endif
