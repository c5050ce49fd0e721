/*
 * fake_xen.h - the Xen handles pv_dev.c uses, in memory, for the unit tests
 * and the fuzzer of the shared device code: event channels with Linux's
 * evtchn-device semantics (a delivered port stays masked until unmasked;
 * an event on a masked port is held pending and delivered at the unmask),
 * grant maps that hand out zeroed pages (refs 1..99999; an unmap must give
 * back exactly a range a map returned, else abort()), and domains that are
 * alive until fake_xen_kill().  Thread-safe (one lock).  Linked instead of libxenevtchn/libxengnttab/libxenctrl.
 */
#ifndef XYL_FAKE_XEN_H
#define XYL_FAKE_XEN_H

#include <stdbool.h>
#include <stdint.h>

#include <xenevtchn.h>

void fake_xen_reset(void);
/* The guest notifies its end of the channel bound to our local port. */
void fake_xen_fire(evtchn_port_t local);
/* The local port bound to (domid, remote port), or 0 if none. */
evtchn_port_t fake_xen_port(uint32_t domid, uint32_t remote);
int fake_xen_bound(void);           /* ports bound now */
int fake_xen_maps(void);            /* grant pages mapped now */
long fake_xen_map_calls(void);      /* xengnttab_map_domain_grant_refs calls */
/* The page a one-page map of ref returned, still mapped; else NULL. */
void *fake_xen_mapped(uint32_t ref);
long fake_xen_unmasks(void);        /* xenevtchn_unmask calls */
long fake_xen_delivered(void);      /* events handed to xenevtchn_pending */
long fake_xen_notifies(void);       /* xenevtchn_notify calls */
bool fake_xen_masked(evtchn_port_t local);
void fake_xen_kill(uint32_t domid); /* the domain is gone */

#endif
