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
 * write one image.  Returns 0, or -1 with one line in err. */
int blk_image_open(const char *path, bool readonly, struct blk_disk *d, char *err, size_t errlen);

/* fdatasync and close; returns -1 if the sync failed (data may be lost). */
int blk_image_close(struct blk_disk *d);

#endif
