/*
 * cdrom.h - the medium cd-insert and cd-eject hand to libxl_cdrom_insert.
 */
#ifndef XYL_HVM_CDROM_H
#define XYL_HVM_CDROM_H

#include "base/diag.h"
#include "model/guest.h"

/*
 * The disk item xl builds for a medium change, "vdev=VDEV, access=ro,
 * devtype=cdrom, target=TARGET" (TARGET "" ejects), read by libxlutil like
 * any disks: item of g, a guest named and typed like the running domain.
 * Diagnostics name file as the source.  Returns the item (owned by g), or
 * NULL with the diagnostics in d.
 */
struct xyl_disk *hvm_cdrom_medium(struct xyl_guest *g, const char *file, const char *vdev,
                                  const char *target, struct diags *d);

#endif
