/*
 * xyl_vbd.c - xenstore entries of `backend: xyl` disks and the daemon that
 * serves them (see xyl_vbd.h and pv-drivers/README.md).
 */
#define _GNU_SOURCE
#include "xyl_vbd.h"
#include "util.h"

#include "../pv-drivers/xenbus/xb_dev.h"
#include "../pv-drivers/xenbus/xb_path.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/io/xenbus.h>

/* How long the daemon may take to open the images and publish them: the
 * lab's TCG dom0 is slow (a xenstore round trip costs ~3 ms there). */
#define INITWAIT_TIMEOUT_MS 20000

static const char *vdev_of(const struct xyl_disk *dk)
{
    return dk->parsed_vdev ? dk->parsed_vdev : dk->vdev;
}

int xyl_vbd_check(const struct xyl_guest *g)
{
    int i, rc = 0;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *dk = &g->disks[i];
        uint32_t devid;
        struct stat sb;

        if (!dk->is_xyl_backend)
            continue;
        if (dk->parsed_cdrom || dk->cdrom == 1) {
            fprintf(stderr, "%s:%u:%u: error: disk %s: backend xyl serves disks, not CD-ROMs "
                    "(use backend qdisk)\n", g->file, dk->mark.line, dk->mark.col, vdev_of(dk));
            rc = -1;
        } else if (xb_vdev_to_devid(vdev_of(dk), &devid)) {
            fprintf(stderr, "%s:%u:%u: error: disk %s: not a Xen virtual device name "
                    "(xvda..., sda..., hda..hdd, dN or dNpM)\n", g->file, dk->mark.line,
                    dk->mark.col, vdev_of(dk));
            rc = -1;
        } else if (!dk->target || stat(dk->target, &sb)) {
            fprintf(stderr, "%s:%u:%u: error: disk %s: image %s: %s\n", g->file, dk->mark.line,
                    dk->mark.col, vdev_of(dk), dk->target ? dk->target : "(none)",
                    dk->target ? strerror(errno) : "no target");
            rc = -1;
        } else if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode)) {
            fprintf(stderr, "%s:%u:%u: error: disk %s: %s is neither a file nor a block device\n",
                    g->file, dk->mark.line, dk->mark.col, vdev_of(dk), dk->target);
            rc = -1;
        }
    }
    return rc;
}

/* xyl-blkback next to this xyl binary, else from PATH; $XYL_BLKBACK wins. */
static char *daemon_path(void)
{
    char self[PATH_MAX], *path;
    ssize_t n;

    if (getenv("XYL_BLKBACK"))
        return xstrdup(getenv("XYL_BLKBACK"));
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n > 0) {
        self[n] = '\0';
        path = xasprintf("%s/xyl-blkback", dirname(self));
        if (access(path, X_OK) == 0)
            return path;
        free(path);
    }
    return xstrdup("xyl-blkback");
}

/* `xyl-blkback --daemon` returns 0 once a daemon serves (a new one, or the
 * one already running). */
static int ensure_daemon(void)
{
    char *path = daemon_path();
    int status, rc = -1;
    pid_t pid = fork();

    if (pid < 0) {
        fprintf(stderr, "xyl: cannot start xyl-blkback: fork: %s\n", strerror(errno));
    } else if (pid == 0) {
        execlp(path, "xyl-blkback", "--daemon", (char *)NULL);
        fprintf(stderr, "xyl: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    } else if (waitpid(pid, &status, 0) < 0) {
        fprintf(stderr, "xyl: waiting for xyl-blkback: %s\n", strerror(errno));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
            fprintf(stderr, "xyl: xyl-blkback did not start (%s)\n", path);
    } else {
        rc = 0;
    }
    free(path);
    return rc;
}

int xyl_vbd_attach(const struct xyl_guest *g, uint32_t domid)
{
    struct xb_vbd *v;
    uint32_t *ids;
    char err[XB_ERR_LEN] = "";
    struct xs_handle *xs;
    int i, n = 0, rc = -1;

    for (i = 0; i < g->n_disks; i++)
        n += g->disks[i].is_xyl_backend;
    if (n == 0)
        return 0;
    v = xcalloc((size_t)n, sizeof(*v));
    ids = xcalloc((size_t)n, sizeof(*ids));
    for (i = 0, n = 0; i < g->n_disks; i++) {
        const struct xyl_disk *dk = &g->disks[i];
        char *abs;

        if (!dk->is_xyl_backend)
            continue;
        /* the daemon has another working directory: give it a full path */
        abs = realpath(dk->target, NULL);
        v[n].domid = domid;
        v[n].vdev = vdev_of(dk);
        v[n].params = abs ? abs : xstrdup(dk->target);
        v[n].readonly = dk->parsed_readonly;
        if (xb_vdev_to_devid(v[n].vdev, &v[n].devid)) {
            fprintf(stderr, "xyl: disk %s: not a Xen virtual device name\n", v[n].vdev);
            n++;
            goto out;
        }
        ids[n] = v[n].devid;
        n++;
    }
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        goto out;
    }
    if (xb_vbd_create(xs, v, n, err, sizeof(err))) {
        fprintf(stderr, "xyl: cannot add the xyl disks: %s\n", err);
    } else if (ensure_daemon() == 0 &&
               xb_wait_backends(xs, domid, ids, n, XenbusStateInitWait, INITWAIT_TIMEOUT_MS,
                                err, sizeof(err)) == 0) {
        rc = 0;
    } else {
        if (err[0])
            fprintf(stderr, "xyl: xyl-blkback: %s\n", err);
        if (xb_vbd_remove_domain(xs, domid, err, sizeof(err)))
            fprintf(stderr, "xyl: %s\n", err);
    }
    xs_close(xs);
out:
    for (i = 0; i < n; i++)
        free((char *)v[i].params);
    free(v);
    free(ids);
    return rc;
}

int xyl_vbd_remove_all(uint32_t domid)
{
    char err[XB_ERR_LEN];
    struct xs_handle *xs = xs_open(0);
    int rc;

    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    rc = xb_vbd_remove_domain(xs, domid, err, sizeof(err));
    if (rc)
        fprintf(stderr, "xyl: %s\n", err);
    xs_close(xs);
    return rc;
}
