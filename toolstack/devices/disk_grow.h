/*
 * disk_grow.h - telling a running guest that one of its disks grew (its
 * image was made larger: images/image_grow.h), through the backend that
 * serves it, so the guest sees the new size with no restart.
 */
#ifndef XYL_DISK_GROW_H
#define XYL_DISK_GROW_H

#include <stdbool.h>
#include <stdint.h>

/* Disk devid of domid now has bytes.  xyl disks: the backend node
 * `xyl-resize` wakes xyl-blkback, which re-reads the image's size and
 * publishes `sectors` with its state rewritten (blkfront resizes then).
 * Kernel blkback on a loop device (a file target): the loop device's
 * capacity is refreshed (LOOP_SET_CAPACITY); blkback notices and does the
 * same.  Either way waited for (10 s) until the backend's `sectors` says
 * so.  QEMU's qdisk: not done (refused in one line: the guest sees the size
 * at its next start).  0, or -1 after one line. */
int disk_grow_online(uint32_t domid, uint32_t devid, bool xyl, uint64_t bytes);

#endif
