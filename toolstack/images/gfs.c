/*
 * gfs.c - the few libguestfs calls xyl needs, through dlopen().
 *
 * Image contents are hostile: names read from inspection are only used as
 * libguestfs mountables, paths inside the image are fixed strings, symbolic
 * links are replaced rather than followed, and a machine-id is read only
 * after its size is checked.
 */
#include "images/gfs.h"
#include "base/util.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <guestfs.h>

#define GFS_FUNCS(X)                                                          \
    X(guestfs_create) X(guestfs_close) X(guestfs_last_error)                  \
    X(guestfs_set_error_handler) X(guestfs_add_drive_opts) X(guestfs_launch)  \
    X(guestfs_set_backend_settings) X(guestfs_inspect_os)                      \
    X(guestfs_list_filesystems) X(guestfs_mount) X(guestfs_mount_ro)          \
    X(guestfs_umount_all) X(guestfs_is_dir) X(guestfs_is_symlink)              \
    X(guestfs_exists) X(guestfs_truncate) X(guestfs_write) X(guestfs_rm_f)    \
    X(guestfs_ln_sf) X(guestfs_filesize) X(guestfs_read_file)                  \
    X(guestfs_sync) X(guestfs_shutdown)

struct gfs {
    void *dl;
    guestfs_h *h;
    int n_drives;
#define X(f) __typeof__(f) *f;
    GFS_FUNCS(X)
#undef X
};

static void free_strv(char **v)
{
    size_t i;
    for (i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static int fail(struct gfs *g, const char *what, const char *arg)
{
    const char *e = g->guestfs_last_error(g->h);
    fprintf(stderr, "xyl: libguestfs: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "",
            e ? e : "failed");
    return -1;
}

struct gfs *gfs_open(void)
{
    struct gfs *g = xcalloc(1, sizeof(*g));

    g->dl = dlopen("libguestfs.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!g->dl) {
        fprintf(stderr, "xyl: cannot load libguestfs: %s (install Debian's libguestfs0 "
                "and supermin)\n", dlerror());
        free(g);
        return NULL;
    }
#define X(f)                                                                  \
    if (!(*(void **)&g->f = dlsym(g->dl, #f))) {                              \
        fprintf(stderr, "xyl: libguestfs lacks %s (too old?)\n", #f);         \
        goto bad;                                                             \
    }
    GFS_FUNCS(X)
#undef X
    g->h = g->guestfs_create();
    if (!g->h) {
        fprintf(stderr, "xyl: cannot create a libguestfs handle\n");
        goto bad;
    }
    g->guestfs_set_error_handler(g->h, NULL, NULL);    /* xyl says it, once */
    return g;
bad:
    dlclose(g->dl);
    free(g);
    return NULL;
}

int gfs_add(struct gfs *g, const char *path, const char *format, bool readonly)
{
    if (g->guestfs_add_drive_opts(g->h, path, GUESTFS_ADD_DRIVE_OPTS_FORMAT, format,
                                  GUESTFS_ADD_DRIVE_OPTS_READONLY, readonly ? 1 : 0, -1))
        return fail(g, "cannot add", path);
    g->n_drives++;
    return 0;
}

int gfs_launch(struct gfs *g)
{
    const char *set = getenv("LIBGUESTFS_BACKEND_SETTINGS");
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd >= 0) {
        close(fd);
    } else if (!set || !*set) {
        char *tcg[] = { (char *)"force_tcg", NULL };
        if (g->guestfs_set_backend_settings(g->h, tcg))
            return fail(g, "cannot select TCG", NULL);
    }
    if (g->guestfs_launch(g->h))
        return fail(g, "cannot start the appliance", "(LIBGUESTFS_DEBUG=1 shows why)");
    return 0;
}

/* "/dev/sdb", "/dev/sdb1", ... belong to drive 1 (at most 26 drives). */
static bool on_drive(const char *dev, int drive)
{
    char prefix[16];
    size_t l;

    snprintf(prefix, sizeof(prefix), "/dev/sd%c", 'a' + drive);
    l = strlen(prefix);
    return !strncmp(dev, prefix, l) && (dev[l] == '\0' || (dev[l] >= '0' && dev[l] <= '9'));
}

static int try_mount(struct gfs *g, const char *dev, bool ro)
{
    return ro ? g->guestfs_mount_ro(g->h, dev, "/") : g->guestfs_mount(g->h, dev, "/");
}

int gfs_mount_root(struct gfs *g, int drive, bool ro)
{
    char **roots, **fs;
    int i, rc = 1;

    if (drive < 0 || drive >= 26 || drive >= g->n_drives)
        return 1;
    roots = g->guestfs_inspect_os(g->h);
    for (i = 0; roots && roots[i] && rc == 1; i++)
        if (on_drive(roots[i], drive)) {
            if (try_mount(g, roots[i], ro))
                rc = fail(g, "cannot mount", roots[i]);
            else
                rc = 0;
        }
    free_strv(roots);
    if (rc != 1)
        return rc;
    /* no OS libguestfs recognises: a filesystem of that image with /etc */
    fs = g->guestfs_list_filesystems(g->h);
    for (i = 0; fs && fs[i] && fs[i + 1] && rc == 1; i += 2) {
        if (!on_drive(fs[i], drive) || try_mount(g, fs[i], ro))
            continue;
        if (g->guestfs_is_dir(g->h, "/etc") == 1)
            rc = 0;
        else
            g->guestfs_umount_all(g->h);
    }
    free_strv(fs);
    return rc;
}

int gfs_umount_all(struct gfs *g)
{
    return g->guestfs_umount_all(g->h) ? fail(g, "cannot unmount", NULL) : 0;
}

int gfs_reset_machine_id(struct gfs *g, const char *what, FILE *out)
{
    static const char mid[] = "/etc/machine-id", dbus[] = "/var/lib/dbus/machine-id";

    if (g->guestfs_is_symlink(g->h, mid) == 1) {
        /* never follow a link the image chose: replace it by an empty file */
        if (g->guestfs_rm_f(g->h, mid) || g->guestfs_write(g->h, mid, "", 0))
            return fail(g, "cannot replace", mid);
        fprintf(out, "%s: replaced the link %s by an empty file\n", what, mid);
    } else if (g->guestfs_exists(g->h, mid) == 1) {
        if (g->guestfs_truncate(g->h, mid))
            return fail(g, "cannot empty", mid);
        fprintf(out, "%s: emptied %s (systemd makes a new one at first boot)\n", what, mid);
    } else {
        fprintf(out, "%s: no %s (systemd makes one at first boot)\n", what, mid);
    }
    if (g->guestfs_is_symlink(g->h, dbus) == 1 || g->guestfs_exists(g->h, dbus) == 1) {
        if (g->guestfs_rm_f(g->h, dbus) || g->guestfs_ln_sf(g->h, mid, dbus))
            return fail(g, "cannot relink", dbus);
        fprintf(out, "%s: %s is now a link to %s\n", what, dbus, mid);
    }
    if (g->guestfs_sync(g->h))
        return fail(g, "cannot sync", NULL);
    return 0;
}

char *gfs_read_machine_id(struct gfs *g)
{
    static const char mid[] = "/etc/machine-id";
    char *buf, *p;
    size_t len = 0;
    int64_t size;

    if (g->guestfs_is_symlink(g->h, mid) == 1 || g->guestfs_exists(g->h, mid) != 1)
        return xstrdup("");
    size = g->guestfs_filesize(g->h, mid);
    if (size < 0) {
        fail(g, "cannot read", mid);
        return NULL;
    }
    if (size > 64) {            /* 32 hex digits and a newline */
        fprintf(stderr, "xyl: %s in the image is %lld bytes, not a machine ID\n", mid,
                (long long)size);
        return NULL;
    }
    buf = g->guestfs_read_file(g->h, mid, &len);
    if (!buf) {
        fail(g, "cannot read", mid);
        return NULL;
    }
    p = xstrndup(buf, len);
    free(buf);
    p[strcspn(p, "\r\n")] = '\0';
    return p;
}

int gfs_shutdown(struct gfs *g)
{
    return g->guestfs_shutdown(g->h) ? fail(g, "the appliance failed while writing", NULL) : 0;
}

void gfs_close(struct gfs *g)
{
    if (!g)
        return;
    g->guestfs_close(g->h);
    dlclose(g->dl);
    free(g);
}
