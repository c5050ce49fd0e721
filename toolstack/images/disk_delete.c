/*
 * disk_delete.c - the images `xyl destroy --delete-disks` may delete.
 *
 * The plan is made before the domain is destroyed (its configuration is
 * still there to read, and a refusal leaves the guest running); the files
 * are deleted only after libxl has destroyed it.  Files are compared by
 * device and inode, so two spellings of one path are the same file.
 */
#include "images/disk_delete.h"
#include "base/util.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

int disk_delete_plan(const libxl_device_disk *disks, int n, const struct other_disk *others,
                     int n_others, struct image_list *del, FILE *out)
{
    int i, j;

    for (i = 0; i < n; i++) {
        const libxl_device_disk *dk = &disks[i];
        const char *p = dk->pdev_path;
        struct stat st;

        if (!p || !*p)
            continue;                   /* an empty CD-ROM drive */
        if (!dk->readwrite || dk->is_cdrom) {
            fprintf(out, "keeping %s (%s)\n", p, dk->is_cdrom ? "a CD-ROM" : "read-only");
            continue;
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
            if (same_file(&st, others[j].path)) {
                fprintf(stderr, "xyl: refusing --delete-disks: %s is also used by guest %s "
                        "(ID %u); nothing was destroyed (stop that guest first, or destroy "
                        "without --delete-disks)\n", p, others[j].guest, others[j].domid);
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

int disk_delete_plan_domain(libxl_ctx *ctx, uint32_t domid, struct image_list *del, FILE *out)
{
    libxl_domain_config dc;
    libxl_dominfo *info;
    struct other_disk *others = NULL;
    libxl_device_disk **lists = NULL;
    int *counts = NULL, n_info = 0, n_others = 0, alloc = 0, i, j, rc = -1;

    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc, NULL)) {
        fprintf(stderr, "xyl: cannot read domain %u's disks from libxl; nothing was destroyed\n", domid);
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
        if (info[i].domid == domid)
            continue;
        lists[i] = libxl_device_disk_list(ctx, info[i].domid, &counts[i]);
        for (j = 0; lists[i] && j < counts[i]; j++) {
            ALLOC_GROW(others, n_others, alloc);
            others[n_others].guest = NULL;
            others[n_others].domid = info[i].domid;
            others[n_others++].path = lists[i][j].pdev_path;
        }
    }
    for (i = 0; i < n_others; i++) {
        char *name = libxl_domid_to_name(ctx, others[i].domid);
        others[i].guest = name ? name : xstrdup("(unnamed)");
    }
    rc = disk_delete_plan(dc.disks, dc.num_disks, others, n_others, del, out);
    for (i = 0; i < n_others; i++)
        free((char *)others[i].guest);
    for (i = 0; i < n_info; i++)
        if (lists[i])
            libxl_device_disk_list_free(lists[i], counts[i]);
    libxl_dominfo_list_free(info, n_info);
out:
    free(others);
    free(lists);
    free(counts);
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
