/*
 * loop_dev.h - the loop devices of Xen's block script (losetup -f,
 * losetup [-r] DEV FILE, losetup -d DEV, losetup -a) as the loop driver's
 * ioctls: a free device from /dev/loop-control, bound with LOOP_CONFIGURE
 * (Linux 5.8) or LOOP_SET_FD + LOOP_SET_STATUS64 before it, found by the
 * file it is bound to, and unbound.
 */
#ifndef XYL_LOOP_DEV_H
#define XYL_LOOP_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Bind a free loop device to the open file fd (read-only when ro; name is
 * what `losetup -a` shows).  0 with its number and device number, or
 * -errno (-ENODEV: no loop driver). */
int loop_attach(int fd, bool ro, const char *name, unsigned *n, dev_t *rdev);

/* Unbind /dev/loopN if it is still bound to the file (dev, ino), or to
 * any file when check is false.  0 when it is unbound now (also when it
 * was not bound, or is gone), 1 when it is bound to another file (left
 * alone), or -errno. */
int loop_detach(unsigned n, bool check, dev_t dev, ino_t ino);

/* The device numbers of every loop device bound to the file (dev, ino),
 * at most max of them: their count, or -errno. */
int loop_find(dev_t dev, ino_t ino, dev_t *out, int max);

#endif
