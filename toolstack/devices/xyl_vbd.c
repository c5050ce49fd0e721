/*
 * xyl_vbd.c - xenstore entries of `backend: xyl` disks and the daemon that
 * serves them (see xyl_vbd.h and pv-drivers/README.md).
 */
#define _GNU_SOURCE
#include "devices/xyl_vbd.h"
#include "devices/xyl_pv.h"
#include "base/util.h"

#include "pv-drivers/xenbus/xb_dev.h"
#include "pv-drivers/xenbus/xb_path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xen/io/xenbus.h>

/* How long the daemon may take to open the images and publish them: the
 * lab's TCG dom0 is slow (a xenstore round trip costs ~3 ms there). */
#define INITWAIT_TIMEOUT_MS 20000
/* How long a guest gets to close a disk on a (safe) detach. */
#define DETACH_TIMEOUT_MS 15000

static const char *vdev_of(const struct xyl_disk *dk)
{
    return dk->parsed_vdev ? dk->parsed_vdev : dk->vdev;
}

/* Its device number, as validation worked it out (xb_vdev_number): a disk
 * is numbered once on its way to the backend. */
static long devid_of(const struct xyl_disk *dk)
{
    return dk->parsed_vdev ? dk->devnum : xb_vdev_number(dk->vdev);
}

/* One xyl disk: prints FILE:LINE:COL: error lines (file = where it came from). */
static int check_disk(const char *file, const struct xyl_disk *dk)
{
    struct stat sb;

    if (dk->parsed_cdrom || dk->cdrom == 1) {
        fprintf(stderr, "%s:%u:%u: error: disk %s: backend xyl serves disks, not CD-ROMs "
                "(use backend qdisk)\n", file, dk->mark.line, dk->mark.col, vdev_of(dk));
        return -1;
    }
    if (devid_of(dk) < 0) {
        fprintf(stderr, "%s:%u:%u: error: disk %s: not a Xen virtual device name "
                "(xvda..., sda..., hda..hdd or dNpM)\n", file, dk->mark.line,
                dk->mark.col, vdev_of(dk));
        return -1;
    }
    if (!dk->target || stat(dk->target, &sb)) {
        fprintf(stderr, "%s:%u:%u: error: disk %s: image %s: %s\n", file, dk->mark.line,
                dk->mark.col, vdev_of(dk), dk->target ? dk->target : "(none)",
                dk->target ? strerror(errno) : "no target");
        return -1;
    }
    if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode)) {
        fprintf(stderr, "%s:%u:%u: error: disk %s: %s is neither a file nor a block device\n",
                file, dk->mark.line, dk->mark.col, vdev_of(dk), dk->target);
        return -1;
    }
    return 0;
}

int xyl_vbd_check(const struct xyl_guest *g)
{
    int i, rc = 0;

    for (i = 0; i < g->n_disks; i++)
        if (g->disks[i].is_xyl_backend && check_disk(g->file, &g->disks[i]))
            rc = -1;
    return rc;
}

int xyl_vbd_attach_xb(uint32_t domid, const struct xb_vbd *v, int n)
{
    uint32_t *ids = xcalloc((size_t)n, sizeof(*ids));
    char err[XB_ERR_LEN] = "";
    struct xs_handle *xs = NULL;
    int i, rc = -1;

    for (i = 0; i < n; i++)
        ids[i] = v[i].devid;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        goto out;
    }
    if (xb_vbd_create(xs, v, n, err, sizeof(err))) {
        fprintf(stderr, "xyl: cannot add the xyl disks: %s\n", err);
        goto out;
    }
    if (xyl_start_daemon("xyl-blkback", "XYL_BLKBACK") == 0 &&
        xb_wait_backends(xs, domid, ids, n, XenbusStateInitWait, INITWAIT_TIMEOUT_MS,
                         err, sizeof(err)) == 0) {
        rc = 0;
        goto out;
    }
    if (err[0])
        fprintf(stderr, "xyl: xyl-blkback: %s\n", err);
    for (i = 0; i < n; i++)
        if (xb_vbd_remove(xs, domid, ids[i], err, sizeof(err)))
            fprintf(stderr, "xyl: %s\n", err);
out:
    if (xs)
        xs_close(xs);
    free(ids);
    return rc;
}

/* The definition's disks as xenstore entries, then xyl_vbd_attach_xb. */
static int attach_disks(uint32_t domid, const struct xyl_disk *const *dks, int n)
{
    struct xb_vbd *v = xcalloc((size_t)n, sizeof(*v));
    int i, rc = -1;

    for (i = 0; i < n; i++) {
        /* the daemon has another working directory: give it a full path */
        char *abs = realpath(dks[i]->target, NULL);

        v[i].domid = domid;
        v[i].vdev = vdev_of(dks[i]);
        v[i].params = abs ? abs : xstrdup(dks[i]->target);
        v[i].readonly = dks[i]->parsed_readonly;
        if (devid_of(dks[i]) < 0) {
            fprintf(stderr, "xyl: disk %s: not a Xen virtual device name\n", v[i].vdev);
            n = i + 1;
            goto out;
        }
        v[i].devid = (uint32_t)devid_of(dks[i]);
    }
    rc = xyl_vbd_attach_xb(domid, v, n);
out:
    for (i = 0; i < n; i++)
        free((char *)v[i].params);
    free(v);
    return rc;
}

int xyl_vbd_attach(const struct xyl_guest *g, uint32_t domid)
{
    const struct xyl_disk **dks = xcalloc((size_t)g->n_disks + 1, sizeof(*dks));
    int i, n = 0, rc = 0;

    for (i = 0; i < g->n_disks; i++)
        if (g->disks[i].is_xyl_backend)
            dks[n++] = &g->disks[i];
    if (n)
        rc = attach_disks(domid, dks, n);
    free(dks);
    return rc;
}

int xyl_vbd_hot_attach(uint32_t domid, const char *file, const struct xyl_disk *dk)
{
    if (check_disk(file, dk))
        return -1;
    return attach_disks(domid, &dk, 1);
}

int xyl_vbd_hot_detach(uint32_t domid, const char *vdev, bool force)
{
    char err[XB_ERR_LEN] = "", be[XB_PATH_MAX], *there;
    struct xs_handle *xs;
    uint32_t devid;
    unsigned len;
    int rc = -1;

    if (xb_vdev_to_devid(vdev, &devid))
        return 1;               /* not a name we could have written */
    xs = xs_open(0);
    if (!xs)
        return 1;               /* then it is libxl's to say */
    there = xb_read(xs, XBT_NULL, xb_backend_path(be, sizeof(be), domid, devid), "frontend", &len);
    free(there);
    if (!there) {
        xs_close(xs);
        return 1;               /* not an xyl disk of this guest */
    }
    if (!force) {
        /* like libxl's safe remove: the guest must let go (Closed) */
        if (xb_vbd_offline(xs, domid, devid, err, sizeof(err)) ||
            xb_wait_backends(xs, domid, &devid, 1, XenbusStateClosed, DETACH_TIMEOUT_MS,
                             err, sizeof(err))) {
            fprintf(stderr, "xyl: the guest did not release %s (is it mounted?): %s; "
                    "'xyl block-detach -f' removes it anyway\n", vdev, err);
            goto out;
        }
    }
    if (xb_vbd_remove(xs, domid, devid, err, sizeof(err)))
        fprintf(stderr, "xyl: %s\n", err);
    else
        rc = 0;
out:
    xs_close(xs);
    return rc;
}

int xyl_vbd_remove_all(uint32_t domid)
{
    return xyl_pv_remove_all(&xb_kind_vbd, domid);
}

uint32_t *xyl_vbd_list(uint32_t domid, int *n)
{
    struct xs_handle *xs = xs_open(0);
    uint32_t *ids;

    *n = 0;
    if (!xs)
        return NULL;
    ids = xb_dev_list(xs, &xb_kind_vbd, domid, n);
    xs_close(xs);
    return ids;
}

int xyl_vbd_stats(uint32_t domid, uint32_t devid, char *buf, size_t n)
{
    struct xs_handle *xs = xs_open(0);
    char be[XB_PATH_MAX], *s;

    buf[0] = '\0';
    if (!xs)
        return -1;
    xb_dev_backend_path(&xb_kind_vbd, be, sizeof(be), domid, devid);
    s = xb_read(xs, XBT_NULL, be, "xyl-stats", NULL);
    snprintf(buf, n, "%s", s ? s : "");
    free(s);
    xs_close(xs);
    return 0;
}
