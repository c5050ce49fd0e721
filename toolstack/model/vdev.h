/*
 * vdev.h - virtual disk names (xvda, hdc, sda1, d3p2, 51712) to the device
 * number the frontend sees, following docs/misc/vbd-interface.txt and the
 * limits libxl enforces, so `xyl validate` refuses what libxl would.
 */
#ifndef XYL_VDEV_H
#define XYL_VDEV_H

/* Device number (>= 0), or -1 if libxl cannot number this name. */
long vdev_number(const char *vdev);

#endif
