/*
 * xb_audit.h - look through dom0's backend tree for what a guest must not
 * have: write access to a backend directory (a guest that can write its own
 * backend's `params` or `state` can point dom0 at any file, or confuse the
 * backend), a backend tree writable by guests, and backend directories of
 * guests that no longer exist (left over by a crash of the toolstack).
 */
#ifndef XYL_XB_AUDIT_H
#define XYL_XB_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <xenstore.h>

struct xb_audit_ops {
    bool (*alive)(void *ctx, uint32_t domid);       /* the domain exists, not dying */
    void (*report)(void *ctx, const char *path, const char *problem);
    void *ctx;
};

/* Returns the number of findings (each reported once), or -1 when the
 * backend tree cannot be read at all. */
int xb_audit(struct xs_handle *xs, const struct xb_audit_ops *ops);

/* Can domain `dom` write a node with these permissions?  (The first entry is
 * the owner, who can do anything, and the default for everybody else.) */
bool xb_perms_writable_by(const struct xs_permissions *p, unsigned n, uint32_t dom);

#endif
