/*
 * xb_vif.h - xyl-vif network devices in xenstore (served by xyl-netback):
 * created like the disks (xb_dev.h: one transaction, the same permissions),
 * with what a netfront reads (handle, mac) and what the daemon needs
 * (bridge).  Removing, waiting and listing are xb_dev_*(&xb_kind_vif, ...).
 */
#ifndef XYL_XB_VIF_H
#define XYL_XB_VIF_H

#include "xb_dev.h"

struct xb_vif {
    uint32_t domid;
    uint32_t devid;             /* the guest's vif number (its index in networks:) */
    uint8_t mac[6];
    const char *bridge;         /* dom0 bridge the TAP joins */
};

/* Write frontend and backend directories of n NICs in one transaction. */
int xb_vif_create(struct xs_handle *xs, const struct xb_vif *v, int n, char *err, size_t errlen);

#endif
