/*
 * loop_dev.c - see loop_dev.h.
 */
#define _GNU_SOURCE
#include "loop_dev.h"
#include "hp_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* another binder (losetup outside the scripts' lock) may take the device
 * GET_FREE gave between it and our bind: ask again, a few times */
#define LOOP_TRIES 16

static int open_loop(unsigned n, int flags)
{
    char path[32];

    snprintf(path, sizeof(path), "/dev/loop%u", n);
    return open(path, flags | O_CLOEXEC);
}

/* LOOP_SET_FD + LOOP_SET_STATUS64: kernels before LOOP_CONFIGURE */
static int bind_old(int lfd, int fd, const struct loop_info64 *info)
{
    if (ioctl(lfd, LOOP_SET_FD, fd))
        return -errno;
    if (ioctl(lfd, LOOP_SET_STATUS64, info)) {
        int e = -errno;
        ioctl(lfd, LOOP_CLR_FD, 0);
        return e;
    }
    return 0;
}

static int bind_one(int lfd, int fd, bool ro, const char *name)
{
    struct loop_config c;

    memset(&c, 0, sizeof(c));
    c.fd = (unsigned)fd;
    c.info.lo_flags = ro ? LO_FLAGS_READ_ONLY : 0;
    snprintf((char *)c.info.lo_file_name, sizeof(c.info.lo_file_name), "%s", name);
#ifdef LOOP_CONFIGURE
    if (ioctl(lfd, LOOP_CONFIGURE, &c) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOTTY)
        return -errno;
#endif
    /* read-only then comes from fd's open mode */
    c.info.lo_flags = 0;
    return bind_old(lfd, fd, &c.info);
}

int loop_attach(int fd, bool ro, const char *name, unsigned *n, dev_t *rdev)
{
    struct stat st;
    int ctl, lfd, e = -EBUSY, i, k;

    ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0)
        return errno == ENOENT ? -ENODEV : -errno;
    for (i = 0; i < LOOP_TRIES && e == -EBUSY; i++) {
        k = ioctl(ctl, LOOP_CTL_GET_FREE);
        if (k < 0) {
            e = -errno;
            break;
        }
        lfd = open_loop((unsigned)k, ro ? O_RDONLY : O_RDWR);
        if (lfd < 0) {
            e = -errno;
            break;
        }
        e = bind_one(lfd, fd, ro, name);
        if (e == 0) {
            if (fstat(lfd, &st) == 0) {
                *n = (unsigned)k;
                *rdev = st.st_rdev;
            } else {
                e = -errno;
                ioctl(lfd, LOOP_CLR_FD, 0);
            }
        }
        close(lfd);
    }
    close(ctl);
    return e;
}

int loop_detach(unsigned n, bool check, dev_t dev, ino_t ino)
{
    struct loop_info64 info;
    int lfd = open_loop(n, O_RDONLY), e = 0;

    if (lfd < 0)
        return errno == ENOENT || errno == ENXIO || errno == ENODEV ? 0 : -errno;
    if (ioctl(lfd, LOOP_GET_STATUS64, &info)) {
        e = errno == ENXIO ? 0 : -errno;      /* ENXIO: not bound */
    } else if (check && (info.lo_device != (unsigned long long)dev ||
                         info.lo_inode != (unsigned long long)ino)) {
        e = 1;
    } else if (ioctl(lfd, LOOP_CLR_FD, 0)) {
        e = errno == ENXIO ? 0 : -errno;
    }
    close(lfd);
    return e;
}

int loop_find(dev_t dev, ino_t ino, dev_t *out, int max)
{
    struct loop_info64 info;
    struct dirent *de;
    struct stat st;
    unsigned k;
    int count = 0, lfd;
    DIR *d = opendir("/sys/block");

    if (!d)
        return errno == ENOENT ? 0 : -errno;
    while ((de = readdir(d)) != NULL && count < max) {
        if (strncmp(de->d_name, "loop", 4) ||
            hp_uint(de->d_name + 4, strlen(de->d_name + 4), (1UL << 20) - 1, &k))
            continue;
        lfd = open_loop(k, O_RDONLY);
        if (lfd < 0)
            continue;
        if (ioctl(lfd, LOOP_GET_STATUS64, &info) == 0 &&
            info.lo_device == (unsigned long long)dev && info.lo_inode == (unsigned long long)ino &&
            fstat(lfd, &st) == 0)
            out[count++] = st.st_rdev;
        close(lfd);
    }
    closedir(d);
    return count;
}
