/*
 * peek.c - the clone test's eyes inside disk images (libguestfs, read-only):
 * for each IMAGE:FORMAT argument, one line
 *   IMAGE machine-id=<content or -> size=<bytes> dbus=<link:TARGET|file|none>
 * Independent of xyl's own libguestfs code on purpose.
 */
#include <guestfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    guestfs_h *g = guestfs_create();
    int i;

    if (!g || argc < 2)
        return 2;
    for (i = 1; i < argc; i++) {
        char *path = strdup(argv[i]), *fmt = strrchr(path, ':');
        *fmt++ = '\0';
        if (guestfs_add_drive_opts(g, path, GUESTFS_ADD_DRIVE_OPTS_FORMAT, fmt,
                                   GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1))
            return 1;
        free(path);
    }
    if (guestfs_launch(g))
        return 1;
    for (i = 1; i < argc; i++) {
        char dev[16], *mid = NULL, *link = NULL;
        size_t len = 0;
        snprintf(dev, sizeof(dev), "/dev/sd%c", 'a' + i - 1);
        if (guestfs_mount_ro(g, dev, "/"))
            return 1;
        if (guestfs_exists(g, "/etc/machine-id") == 1)
            mid = guestfs_read_file(g, "/etc/machine-id", &len);
        if (guestfs_is_symlink(g, "/var/lib/dbus/machine-id") == 1)
            link = guestfs_readlink(g, "/var/lib/dbus/machine-id");
        printf("%.*s machine-id=%.*s size=%zu dbus=%s%s\n", (int)(strrchr(argv[i], ':') - argv[i]),
               argv[i], mid && len ? (int)strcspn(mid, "\n") : 1, mid && len ? mid : "-", len,
               link ? "link:" : guestfs_exists(g, "/var/lib/dbus/machine-id") == 1 ? "file" : "none",
               link ? link : "");
        free(mid);
        free(link);
        if (guestfs_umount_all(g))
            return 1;
    }
    guestfs_shutdown(g);
    guestfs_close(g);
    return 0;
}
