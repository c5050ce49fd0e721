/*
 * image_grow.h - a disk image's size as the guest sees it, and growing it
 * in place (a running guest's `size:` raised: xyl apply).  Never shrinks:
 * what lies past the new end would be the guest's data.
 */
#ifndef XYL_IMAGE_GROW_H
#define XYL_IMAGE_GROW_H

#include <stdint.h>

/* The guest-visible size of path: a qcow2 image's virtual size (its
 * header), a raw file's length, a block device's size.  0, or -1 when it
 * is none of these or unreadable (no line: the caller knows if it matters). */
int image_size(const char *path, uint64_t *bytes);

/* Grow path (format "raw" or "qcow2") to bytes: a raw file is extended
 * sparsely (ftruncate on a descriptor opened without O_TRUNC), a qcow2
 * image by `qemu-img resize`; a block device or a smaller size is refused.
 * Equal: nothing to do.  0, or -1 after one line. */
int image_grow(const char *path, const char *format, uint64_t bytes);

#endif
