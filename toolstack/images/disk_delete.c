/*
 * disk_delete.c - the images `xyl destroy --delete-disks` may delete.
 *
 * The plan is made before the domain is destroyed (its configuration is
 * still there to read, and a refusal leaves the guest running); the files
 * are deleted only after libxl has destroyed it.  Files are compared by
 * device and inode, so two spellings of one path are the same file.  The
 * other guests' disks are libxl's and xyl's (xyl-vbd nodes), each with its
 * qcow2 backing chain (read from the qcow2 header); the guest's own xyl
 * disks are deleted too.  A symbolic link is refused (unlink would remove
 * only the link).
 */
#include "images/disk_delete.h"
#include "base/util.h"
#include "pv-drivers/xenbus/xb_dev.h"

#include <libxl_utils.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* qcow2's header: magic "QFI\xfb", then big-endian version (u32),
 * backing_file_offset (u64) and backing_file_size (u32); a name is at
 * most 1023 bytes (the qcow2 specification). */
#define QCOW2_NAME_MAX 1023

static uint64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

char *qcow2_backing_file(const char *path)
{
    unsigned char h[20];
    char name[QCOW2_NAME_MAX + 1], *dir, *slash, *out;
    uint64_t off;
    uint32_t len;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0)
        return NULL;
    if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h, "QFI\xfb", 4)) {
        close(fd);
        return NULL;
    }
    off = be(h + 8, 8);
    len = (uint32_t)be(h + 16, 4);
    if (!off || !len || len > QCOW2_NAME_MAX || off > (uint64_t)INT64_MAX ||
        pread(fd, name, len, (off_t)off) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    name[len] = '\0';
    if (name[0] == '/' || !(slash = strrchr(path, '/')))
        return xstrdup(name);
    /* relative: to the overlay's folder, as qemu takes it */
    dir = xstrndup(path, (size_t)(slash - path));
    out = xasprintf("%s/%s", dir, name);
    free(dir);
    return out;
}

/* qcow2 chains longer than this are not made by xyl clone (nor by anyone sane) */
#define CHAIN_MAX 16

/* Is st the file path, or a file in path's qcow2 backing chain? *via is
 * set to the chain member that matched when it is not path itself. */
static bool uses(const struct stat *st, const char *path, char **via)
{
    char *p = xstrdup(path), *next;
    int depth;
    bool hit = false;

    *via = NULL;
    for (depth = 0; p && depth < CHAIN_MAX && !hit; depth++) {
        if (same_file(st, p)) {
            hit = true;
            if (depth)
                *via = xstrdup(path);
            break;
        }
        next = qcow2_backing_file(p);
        free(p);
        p = next;
    }
    free(p);
    return hit;
}

int disk_delete_plan(const libxl_device_disk *disks, int n, const struct other_disk *others,
                     int n_others, struct image_list *del, FILE *out)
{
    char target[PATH_MAX], *via;
    ssize_t tl;
    int i, j;

    for (i = 0; i < n; i++) {
        const libxl_device_disk *dk = &disks[i];
        const char *p = dk->pdev_path;
        struct stat st;

        if (!p || !*p)
            continue;                   /* an empty CD-ROM drive */
        /* cloud_init's seed is read-only (a CD on HVM) but made by xyl: it goes */
        if ((!dk->readwrite || dk->is_cdrom) && !str_ends_with(p, "-cidata.img")) {
            fprintf(out, "keeping %s (%s)\n", p, dk->is_cdrom ? "a CD-ROM" : "read-only");
            continue;
        }
        if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
            /* unlink would remove the link only, and say "deleted" */
            tl = readlink(p, target, sizeof(target) - 1);
            target[tl > 0 ? tl : 0] = '\0';
            fprintf(stderr, "xyl: refusing --delete-disks: %s is a symbolic link (to %s); "
                    "nothing was destroyed (delete the image it points to yourself)\n", p,
                    tl > 0 ? target : "?");
            return -1;
        }
        if (stat(p, &st) != 0) {
            fprintf(out, "keeping %s (%s)\n", p, strerror(errno));
            continue;
        }
        if (!S_ISREG(st.st_mode) || !strncmp(p, "/dev/", 5)) {
            fprintf(out, "keeping %s (a block device, not an image file)\n", p);
            continue;
        }
        for (j = 0; j < n_others; j++) {
            if (uses(&st, others[j].path, &via)) {
                fprintf(stderr, "xyl: refusing --delete-disks: %s is %s guest %s "
                        "(ID %u)%s%s; nothing was destroyed (stop that guest first, or destroy "
                        "without --delete-disks)\n", p,
                        via ? "the qcow2 backing file of a disk of" : "also used by",
                        others[j].guest, others[j].domid, via ? ": " : "", via ? via : "");
                free(via);
                return -1;
            }
        }
        for (j = 0; j < del->n && strcmp(del->paths[j], p); j++)
            ;
        if (j == del->n) {
            ALLOC_GROW(del->paths, del->n, del->alloc);
            del->paths[del->n++] = xstrdup(p);
        }
    }
    return 0;
}

/* The `backend: xyl` disks of domid (xyl's own xenstore nodes: params and
 * mode), appended to *v as libxl_device_disks (pdev_path, readwrite). */
static void xyl_disks_of(struct xs_handle *xs, uint32_t domid, libxl_device_disk **v, int *n)
{
    char dir[XB_PATH_MAX], *params, *mode;
    uint32_t *ids;
    int k = 0, i;

    ids = xs ? xb_dev_list(xs, &xb_kind_vbd, domid, &k) : NULL;
    for (i = 0; i < k; i++) {
        xb_dev_backend_path(&xb_kind_vbd, dir, sizeof(dir), domid, ids[i]);
        params = xb_read(xs, XBT_NULL, dir, "params", NULL);
        mode = xb_read(xs, XBT_NULL, dir, "mode", NULL);
        if (params) {
            *v = xrealloc(*v, (size_t)(*n + 1) * sizeof(**v));
            libxl_device_disk_init(&(*v)[*n]);
            (*v)[*n].pdev_path = params;
            (*v)[*n].readwrite = mode && !strcmp(mode, "w");
            (*n)++;
        }
        free(mode);
    }
    free(ids);
}

int disk_delete_plan_domain(libxl_ctx *ctx, uint32_t domid, struct image_list *del, FILE *out)
{
    libxl_domain_config dc;
    libxl_dominfo *info;
    struct other_disk *others = NULL;
    libxl_device_disk **lists = NULL, *xother = NULL, *mine = NULL;
    struct xs_handle *xs;
    int *counts = NULL, n_info = 0, n_others = 0, alloc = 0, n_xother = 0, n_mine = 0;
    uint32_t *xowner = NULL;
    int i, j, rc = -1;

    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc, NULL)) {
        fprintf(stderr, "xyl: cannot read domain %u's disks from libxl; nothing was destroyed\n", domid);
        libxl_domain_config_dispose(&dc);
        return -1;
    }
    if (!(xs = xs_open(0))) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s; nothing was destroyed\n", strerror(errno));
        libxl_domain_config_dispose(&dc);
        return -1;
    }
    info = libxl_list_domain(ctx, &n_info);
    if (!info) {
        fprintf(stderr, "xyl: cannot list the running guests; nothing was destroyed\n");
        goto out;
    }
    lists = xcalloc((size_t)n_info + 1, sizeof(*lists));
    counts = xcalloc((size_t)n_info + 1, sizeof(*counts));
    for (i = 0; i < n_info; i++) {
        int before = n_xother;

        if (info[i].domid == domid)
            continue;
        lists[i] = libxl_device_disk_list(ctx, info[i].domid, &counts[i]);
        for (j = 0; lists[i] && j < counts[i]; j++) {
            ALLOC_GROW(others, n_others, alloc);
            others[n_others].guest = NULL;
            others[n_others].domid = info[i].domid;
            others[n_others++].path = lists[i][j].pdev_path;
        }
        /* and the disks xyl-blkback serves it, which libxl never knew */
        xyl_disks_of(xs, info[i].domid, &xother, &n_xother);
        xowner = xrealloc(xowner, (size_t)(n_xother + 1) * sizeof(*xowner));
        for (j = before; j < n_xother; j++)
            xowner[j] = info[i].domid;
    }
    for (j = 0; j < n_xother; j++) {
        ALLOC_GROW(others, n_others, alloc);
        others[n_others].guest = NULL;
        others[n_others].domid = xowner[j];
        others[n_others++].path = xother[j].pdev_path;
    }
    for (i = 0; i < n_others; i++) {
        char *name = libxl_domid_to_name(ctx, others[i].domid);
        others[i].guest = name ? name : xstrdup("(unnamed)");
    }
    /* the guest's own disks: libxl's and its xyl disks */
    mine = xcalloc((size_t)dc.num_disks + 1, sizeof(*mine));
    for (i = 0; i < dc.num_disks; i++) {
        libxl_device_disk_init(&mine[n_mine]);
        libxl_device_disk_copy(ctx, &mine[n_mine++], &dc.disks[i]);
    }
    xyl_disks_of(xs, domid, &mine, &n_mine);
    rc = disk_delete_plan(mine, n_mine, others, n_others, del, out);
    for (i = 0; i < n_others; i++)
        free((char *)others[i].guest);
    for (i = 0; i < n_info; i++)
        if (lists[i])
            libxl_device_disk_list_free(lists[i], counts[i]);
    libxl_dominfo_list_free(info, n_info);
out:
    for (i = 0; i < n_mine; i++)
        libxl_device_disk_dispose(&mine[i]);
    for (i = 0; i < n_xother; i++)
        libxl_device_disk_dispose(&xother[i]);
    free(mine);
    free(xother);
    free(xowner);
    free(others);
    free(lists);
    free(counts);
    xs_close(xs);
    libxl_domain_config_dispose(&dc);
    return rc;
}

int disk_delete_run(const struct image_list *del, FILE *out)
{
    int i, rc = 0;

    for (i = 0; i < del->n; i++) {
        if (unlink(del->paths[i]) == 0) {
            fprintf(out, "deleted %s\n", del->paths[i]);
        } else {
            fprintf(stderr, "xyl: cannot delete %s: %s\n", del->paths[i], strerror(errno));
            rc = -1;
        }
    }
    return rc;
}
