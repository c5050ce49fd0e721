/*
 * image_grow.c - see image_grow.h.  qcow2's header (QEMU's
 * docs/interop/qcow2.txt): magic "QFI\xfb" at 0, the virtual size as a
 * big-endian uint64 at 24.
 */
#define _GNU_SOURCE
#include "images/image_grow.h"
#include "images/images.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define QCOW2_SIZE_OFF 24

static uint64_t be64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

int image_size(const char *path, uint64_t *bytes)
{
    unsigned char h[QCOW2_SIZE_OFF + 8];
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), rc = -1;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0) {
        if (S_ISBLK(st.st_mode)) {
            rc = ioctl(fd, BLKGETSIZE64, bytes) ? -1 : 0;
        } else if (S_ISREG(st.st_mode)) {
            *bytes = (uint64_t)st.st_size;
            if (pread(fd, h, sizeof(h), 0) == (ssize_t)sizeof(h) && !memcmp(h, "QFI\xfb", 4))
                *bytes = be64(h + QCOW2_SIZE_OFF);
            rc = 0;
        }
    }
    close(fd);
    return rc;
}

int image_grow(const char *path, const char *format, uint64_t bytes)
{
    char num[32];
    uint64_t now;
    struct stat st;
    int fd, rc = -1;

    if (image_size(path, &now)) {
        fprintf(stderr, "xyl: cannot grow %s: not a readable image file\n", path);
        return -1;
    }
    if (now == bytes)
        return 0;
    if (now > bytes) {
        fprintf(stderr, "xyl: %s is already %" PRIu64 " bytes: xyl does not shrink it to %" PRIu64 "\n",
                path, now, bytes);
        return -1;
    }
    if (!strcmp(format, "qcow2")) {
        char *argv[] = { "qemu-img", "resize", "-q", "-f", "qcow2", (char *)path, num, NULL };

        snprintf(num, sizeof(num), "%" PRIu64, bytes);
        if (getenv("XYL_QEMU_IMG") && *getenv("XYL_QEMU_IMG"))
            argv[0] = getenv("XYL_QEMU_IMG");
        return run_program(argv, "qemu-utils");
    }
    if (strcmp(format, "raw")) {
        fprintf(stderr, "xyl: cannot grow %s: xyl grows raw and qcow2 images, not %s\n", path, format);
        return -1;
    }
    /* no O_CREAT, no O_TRUNC: the existing file, only ever lengthened */
    fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot grow %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st))
        fprintf(stderr, "xyl: cannot grow %s: %s\n", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        fprintf(stderr, "xyl: cannot grow %s: %s\n", path,
                S_ISBLK(st.st_mode) ? "a block device (grow the volume itself)" : "not a regular file");
    else if ((uint64_t)st.st_size > bytes)
        fprintf(stderr, "xyl: %s grew meanwhile; not touching it\n", path);
    else if (ftruncate(fd, (off_t)bytes) || fsync(fd))
        fprintf(stderr, "xyl: cannot grow %s to %" PRIu64 " bytes: %s\n", path, bytes, strerror(errno));
    else
        rc = 0;
    close(fd);
    return rc;
}
