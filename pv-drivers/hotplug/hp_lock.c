/*
 * hp_lock.c - see hp_lock.h.
 */
#include "hp_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int hp_lock_claim(struct hp_lock *l, const char *dir, const char *name)
{
    struct stat fst, pst;
    int fd;

    l->fd = -1;
    if ((size_t)snprintf(l->path, sizeof(l->path), "%s/%s", dir, name) >= sizeof(l->path))
        return -ENAMETOOLONG;
    if (mkdir(dir, 0755) && errno != EEXIST)
        return -errno;
    for (;;) {
        fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
            return -errno;
        while (flock(fd, LOCK_EX))
            if (errno != EINTR) {
                int e = -errno;
                close(fd);
                return e;
            }
        /* held only if the path names this very file: the holder before
         * us may have unlinked it between our open and our flock */
        if (fstat(fd, &fst) == 0 && stat(l->path, &pst) == 0 &&
            fst.st_dev == pst.st_dev && fst.st_ino == pst.st_ino)
            break;
        close(fd);
    }
    l->fd = fd;
    return 0;
}

void hp_lock_release(struct hp_lock *l)
{
    if (l->fd < 0)
        return;
    unlink(l->path);
    close(l->fd);
    l->fd = -1;
}
