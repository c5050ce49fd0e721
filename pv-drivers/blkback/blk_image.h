/*
 * blk_image.h - opening the raw image (or block device) a device serves.
 */
#ifndef XYL_BLK_IMAGE_H
#define XYL_BLK_IMAGE_H

#include <stddef.h>

#include "blk_io.h"

/* Open path for a device: read-only or read-write, size in 512-byte
 * sectors, discard offered for writable regular files.  Takes a flock
 * (shared for read-only, exclusive for read-write) so two xyl devices never
 * write one image.  Returns 0, or -1 with one line in err.
 * share_fd (or -1): the disk of a stopped guest this device takes over (its
 * next incarnation: a restart, a migration on one host).  When the lock is
 * held and share_fd is open on the same file (device and inode), read-write
 * if this open is, the device serves through a duplicate of it: the one
 * open file keeps the lock from one holder to the next, so there is no
 * moment when a third device could take the image. */
int blk_image_open(const char *path, bool readonly, int share_fd, struct blk_disk *d,
                   char *err, size_t errlen);

/* The image's size now in 512-byte sectors (a partial last one not
 * counted): 0, or -1 with errno. */
int blk_image_sectors(const struct blk_disk *d, uint64_t *sectors);

/* fdatasync and close; returns -1 if the sync failed (data may be lost). */
int blk_image_close(struct blk_disk *d);

#endif
