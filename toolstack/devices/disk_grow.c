/*
 * disk_grow.c - see disk_grow.h.  Linux's blkback resizes a device when
 * its block device's size changes (xen_vbd_resize: `sectors`, then the
 * state written again); a loop device learns that its file grew only from
 * LOOP_SET_CAPACITY, which is what `losetup -c` does.
 */
#define _GNU_SOURCE
#include "devices/disk_grow.h"
#include "base/util.h"

#include "pv-drivers/xenbus/xb_dev.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define GROW_WAIT_MS 10000
#define GROW_POLL_US 100000

/* Wait until dir/sectors reads want: 0, or -1 on timeout. */
static int wait_sectors(struct xs_handle *xs, const char *dir, uint64_t want)
{
    char *s, *end;
    int i;

    for (i = 0; i < GROW_WAIT_MS / (GROW_POLL_US / 1000); i++) {
        unsigned long long v;

        s = xb_read(xs, XBT_NULL, dir, "sectors", NULL);
        v = s ? strtoull(s, &end, 10) : 0;
        free(s);
        if (v == want)
            return 0;
        usleep(GROW_POLL_US);
    }
    return -1;
}

/* Kernel blkback: its device node, if it is a loop device. */
static int refresh_loop(struct xs_handle *xs, const char *be)
{
    char *node = xb_read(xs, XBT_NULL, be, "node", NULL);
    int fd, rc = -1;

    if (!node)
        node = xb_read(xs, XBT_NULL, be, "physical-device-path", NULL);
    if (!node || strncmp(node, "/dev/loop", 9)) {
        fprintf(stderr, "xyl: %s serves no loop device (%s): grow the volume and its guest "
                "sees it; xyl grows only file images online\n", be, node ? node : "no node");
        free(node);
        return -1;
    }
    fd = open(node, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ioctl(fd, LOOP_SET_CAPACITY, 0))
        fprintf(stderr, "xyl: cannot refresh the size of %s: %s\n", node, strerror(errno));
    else
        rc = 0;
    if (fd >= 0)
        close(fd);
    free(node);
    return rc;
}

int disk_grow_online(uint32_t domid, uint32_t devid, bool xyl, uint64_t bytes)
{
    struct xs_handle *xs = xs_open(0);
    char be[XB_PATH_MAX], *there;
    uint64_t sectors = bytes / 512;
    int rc = -1;

    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    if (xyl) {
        xb_dev_backend_path(&xb_kind_vbd, be, sizeof(be), domid, devid);
        if (xb_writef(xs, XBT_NULL, be, "xyl-resize", "%" PRIu64, bytes)) {
            fprintf(stderr, "xyl: cannot write %s/xyl-resize: %s\n", be, strerror(errno));
            goto out;
        }
    } else {
        snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/%u", domid, devid);
        there = xb_read(xs, XBT_NULL, be, "state", NULL);
        free(there);
        if (!there) {
            fprintf(stderr, "xyl: disk %u of domain %u is not served by the kernel's blkback "
                    "(QEMU's qdisk?): its guest sees the new size at its next start\n", devid, domid);
            goto out;
        }
        if (refresh_loop(xs, be))
            goto out;
    }
    if (wait_sectors(xs, be, sectors))
        fprintf(stderr, "xyl: the backend of disk %u (domain %u) did not publish %" PRIu64
                " sectors within %d s\n", devid, domid, sectors, GROW_WAIT_MS / 1000);
    else
        rc = 0;
out:
    xs_close(xs);
    return rc;
}
