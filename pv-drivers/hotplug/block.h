/*
 * block.h - the work of Xen's `block` hotplug script (Xen 4.17: block,
 * block-common.sh, xen-hotplug-common.sh, locking.sh) for kernel blkback
 * disks, compiled:
 *
 *   add:    nothing when `physical-device` is there already (a second
 *           call).  A block device (`params`, a symbolic link resolved):
 *           the sharing check, then `physical-device` = MAJOR:MINOR (hex,
 *           as `stat -c %t:%T`), `physical-device-path`, `hotplug-status`
 *           = connected.  A regular file: the backend still in state 2
 *           (InitWait), not read-write on a file nobody may write, the
 *           sharing check by the file's device and inode (every loop
 *           device bound to it), a free loop device bound to it
 *           (read-only for mode r), `node` = /dev/loopN, then the same
 *           three nodes for the loop device.
 *   remove: the loop device `node` names unbound, if it is still bound to
 *           `params`' file (a device since rebound to another file is
 *           left alone); nothing to do (no `node`, a device gone or
 *           unbound) is no error, so remove can be repeated.
 *
 * The sharing check (mode w: the device may be in use nowhere else; mode
 * r: nowhere read-write; mode w!: no check): mounted in dom0 (a block
 * device of /proc/mounts), or the `physical-device` of another domain's
 * vbd (block-common.sh's same_vm: not the same VM, nor its device model's
 * target).  Both under the scripts' lock, as are the bind and `node`.
 *
 * Failures as the scripts': `hotplug-error` = the reason and
 * `hotplug-status` = error (fatal) or busy (ebusy: the sharing check, a
 * read-only file asked read-write), exit 1.  Differences, deliberate:
 * `params` naming neither a block device nor a file is an error (the
 * script says connected and leaves the backend waiting); a relative
 * `params` other than a bare /dev name is refused; remove works from
 * `node`, so a file deleted since add still has its loop device freed;
 * a file that cannot be opened read-write for mode w is an error, not a
 * read-only loop device (losetup's fallback, which blkback then refuses).
 */
#ifndef XYL_BLOCK_H
#define XYL_BLOCK_H

#include <stddef.h>

#include "block_req.h"
#include "hp_util.h"

/* where the host's state is: the lock folder (HP_LOCK_DIR) and the mount
 * table (/proc/mounts); tests point both elsewhere */
struct block_sys {
    const char *lock_dir;
    const char *mounts;
};

/* Carry r out.  0, or -1 with the reason in why (and, for add,
 * hotplug-error and hotplug-status written). */
int block_run(const struct block_req *r, const struct hp_xs *xs, const struct block_sys *sys,
              char *why, size_t whylen);

#endif
