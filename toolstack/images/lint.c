/*
 * lint.c - folder rules about what guests share on the host: disk images,
 * and the machine ID inside them (clones of one image that kept it collide
 * on D-Bus, in journald and in DHCP client IDs).
 */
#include "images/lint.h"
#include "images/gfs.h"
#include "images/images.h"
#include "base/util.h"

#include <ctype.h>
#include <string.h>
#include <sys/stat.h>

static bool same_image(const char *a, const char *b)
{
    struct stat sa, sb;

    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
               (S_ISREG(sa.st_mode) || S_ISBLK(sa.st_mode));
    return !strcmp(a, b);
}

static bool has_image(const struct xyl_disk *dk)
{
    return dk->parsed_vdev && dk->target && *dk->target;
}

void lint_shared_images(const struct guest_set *set, struct diags *d)
{
    int i, j, a, b;

    for (i = 0; i < set->n; i++) {
        const struct xyl_guest *g = &set->v[i];
        for (a = 0; a < g->n_disks; a++) {
            const struct xyl_disk *x = &g->disks[a];
            bool found = false;
            if (!has_image(x))
                continue;
            for (j = 0; j < i && !found; j++) {
                const struct xyl_guest *h = &set->v[j];
                for (b = 0; b < h->n_disks && !found; b++) {
                    const struct xyl_disk *y = &h->disks[b];
                    if (!has_image(y) || (x->parsed_readonly && y->parsed_readonly) ||
                        !same_image(x->target, y->target))
                        continue;
                    diag_err(d, g->file, x->mark, "image %s is also used by %s:%u (guest %s), "
                             "%s: two guests writing one image corrupt it (give each its own, "
                             "e.g. with xyl clone, or make both access: ro)", x->target,
                             h->file, y->mark.line, h->name ? h->name : "?",
                             !x->parsed_readonly && !y->parsed_readonly ? "read-write in both"
                             : !x->parsed_readonly ? "read-write here" : "read-write there");
                    found = true;
                }
            }
        }
    }
}

static bool valid_id(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return i == 32;
}

void lint_machine_ids(const struct guest_set *set, char *const *ids, const int *disk,
                      struct diags *d)
{
    int i, j;

    for (i = 0; i < set->n; i++) {
        if (!ids[i] || !valid_id(ids[i]))
            continue;
        for (j = 0; j < i; j++) {
            if (!ids[j] || strcmp(ids[i], ids[j]))
                continue;
            diag_err(d, set->v[i].file, set->v[i].disks[disk[i]].mark,
                     "machine ID %s in %s is also in %s's image (%s:%u): empty "
                     "/etc/machine-id in one of them (xyl clone does)", ids[i],
                     set->v[i].disks[disk[i]].target, set->v[j].name ? set->v[j].name : "?",
                     set->v[j].file, set->v[j].disks[disk[j]].mark.line);
            break;
        }
    }
}

/* Guest i's first disk that is an existing image file, or -1. */
static int first_image(const struct xyl_guest *g)
{
    struct stat st;
    int i;

    for (i = 0; i < g->n_disks; i++)
        if (has_image(&g->disks[i]) && !g->disks[i].parsed_cdrom)
            return stat(g->disks[i].target, &st) == 0 && S_ISREG(st.st_mode) ? i : -1;
    return -1;
}

int lint_read_machine_ids(const struct guest_set *set, char **ids, int *disk)
{
    int start = 0;

    while (start < set->n) {        /* one appliance per 26 guests */
        int idx[26], n = 0, i, k, rc = -1;
        struct gfs *g = NULL;

        for (i = start; i < set->n && n < 26; i++) {
            disk[i] = first_image(&set->v[i]);
            if (disk[i] >= 0)
                idx[n++] = i;
        }
        start = i;
        if (n == 0)
            continue;
        g = gfs_open();
        if (!g)
            return -1;
        for (k = 0; k < n; k++) {
            const struct xyl_disk *dk = &set->v[idx[k]].disks[disk[idx[k]]];
            if (gfs_add(g, dk->target, disk_qemu_format(dk), true))
                goto out;
        }
        if (gfs_launch(g))
            goto out;
        for (k = 0; k < n; k++) {
            int m = gfs_mount_root(g, k, true);
            if (m < 0)
                goto out;
            if (m == 0) {
                ids[idx[k]] = gfs_read_machine_id(g);
                if (gfs_umount_all(g))
                    goto out;
            }
        }
        rc = 0;
out:
        gfs_close(g);
        if (rc)
            return -1;
    }
    return 0;
}
