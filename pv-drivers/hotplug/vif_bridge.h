/*
 * vif_bridge.h - the work of Xen's vif-bridge script (Xen 4.17:
 * vif-bridge, vif-common.sh, xen-network-common.sh), compiled:
 *
 *   online/add:    rename to the backend's `vifname` if set; find the
 *                  bridge (the backend's `bridge`, else the first bridge;
 *                  xenbrN -> ethN when only ethN is a bridge); the
 *                  interface down, its address fe:ff:ff:ff:ff:ff; its MTU
 *                  the backend's `mtu` or the bridge's (written to the
 *                  frontend's `mtu` for a vif); into the bridge; up; then
 *                  `hotplug-status` = connected (a vif's online only).
 *   offline/remove: down, out of the bridge; an interface already gone is
 *                  no error.
 *
 * A failure is reported as the scripts' fatal() does: `hotplug-error` =
 * the reason and `hotplug-status` = error in the backend, the reason on
 * stderr, and exit 1.  The iptables rules of vif-common.sh are not made:
 * Xen 4.17's handle_iptable returns at once.  The `vif-post.d` hooks are
 * not run (Debian ships none).
 */
#ifndef XYL_VIF_BRIDGE_H
#define XYL_VIF_BRIDGE_H

#include <stddef.h>

#include "hp_util.h"
#include "nl_link.h"
#include "vif_req.h"

/* Carry r out.  0, or -1 with the reason in why (and, for online/add,
 * hotplug-error and hotplug-status written). */
int vif_bridge_run(const struct vif_req *r, const struct hp_xs *xs, struct nl *nl,
                   char *why, size_t whylen);

#endif
