/*
 * xb_vdev.c - disk names to device numbers, as libxl's
 * libxl__device_disk_dev_number (tools/libs/light/libxl_device.c) reads
 * them, in its order:
 *   d<D>p<P>        Xen PV, both numbers required (d3 alone is refused):
 *                   disks 0..2^20-1, partitions 0..255; numbers as C reads
 *                   them (%i: 010 is octal 8, 0x10 is 16)
 *   xvd<letters>[P] Xen PV: the same ranges
 *   a plain number  the device number itself, up to INT_MAX (51712, 0xca00)
 *   hd<letters>[P]  IDE:  disks 0..3 (hda-hdd), partitions 0..63
 *   sd<letters>[P]  SCSI: disks 0..15 (sda-sdp), partitions 0..15
 * Letters count like spreadsheet columns (a=0 ... z=25, aa=26), a
 * partition has no leading zero (xvda0, xvda01 refused).  Xen PV disks
 * above 15 or partitions above 15 use the extended encoding 1<<28.
 * Stricter than libxl only where its sscanf/strtoul would skip white space
 * or a sign ("xvda +1", "d-1p0"): those are refused.
 */
#include "xb_vdev.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define XVD_MAX_DISK ((1L << 20) - 1)
#define XVD_MAX_PART 255L

/* prefix + letters + optional partition: 1 with *disk, *part; else 0 */
static int scheme(const char *s, const char *prefix, long max_disk, long max_part,
                  long *disk, long *part)
{
    size_t pl = strlen(prefix);
    const char *p = s + pl;
    long d = -1;
    char *end;

    if (strncmp(s, prefix, pl) || !(*p >= 'a' && *p <= 'z'))
        return 0;
    while (*p >= 'a' && *p <= 'z') {
        d = (d + 1) * 26 + (*p++ - 'a');
        if (d > max_disk)
            return 0;
    }
    *disk = d;
    *part = 0;
    if (!*p)
        return 1;
    if (*p == '0' || !isdigit((unsigned char)*p))
        return 0;
    errno = 0;
    *part = strtol(p, &end, 10);
    return !errno && !*end && *part <= max_part;
}

/* a number as %i reads it (decimal, 0 octal, 0x hex), digits first */
static int c_number(const char *s, long max, long *out, const char **end)
{
    char *e;

    if (!isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    *out = strtol(s, &e, 0);
    *end = e;
    return errno || *out > max ? -1 : 0;
}

/* d<D>p<P>, the whole name: 1 with *disk, *part; else 0 */
static int d_p(const char *v, long *disk, long *part)
{
    const char *p;

    if (v[0] != 'd' || c_number(v + 1, XVD_MAX_DISK, disk, &p) || *p != 'p')
        return 0;
    return c_number(p + 1, XVD_MAX_PART, part, &p) == 0 && !*p;
}

long xb_vdev_number(const char *v)
{
    long disk, part;
    char *end;

    if (!v)
        return -1;
    if (d_p(v, &disk, &part) || scheme(v, "xvd", XVD_MAX_DISK, XVD_MAX_PART, &disk, &part)) {
        if (disk <= 15 && part <= 15)
            return (202L << 8) | (disk << 4) | part;
        return (1L << 28) | (disk << 8) | part;
    }
    if (isdigit((unsigned char)v[0])) {
        unsigned long ul;

        errno = 0;
        ul = strtoul(v, &end, 0);
        return !errno && !*end && ul <= INT_MAX ? (long)ul : -1;
    }
    if (scheme(v, "hd", 3, 63, &disk, &part))
        return ((disk < 2 ? 3L : 22L) << 8) | ((disk & 1) << 6) | part;
    if (scheme(v, "sd", 15, 15, &disk, &part))
        return (8L << 8) | (disk << 4) | part;
    return -1;
}

int xb_vdev_to_devid(const char *vdev, uint32_t *devid)
{
    long n = xb_vdev_number(vdev);

    if (n < 0)
        return -1;
    *devid = (uint32_t)n;
    return 0;
}
