/*
 * create.h - building a guest from its validated definition (xyl create).
 */
#ifndef XYL_CREATE_H
#define XYL_CREATE_H

#include "base/diag.h"
#include "model/guest.h"

#define CREATE_PAUSED     0x1   /* leave it paused */
#define CREATE_CONSOLE    0x2   /* then replace this process by its console */
#define CREATE_NO_MONITOR 0x4   /* no monitor process (create -e) */

/* Create g ("created NAME (domid N)" on stdout).  0, or -1 after one line
 * (or d's diagnostics printed) with nothing left behind. */
int domain_create(const struct xyl_guest *g, unsigned flags, int verbose, struct diags *d);

#endif
