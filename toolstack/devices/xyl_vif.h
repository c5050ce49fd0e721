/*
 * xyl_vif.h - networks with `backend: xyl`: libxl never sees them; xyl
 * writes their frontend and backend xenstore entries itself
 * (pv-drivers/xenbus) and makes sure xyl-netback serves them.  The device
 * number is the NIC's index in networks: (as libxl numbers the others).
 */
#ifndef XYL_XYL_VIF_H
#define XYL_XYL_VIF_H

#include <stdbool.h>
#include <stdint.h>

#include "model/guest.h"

/* Before anything is created: every xyl NIC asks only for what xyl-netback
 * does (no emulated model, rate limit, script or vifname) and its bridge
 * exists.  Returns 0, or -1 after printing FILE:LINE:COL: error lines. */
int xyl_vif_check(const struct xyl_guest *g);
int xyl_vif_check_one(const char *file, int devid, const struct xyl_nic *n);

/* For a domain created paused: all xyl NICs' entries in one transaction,
 * xyl-netback started if needed, each backend waited for in InitWait (its
 * TAP in the bridge).  On failure one line, nothing left, -1. */
int xyl_vif_attach(const struct xyl_guest *g, uint32_t domid);

/* The same for NICs already as xenstore entries (n of them, for domid;
 * entries for n NICs in one transaction, the daemon, InitWait of each): the
 * carried NICs of a restore, a migration, a restart. */
struct xb_vif;
int xyl_vif_attach_xb(uint32_t domid, const struct xb_vif *v, int n);

/* network-attach of one xyl NIC as device devid: as xyl_vif_attach. */
int xyl_vif_hot_attach(uint32_t domid, int devid, const struct xyl_nic *n);

/* network-detach: 1 if the guest has no such xyl NIC (devid >= 0, or mac
 * when devid < 0); 0 once detached (the guest let go, or after 15 s the
 * entries are removed anyway); -1 after one line. */
int xyl_vif_hot_detach(uint32_t domid, int devid, const uint8_t *mac);

/* The devids of a guest's xyl NICs (sorted, malloc'd; NULL when none). */
uint32_t *xyl_vif_list(uint32_t domid, int *n);

/* What network-list shows of one xyl NIC.  Numbers the guest wrote are
 * parsed strictly (-1 when absent or malformed), never shown raw. */
struct xyl_vif_info {
    int state, fe_state, evtch, tx_ref, rx_ref;
    char mac[18], bridge[16], path[128];
    char stats[512];            /* xyl-netback's counters, "key=value ..." */
};
int xyl_vif_info(uint32_t domid, uint32_t devid, struct xyl_vif_info *in);

/* Remove every xyl-vif entry of a domain. */
int xyl_vif_remove_all(uint32_t domid);

#endif
