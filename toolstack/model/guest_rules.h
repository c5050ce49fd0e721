/*
 * guest_rules.h - the rules that span several keys of one guest, run after
 * the generic key walk has loaded it (schema.c), and by hot-plug for one
 * device item (devices/hotplug.c).
 */
#ifndef XYL_GUEST_RULES_H
#define XYL_GUEST_RULES_H

#include "base/diag.h"
#include "model/guest.h"
#include "model/schema.h"

/* Cross-field rules and derived values (the UUID from the name). */
void guest_check(struct xyl_load *ld);
/* The disk and NIC rules alone (also derives missing MACs), for hot-plug. */
void check_devices(struct xyl_load *ld);

/* Whether a VNC listen address (optionally ADDR:DISPLAY) is this host's
 * loopback only; NULL or "" is libxl's default, 127.0.0.1. */
bool vnc_listen_is_local(const char *listen);

/* Where top-level key was written in g, else where g starts. */
struct ymark guest_key_mark(const struct xyl_guest *g, const char *key);

#endif
