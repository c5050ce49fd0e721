/*
 * libxl_map.h - a validated guest -> libxl_domain_config, field for field
 * what xl's parse_config_data() produces for the equivalent xl.cfg, so
 * `xyl -N create` and `xl -N create` print the same JSON.
 */
#ifndef XYL_LIBXL_MAP_H
#define XYL_LIBXL_MAP_H

#include <libxl.h>

#include "base/diag.h"
#include "model/guest.h"

/* Where Debian's xl looks for its own pvgrub (XENFIRMWAREDIR of xen 4.17),
 * which Debian does not ship: xyl maps pvgrub names to grub-xen-host's
 * images instead (model/pvgrub.h); adopt still knows these names. */
#define XYL_XENFIRMWAREDIR "/usr/lib/xen-4.17/boot"

/* ctx may be NULL (dry run without Xen).  Returns 0, or -1 with a diag. */
int guest_to_libxl(const struct xyl_guest *g, libxl_ctx *ctx,
                   libxl_domain_config *dc, struct diags *d);

/* One disk or NIC item, for create and hot-plug. */
int disk_to_libxl(const struct xyl_disk *dk, libxl_device_disk *disk);
int nic_to_libxl(const struct xyl_nic *n, int devid, libxl_device_nic *nic);

#endif
