/*
 * blk_image.c - see blk_image.h.
 *
 * Only raw images: a qcow2 file would be served as its raw bytes (the
 * guest would see qcow2 metadata); qcow2 stays with QEMU's qdisk.
 * The page cache is used (no O_DIRECT: tmpfs images have none, and
 * blkif.h's direct-io-safe note); durability comes from the guest's
 * flushes, which are fdatasync()s.
 */
#define _GNU_SOURCE
#include "blk_image.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The lock is held: may this device share share_fd's open file instead?
 * Its fd then (fd closed), or -1 with err set. */
static int take_over(int fd, const char *path, bool readonly, int share_fd,
                     const struct stat *sb, char *err, size_t errlen)
{
    struct stat ss;
    int nfd;

    if (share_fd < 0 || fstat(share_fd, &ss) || ss.st_dev != sb->st_dev ||
        ss.st_ino != sb->st_ino ||
        (!readonly && (fcntl(share_fd, F_GETFL) & O_ACCMODE) != O_RDWR)) {
        snprintf(err, errlen, "%s is in use by another xyl disk%s", path,
                 readonly ? " (read-write)" : "");
        return -1;
    }
    nfd = fcntl(share_fd, F_DUPFD_CLOEXEC, 0);
    if (nfd < 0) {
        snprintf(err, errlen, "cannot take over %s: %s", path, strerror(errno));
        return -1;
    }
    close(fd);
    return nfd;
}

int blk_image_open(const char *path, bool readonly, int share_fd, struct blk_disk *d,
                   char *err, size_t errlen)
{
    struct stat sb;
    uint64_t bytes;
    int fd;

    memset(d, 0, sizeof(*d));
    d->fd = -1;
    if (!path || path[0] != '/') {
        snprintf(err, errlen, "image '%s' is not an absolute path", path ? path : "");
        return -1;
    }
    /* O_NONBLOCK: a FIFO put where the image was must not block the open
     * (one thread serves every guest); what it is, is asked of the opened
     * fd, and anything but a regular file or block device is refused */
    fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb)) {
        snprintf(err, errlen, "cannot stat %s: %s", path, strerror(errno));
        goto fail;
    }
    if (S_ISREG(sb.st_mode)) {
        bytes = (uint64_t)sb.st_size;
        d->is_file = true;
    } else if (S_ISBLK(sb.st_mode)) {
        if (ioctl(fd, BLKGETSIZE64, &bytes)) {
            snprintf(err, errlen, "cannot get the size of %s: %s", path, strerror(errno));
            goto fail;
        }
    } else {
        snprintf(err, errlen, "%s is neither a regular file nor a block device", path);
        goto fail;
    }
    /* flock: advisory, between xyl-blkback devices (QEMU's image locks are
     * fcntl locks and the kernel's blkback takes none) */
    if (flock(fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
        int nfd = take_over(fd, path, readonly, share_fd, &sb, err, errlen);

        if (nfd < 0)
            goto fail;
        fd = nfd;               /* its status flags are the holder's: blocking */
    }
    d->lim.sectors = bytes >> BLK_SECTOR_SHIFT;     /* a partial last sector is not served */
    if (d->lim.sectors == 0) {
        snprintf(err, errlen, "%s is smaller than one sector (512 bytes)", path);
        goto fail;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
        snprintf(err, errlen, "cannot set up %s: %s", path, strerror(errno));
        goto fail;
    }
    d->lim.readonly = readonly;
    d->lim.discard = d->is_file && !readonly;
    d->fd = fd;
    return 0;
fail:
    close(fd);
    return -1;
}

int blk_image_sectors(const struct blk_disk *d, uint64_t *sectors)
{
    struct stat sb;
    uint64_t bytes;

    if (fstat(d->fd, &sb))
        return -1;
    if (S_ISREG(sb.st_mode))
        bytes = (uint64_t)sb.st_size;
    else if (ioctl(d->fd, BLKGETSIZE64, &bytes))
        return -1;
    *sectors = bytes >> BLK_SECTOR_SHIFT;
    return 0;
}

int blk_image_close(struct blk_disk *d)
{
    int rc = 0;

    if (d->fd < 0)
        return 0;
    if (!d->lim.readonly && fdatasync(d->fd))
        rc = -1;
    close(d->fd);
    d->fd = -1;
    return rc;
}
