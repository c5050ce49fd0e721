/*
 * hp_lock.h - the hotplug scripts' lock (Xen's locking.sh, claim_lock and
 * release_lock), the same file and protocol, so that xyl-block and Xen's
 * bash scripts running at the same time exclude each other: open
 * DIR/NAME (created), flock it, and hold it only if the path still names
 * the file the descriptor has (a releaser unlinks it before closing).
 */
#ifndef XYL_HP_LOCK_H
#define XYL_HP_LOCK_H

#include <stddef.h>

/* the scripts' folder of lock files */
#define HP_LOCK_DIR "/var/run/xen-hotplug"

struct hp_lock {
    int fd;                     /* -1 when not held */
    char path[256];
};

/* Wait for and take the lock DIR/NAME (DIR made if missing).  0, or
 * -errno. */
int hp_lock_claim(struct hp_lock *l, const char *dir, const char *name);

/* Give it up (unlink, then close); nothing when not held. */
void hp_lock_release(struct hp_lock *l);

#endif
