/*
 * xb_vdev.h - virtual disk names (xvda, hdc, sda1, d3p2, 51712) to the
 * device number the frontend sees: the one numbering of xyl, used by
 * validation (model/schema_items.c), the toolstack's backend: xyl disks
 * (devices/xyl_vbd.c) and the backends.  Pure C with no Xen library and no
 * toolstack header, so every layer and daemon may use it
 * (tests/tools/check-layers lets the toolstack include it from model/ up).
 */
#ifndef XB_VDEV_H
#define XB_VDEV_H

#include <stdint.h>

/* The number libxl__device_disk_dev_number gives vdev (libxl_device.c,
 * docs/man/xen-vbd-interface.7), or -1 where libxl refuses the name. */
long xb_vdev_number(const char *vdev);

/* The same as a device ID: 0 and *devid, or -1 (vdev NULL too). */
int xb_vdev_to_devid(const char *vdev, uint32_t *devid);

#endif
