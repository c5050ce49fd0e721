/*
 * vdev.c - the disk naming schemes of vbd-interface.txt:
 *   xvd<letters>[N] / d<D>p<P>    Xen PV: disks 0..2^20-1, partitions 0..255
 *   hd<letters>[N]                IDE:    disks 0..3,  partitions 0..63
 *   sd<letters>[N]                SCSI:   disks 0..15, partitions 0..15
 *   a plain number                the device number itself
 * Letters count like spreadsheet columns: a=0 ... z=25, aa=26.
 */
#include "model/vdev.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* prefix + letters + optional partition without a leading zero */
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

long vdev_number(const char *v)
{
    long disk, part;
    char *end;

    if (v[0] == 'd' && isdigit((unsigned char)v[1])) {
        errno = 0;
        disk = strtol(v + 1, &end, 10);
        part = 0;
        if (errno || disk >= (1L << 20))
            return -1;
        if (*end != 'p')
            return -1;      /* libxl reads d<D>p<P> only with both numbers */
        {
            const char *p = end + 1;
            if (!isdigit((unsigned char)*p))
                return -1;
            part = strtol(p, &end, 10);
            if (errno || part > 255)
                return -1;
        }
        if (*end)
            return -1;
        goto xvd;
    }
    if (scheme(v, "xvd", (1L << 20) - 1, 255, &disk, &part))
        goto xvd;
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
xvd:
    if (disk <= 15 && part <= 15)
        return (202L << 8) | (disk << 4) | part;
    return (1L << 28) | (disk << 8) | part;
}
