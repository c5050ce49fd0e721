/*
 * images.c - disk images that xyl creates for disks with 'size'.
 *
 * raw images are sparse: ftruncate() on a file opened O_CREAT|O_EXCL, so no
 * existing file can ever be truncated.  qcow2 images are made by Debian's
 * qemu-img (qemu-utils), run with an argv and no shell, into a file this
 * process claimed the same way first (qemu-img itself would overwrite),
 * through /proc/self/fd/N: never by its name, which could be swapped for a
 * symlink meanwhile.
 */
#include "images/images.h"
#include "images/cloudinit.h"
#include "xen/libxl_map.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void format_size(uint64_t size, char out[32])
{
    static const char units[] = "KMGT";
    int u = -1;

    while (u < 3 && size && size % 1024 == 0) {
        size /= 1024;
        u++;
    }
    if (u < 0)
        snprintf(out, 32, "%" PRIu64, size);
    else
        snprintf(out, 32, "%" PRIu64 "%c", size, units[u]);
}

static int run(char *const argv[], const char *package, int quiet)
{
    int status;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xyl: cannot run %s: fork: %s\n", argv[0], strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int null = quiet ? open("/dev/null", O_WRONLY) : -1;
        if (null >= 0)          /* its banner; errors still go to stderr */
            dup2(null, STDOUT_FILENO);
        execvp(argv[0], argv);
        fprintf(stderr, "xyl: cannot run %s: %s%s%s%s\n", argv[0], strerror(errno),
                package ? " (install Debian's " : "", package ? package : "",
                package ? ")" : "");
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "xyl: waiting for %s: %s\n", argv[0], strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
        fprintf(stderr, "xyl: %s failed (%s %d; see its message above)\n", argv[0],
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return -1;
}

int run_program(char *const argv[], const char *package)
{
    return run(argv, package, 0);
}

int run_program_quiet(char *const argv[], const char *package)
{
    return run(argv, package, 1);
}

static const char *qemu_img(void)
{
    const char *p = getenv("XYL_QEMU_IMG");
    return p && *p ? p : "qemu-img";
}

/* The folder that will hold path must exist and be writable. */
static int check_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash && slash != path ? xstrndup(path, (size_t)(slash - path)) : xstrdup("/");
    struct stat st;
    int rc = -1;

    if (stat(dir, &st) != 0)
        fprintf(stderr, "xyl: cannot create %s: folder %s: %s (create it, or set 'images:' in %s)\n",
                path, dir, strerror(errno), "/etc/xyl/xyl.yaml");
    else if (!S_ISDIR(st.st_mode))
        fprintf(stderr, "xyl: cannot create %s: %s is not a folder\n", path, dir);
    else if (access(dir, W_OK | X_OK) != 0)
        fprintf(stderr, "xyl: cannot create %s: folder %s is not writable: %s "
                "(run as root or fix its permissions)\n", path, dir, strerror(errno));
    else
        rc = 0;
    free(dir);
    return rc;
}

/* Whether path still names the file open on fd (not swapped for another
 * file or a symlink). */
static bool same_file(int fd, const char *path)
{
    struct stat a, b;

    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* qemu-img writes the qcow2 image into the file claimed on fd: it gets
 * /proc/self/fd/N (its inherited copy of fd), never the name, so a name
 * swapped for a symlink meanwhile is not followed; a swapped name fails. */
static int qcow2_into_fd(int fd, const char *path, uint64_t size, const char *backing,
                         const char *backing_fmt)
{
    const char *argv[12];
    char sz[32], target[32];
    int n = 0;

    if (backing && backing[0] != '/') {
        /* qemu-img would resolve it against /proc/self/fd */
        fprintf(stderr, "xyl: cannot create %s: its backing file %s is not an absolute path\n",
                path, backing);
        return -1;
    }
    if (fcntl(fd, F_SETFD, 0)) {        /* qemu-img inherits it */
        fprintf(stderr, "xyl: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
    format_size(size, sz);
    argv[n++] = qemu_img();
    argv[n++] = "create";
    argv[n++] = "-q";
    argv[n++] = "-f";
    argv[n++] = "qcow2";
    if (backing) {
        argv[n++] = "-F";
        argv[n++] = backing_fmt;
        argv[n++] = "-b";
        argv[n++] = backing;
    }
    argv[n++] = target;
    if (size)
        argv[n++] = sz;
    argv[n] = NULL;
    if (run_program((char *const *)argv, "qemu-utils"))
        return -1;
    if (!same_file(fd, path)) {
        fprintf(stderr, "xyl: cannot create %s: it was replaced while qemu-img ran; "
                "left as it is\n", path);
        return -1;
    }
    return 0;
}

int image_create(const char *path, const char *format, uint64_t size,
                 const char *backing, const char *backing_fmt)
{
    bool raw = !strcmp(format, "raw");
    int fd;

    if (!raw && strcmp(format, "qcow2")) {
        fprintf(stderr, "xyl: cannot create %s: xyl creates raw and qcow2 images only, not %s\n",
                path, format);
        return -1;
    }
    if (check_folder(path))
        return -1;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot create %s: %s%s\n", path, strerror(errno),
                errno == EEXIST ? " (it appeared meanwhile; it is left as it is)" : "");
        return -1;
    }
    if (raw) {
        int e = ftruncate(fd, (off_t)size) ? errno : 0;
        if (close(fd) && !e)
            e = errno;
        if (!e)
            return 0;
        fprintf(stderr, "xyl: cannot size %s to %" PRIu64 " bytes: %s\n", path, size, strerror(e));
        unlink(path);
        return -1;
    }
    if (qcow2_into_fd(fd, path, size, backing, backing_fmt) == 0) {
        close(fd);
        return 0;
    }
    if (same_file(fd, path))
        unlink(path);           /* ours: no half-made image stays; else not ours */
    close(fd);
    return -1;
}

/* Whether a path has a ".." component (which could leave the folder it is
 * resolved against). */
static bool has_dotdot(const char *p)
{
    while (*p) {
        size_t n = strcspn(p, "/");

        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n;
        p += *p == '/';
    }
    return false;
}

int images_resolve(struct xyl_guest *g, const char *dir, struct diags *d)
{
    size_t before = d->errors;
    int i;

    for (i = 0; i < g->n_disks; i++) {
        struct xyl_disk *dk = &g->disks[i];
        char *full, *tail;

        if (!dk->spec || !dk->target || !*dk->target || dk->target[0] == '/')
            continue;
        if (strstr(dk->spec, "script="))
            continue;       /* a block script's argument (a DRBD resource, an iSCSI IQN), not a file */
        if (dk->from_string) {
            diag_err(d, g->file, dk->mark, "disk target '%s' is relative: in an xl disk spec "
                     "string write an absolute path, or use the mapping form", dk->target);
            continue;
        }
        if (has_dotdot(dk->target)) {
            diag_err(d, g->file, dk->mark, "disk target '%s' has a '..' component: a relative "
                     "target names a file inside the images folder (write an absolute path "
                     "for one elsewhere)", dk->target);
            continue;
        }
        /* the mapping form's spec ends with ", target=<target>" (schema_items.c) */
        tail = strstr(dk->spec, ", target=");
        while (tail && strcmp(tail + 9, dk->target))
            tail = strstr(tail + 1, ", target=");
        if (!tail)
            continue;       /* cannot happen: the spec was built from target */
        full = xasprintf("%s/%s", dir, dk->target);
        *tail = '\0';
        tail = xasprintf("%s, target=%s", dk->spec, full);
        free(dk->spec);
        dk->spec = tail;
        free(dk->target);
        dk->target = full;
    }
    return (int)(d->errors - before);
}

static void list_add(struct image_list *l, const char *path)
{
    ALLOC_GROW(l->paths, l->n, l->alloc);
    l->paths[l->n++] = xstrdup(path);
}

int images_create_missing(const struct xyl_guest *g, bool dry, FILE *out,
                          struct image_list *created)
{
    struct image_list mine = { 0 };
    int i, j;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *dk = &g->disks[i];
        const char *fmt = dk->format_idx == 2 ? "qcow2" : "raw";
        struct stat st;
        char sz[32];

        if (dk->is_seed) {      /* cloud_init: made anew every time */
            if (dry) {
                fprintf(out, "would make %s (cloud-init seed, vfat %s)\n", dk->target,
                        CLOUDINIT_LABEL);
                continue;
            }
            if (cloudinit_guest_seed_make(g, dk->target))
                goto fail;
            list_add(&mine, dk->target);
            fprintf(out, "made %s (cloud-init seed)\n", dk->target);
            fflush(out);    /* before a failed start's messages on stderr */
            continue;
        }
        if (!dk->size_bytes || !dk->target || !*dk->target)
            continue;
        if (lstat(dk->target, &st) == 0)
            continue;       /* exists: never touched, whatever its size */
        if (errno != ENOENT && errno != ENOTDIR) {
            fprintf(stderr, "xyl: cannot check disk image %s: %s\n", dk->target, strerror(errno));
            goto fail;
        }
        format_size(dk->size_bytes, sz);
        if (dry) {
            fprintf(out, "would create %s (%s%s, %s)\n", dk->target, fmt,
                    dk->format_idx == 2 ? "" : ", sparse", sz);
            continue;
        }
        if (image_create(dk->target, fmt, dk->size_bytes, NULL, NULL))
            goto fail;
        list_add(&mine, dk->target);
        fprintf(out, "created %s (%s%s, %s)\n", dk->target, fmt,
                dk->format_idx == 2 ? "" : ", sparse", sz);
        fflush(out);
    }
    for (j = 0; j < mine.n; j++)
        list_add(created, mine.paths[j]);
    image_list_free(&mine);
    return 0;
fail:
    images_rollback(&mine, out);
    image_list_free(&mine);
    return -1;
}

void images_rollback(struct image_list *l, FILE *out)
{
    int i;

    for (i = l->n - 1; i >= 0; i--) {
        if (unlink(l->paths[i]) == 0)
            fprintf(out, "removed %s (created by this run)\n", l->paths[i]);
        else if (errno != ENOENT)
            fprintf(stderr, "xyl: cannot remove %s: %s\n", l->paths[i], strerror(errno));
    }
}

void image_list_free(struct image_list *l)
{
    int i;

    for (i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof(*l));
}

const char *disk_qemu_format(const struct xyl_disk *dk)
{
    libxl_device_disk disk;
    const char *f = "raw";

    if (disk_to_libxl(dk, &disk) == 0) {
        switch (disk.format) {
        case LIBXL_DISK_FORMAT_QCOW: f = "qcow"; break;
        case LIBXL_DISK_FORMAT_QCOW2: f = "qcow2"; break;
        case LIBXL_DISK_FORMAT_VHD: f = "vpc"; break;
        case LIBXL_DISK_FORMAT_QED: f = "qed"; break;
        default: break;
        }
    }
    libxl_device_disk_dispose(&disk);
    return f;
}
