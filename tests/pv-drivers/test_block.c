/*
 * test_block.c - xyl-block (issue 18) without Xen: libxl's arguments and
 * hostile xenstore values are checked, and add/remove run against the
 * running kernel's loop driver with xenstore as a table (fake_hpxs.c), a
 * lock folder and a mount table of the test's own: a file bound to a free
 * loop device (read-only for mode r), `node`, `physical-device` (hex) and
 * `physical-device-path` written, connected; a second add harmless;
 * remove unbinding exactly that device, repeatable; a block device's
 * add; the sharing check (a device mounted in dom0, a file or device
 * another VM has read-write) refusing with the script's messages and
 * hotplug-status busy; concurrent adds under the lock getting distinct
 * devices.
 *
 * The kernel part needs root and /dev/loop-control; skipped, and says so
 * loudly, without.  Each of its tests starts from one setup (empty tables,
 * a fresh image) and leaves no loop device bound to that image, even when
 * it fails.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fake_hpxs.h"
#include "pv-drivers/hotplug/block.h"
#include "pv-drivers/hotplug/block_req.h"
#include "pv-drivers/hotplug/hp_lock.h"
#include "pv-drivers/hotplug/loop_dev.h"

/* ---- the environment libxl gives ---- */
static const char *env_path;

static const char *fake_env(const char *name)
{
    return !strcmp(name, "XENBUS_PATH") ? env_path : NULL;
}

static int parse(const char *cmd, const char *path, struct block_req *r, char *why)
{
    char *argv[] = { "xyl-block", (char *)cmd };

    env_path = path;
    return block_req_parse(2, argv, fake_env, r, why, 256);
}

static void test_parse(void **st)
{
    struct block_req r;
    char why[256];

    (void)st;
    assert_int_equal(parse("add", "backend/vbd/3/51712", &r, why), 0);
    assert_int_equal(r.cmd, BLOCK_ADD);
    assert_int_equal(r.domid, 3);
    assert_int_equal(r.devid, 51712);
    assert_string_equal(r.be, "backend/vbd/3/51712");
    assert_string_equal(r.base, "backend/vbd");
    assert_int_equal(parse("remove", "/local/domain/2/backend/vbd/7/768", &r, why), 0);
    assert_int_equal(r.cmd, BLOCK_REMOVE);
    assert_string_equal(r.base, "/local/domain/2/backend/vbd");
    assert_int_equal(r.domid, 7);
}

static void test_parse_hostile(void **st)
{
    static const char *const bad_paths[] = {
        "backend/vif/3/1", "backend/vbd/3", "backend/vbd/x/1", "backend/vbd/3/1/../9",
        "backend/vbd/03/1", "backend/vbd/32752/0", "/local/domain/a/backend/vbd/3/1",
        "backend/vbd/3/99999999999", "../backend/vbd/3/1", "backend/vbd//1", "backend/vbd/3/1/",
        "backend/vbdx/3/1", "/local/domain/1/backend/vbd/3/-1", "",
    };
    char *none[] = { "xyl-block", "XENBUS_PATH=x" };
    struct block_req r;
    char why[256], longp[300];
    size_t i;

    (void)st;
    assert_int_equal(parse("online", "backend/vbd/3/1", &r, why), -1);
    assert_non_null(strstr(why, "Invalid command"));
    env_path = "backend/vbd/3/1";
    assert_int_equal(block_req_parse(2, none, fake_env, &r, why, sizeof(why)), -1);
    for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++)
        assert_int_equal(parse("add", bad_paths[i], &r, why), -1);
    assert_int_equal(parse("add", NULL, &r, why), -1);
    assert_non_null(strstr(why, "XENBUS_PATH"));
    memset(longp, '1', sizeof(longp));
    memcpy(longp, "backend/vbd/1/", 14);
    longp[sizeof(longp) - 1] = '\0';
    assert_int_equal(parse("add", longp, &r, why), -1);
}

static void test_checks(void **st)
{
    char out[PATH_MAX], big[PATH_MAX + 10];
    unsigned n = 99;

    (void)st;
    assert_int_equal(block_mode("r"), 'r');
    assert_int_equal(block_mode("w"), 'w');
    assert_int_equal(block_mode("rw"), 'w');
    assert_int_equal(block_mode("w!"), '!');
    assert_int_equal(block_mode("!"), 'r');
    assert_int_equal(block_mode(""), 'r');
    assert_int_equal(block_mode(NULL), 'r');

    assert_int_equal(block_target("/dev/vg0/web", out, sizeof(out)), 0);
    assert_string_equal(out, "/dev/vg0/web");
    assert_int_equal(block_target("sdb", out, sizeof(out)), 0);
    assert_string_equal(out, "/dev/sdb");
    assert_int_equal(block_target("vg0/web", out, sizeof(out)), -1);
    assert_int_equal(block_target("", out, sizeof(out)), -1);
    assert_int_equal(block_target(NULL, out, sizeof(out)), -1);
    assert_int_equal(block_target(".", out, sizeof(out)), -1);
    assert_int_equal(block_target("..", out, sizeof(out)), -1);
    assert_int_equal(block_target("/img/../etc/shadow", out, sizeof(out)), -1);
    assert_int_equal(block_target("/img/./a", out, sizeof(out)), -1);
    assert_int_equal(block_target("/img/a/..", out, sizeof(out)), -1);
    assert_int_equal(block_target("/img/a..b/.c", out, sizeof(out)), 0);
    assert_int_equal(block_target("/img/a\nb", out, sizeof(out)), -1);
    assert_int_equal(block_target("/img/a\x7f" "b", out, sizeof(out)), -1);  /* a NUL, made DEL */
    assert_int_equal(block_target("/img/a", out, 16), -1);     /* caller's buffer too small */
    memset(big, 'a', sizeof(big));
    big[0] = '/';
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(block_target(big, out, sizeof(out)), -1);

    assert_int_equal(block_loop_node("/dev/loop0", &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(block_loop_node("/dev/loop1048575", &n), 0);
    assert_int_equal(n, 1048575);
    static const char *const bad[] = { "/dev/loop", "/dev/loop01", "/dev/loop1048576",
        "/dev/loop-1", "/dev/loop1x", "/dev/sda", "/dev/loop 1", "dev/loop1", "/dev/loop1/",
        "/dev/loop99999999999" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(block_loop_node(bad[i], &n), -1);
    assert_int_equal(block_loop_node(NULL, &n), -1);
}

/* ---- the host: a lock folder, a mount table, image files ---- */
static char dir[64], lockdir[96], mounts[96];
static struct block_sys sys;
static bool have_loop;

static int host_setup(void **st)
{
    int fd;

    (void)st;
    snprintf(dir, sizeof(dir), "/tmp/test_block.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(lockdir, sizeof(lockdir), "%s/lock", dir);
    snprintf(mounts, sizeof(mounts), "%s/mounts", dir);
    sys.lock_dir = lockdir;
    sys.mounts = mounts;
    fd = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (geteuid() != 0 || fd < 0) {
        fprintf(stderr, "test_block: *** loop device tests SKIPPED: need root and "
                "/dev/loop-control (%s) ***\n", geteuid() != 0 ? "not root" : strerror(errno));
    } else {
        have_loop = true;
    }
    if (fd >= 0)
        close(fd);
    return 0;
}

static int host_teardown(void **st)
{
    char cmd[128];

    (void)st;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void set_mounts(const char *text)
{
    FILE *f = fopen(mounts, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* an image file of 1 MiB in the test's folder; its identity out */
static void image(const char *name, char *path, size_t len, mode_t mode, struct stat *st)
{
    int fd;

    snprintf(path, len, "%s/%s", dir, name);
    unlink(path);
    fd = open(path, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 1 << 20), 0);
    close(fd);
    assert_int_equal(chmod(path, mode), 0);
    assert_int_equal(stat(path, st), 0);
}

/* a vbd backend of domain dom, as libxl leaves it before the script */
static void backend(unsigned dom, unsigned dev, const char *params, const char *mode)
{
    char p[128], v[16];

    snprintf(p, sizeof(p), "backend/vbd/%u/%u/params", dom, dev);
    hpxs_put(p, params);
    snprintf(p, sizeof(p), "backend/vbd/%u/%u/mode", dom, dev);
    hpxs_put(p, mode);
    snprintf(p, sizeof(p), "backend/vbd/%u/%u/frontend-id", dom, dev);
    snprintf(v, sizeof(v), "%u", dom);
    hpxs_put(p, v);
    snprintf(p, sizeof(p), "backend/vbd/%u/%u/state", dom, dev);
    hpxs_put(p, "2");
    snprintf(p, sizeof(p), "/local/domain/%u/vm", dom);
    snprintf(v, sizeof(v), "/vm/%u", dom);
    hpxs_put(p, v);
}

static int run(const char *cmd, unsigned dom, unsigned dev, char *why)
{
    char path[64];
    struct block_req r;

    snprintf(path, sizeof(path), "backend/vbd/%u/%u", dom, dev);
    if (parse(cmd, path, &r, why))
        return -2;
    return block_run(&r, &hpxs_tab, &sys, why, 1024);
}

static const char *node(unsigned dom, unsigned dev, const char *name)
{
    char p[128];

    snprintf(p, sizeof(p), "backend/vbd/%u/%u/%s", dom, dev, name);
    return hpxs_val(p);
}

/* ---- what each kernel test starts from: an empty xenstore table, a
 * mount table with nothing of the test's, and the image disk.img (1 MiB,
 * 0644); whatever a test leaves bound to that image is unbound after it,
 * passed or failed ---- */
struct disk {
    char img[128];
    struct stat st;             /* its identity */
};

static int disk_setup(void **state)
{
    static struct disk d;

    *state = NULL;
    if (!have_loop)
        return 0;               /* disk() skips the test */
    hpxs_reset();
    set_mounts("proc /proc proc rw,nosuid 0 0\n");
    image("disk.img", d.img, sizeof(d.img), 0644, &d.st);
    *state = &d;
    return 0;
}

static int disk_teardown(void **state)
{
    const struct disk *d = *state;
    dev_t found[8];
    int k;

    if (!d)
        return 0;
    /* a loop device's minor is its number (the driver's max_part 0);
     * loop_detach checks the file, so a wrong guess unbinds nothing */
    k = loop_find(d->st.st_dev, d->st.st_ino, found, 8);
    while (k-- > 0)
        (void)loop_detach(minor(found[k]), true, d->st.st_dev, d->st.st_ino);
    return 0;
}

/* the test's disk; the test is skipped without the loop driver */
static const struct disk *disk(void **state)
{
    if (!*state)
        skip();
    return *state;
}

/* how many loop devices are bound to the file st is of */
static int bound_count(const struct stat *st)
{
    dev_t found[4];

    return loop_find(st->st_dev, st->st_ino, found, 4);
}

/* the loop device `node` names is bound to st's file, read-only as ro */
static unsigned bound(unsigned dom, unsigned dev, const struct stat *st, bool ro)
{
    dev_t found[4];
    char p[64], *txt = NULL, mm[24];
    struct stat ls;
    unsigned n;
    size_t cap = 0;
    FILE *f;

    assert_int_equal(block_loop_node(node(dom, dev, "node"), &n), 0);
    assert_int_equal(loop_find(st->st_dev, st->st_ino, found, 4), 1);
    assert_int_equal(stat(node(dom, dev, "node"), &ls), 0);
    assert_true(found[0] == ls.st_rdev);
    snprintf(mm, sizeof(mm), "%x:%x", major(ls.st_rdev), minor(ls.st_rdev));
    assert_string_equal(node(dom, dev, "physical-device"), mm);
    assert_string_equal(node(dom, dev, "physical-device-path"), node(dom, dev, "node"));
    assert_string_equal(node(dom, dev, "hotplug-status"), "connected");
    snprintf(p, sizeof(p), "/sys/block/loop%u/ro", n);
    f = fopen(p, "r");
    assert_non_null(f);
    assert_true(getline(&txt, &cap, f) > 0);
    fclose(f);
    assert_int_equal(atoi(txt), ro ? 1 : 0);
    free(txt);
    return n;
}

static void test_file_add_remove(void **st)
{
    const struct disk *d = disk(st);
    char why[1024], lock[128];
    unsigned n;

    backend(11, 51712, d->img, "w");
    assert_int_equal(run("add", 11, 51712, why), 0);
    n = bound(11, 51712, &d->st, false);
    /* called again (the script's physical-device check): nothing changes */
    assert_int_equal(run("add", 11, 51712, why), 0);
    assert_int_equal(bound_count(&d->st), 1);
    /* remove: that device unbound; again: no error */
    assert_int_equal(run("remove", 11, 51712, why), 0);
    assert_int_equal(bound_count(&d->st), 0);
    assert_int_equal(run("remove", 11, 51712, why), 0);
    assert_string_equal(why, "");
    (void)n;
    /* no lock file left behind */
    snprintf(lock, sizeof(lock), "%s/block", lockdir);
    assert_int_equal(access(lock, F_OK), -1);
}

static void test_file_readonly(void **st)
{
    const struct disk *d = disk(st);
    char why[1024];

    assert_int_equal(chmod(d->img, 0444), 0);
    /* mode r: a read-only loop device */
    backend(12, 768, d->img, "r");
    assert_int_equal(run("add", 12, 768, why), 0);
    bound(12, 768, &d->st, true);
    /* a second reader elsewhere may share it */
    backend(13, 768, d->img, "r");
    assert_int_equal(run("add", 13, 768, why), 0);
    assert_int_equal(run("remove", 13, 768, why), 0);
    /* mode w on a file nobody may write: ebusy */
    backend(14, 768, d->img, "w");
    assert_int_equal(run("add", 14, 768, why), -1);
    assert_int_equal(strncmp(why, "File ", 5), 0);
    assert_non_null(strstr(why, "is read-only, and so I will not\nmount it read-write in a guest domain."));
    assert_string_equal(node(14, 768, "hotplug-status"), "busy");
    assert_string_equal(node(14, 768, "hotplug-error"), why);
    assert_null(node(14, 768, "node"));
    assert_int_equal(run("remove", 12, 768, why), 0);
}

static void test_file_sharing(void **st)
{
    const struct disk *d = disk(st);
    char why[1024], want[1024], mm[24];

    backend(21, 51712, d->img, "w");
    assert_int_equal(run("add", 21, 51712, why), 0);
    snprintf(mm, sizeof(mm), "%s", node(21, 51712, "physical-device"));
    /* another VM, read-only: refused, the script's words */
    backend(22, 51712, d->img, "r");
    assert_int_equal(run("add", 22, 51712, why), -1);
    snprintf(want, sizeof(want), "File %s is loopback-mounted through %s,\nwhich is mounted "
             "read-write in a guest domain,\nand so cannot be mounted read-only now.", d->img, mm);
    assert_string_equal(why, want);
    assert_string_equal(node(22, 51712, "hotplug-status"), "busy");
    /* read-write: refused too */
    backend(23, 51712, d->img, "w");
    assert_int_equal(run("add", 23, 51712, why), -1);
    snprintf(want, sizeof(want), "File %s is loopback-mounted through %s,\nwhich is mounted "
             "in a guest domain,\nand so cannot be mounted now.", d->img, mm);
    assert_string_equal(why, want);
    /* the same VM (another disk of it): allowed; w!: no check */
    hpxs_put("/local/domain/24/vm", "/vm/21");
    backend(24, 51728, d->img, "w");
    hpxs_put("/local/domain/24/vm", "/vm/21");
    assert_int_equal(run("add", 24, 51728, why), 0);
    backend(25, 51712, d->img, "w!");
    assert_int_equal(run("add", 25, 51712, why), 0);
    assert_int_equal(bound_count(&d->st), 3);
    /* each remove frees its own device only */
    assert_int_equal(run("remove", 24, 51728, why), 0);
    assert_int_equal(bound_count(&d->st), 2);
    assert_int_equal(run("remove", 25, 51712, why), 0);
    assert_int_equal(run("remove", 21, 51712, why), 0);
    assert_int_equal(bound_count(&d->st), 0);
}

/* a block device: the loop device of a file the test binds itself */
static void test_phy_and_mounts(void **st)
{
    const struct disk *d = disk(st);
    char why[1024], dev[32], want[1024], mm[24], line[256];
    struct stat ds;
    unsigned n;
    dev_t rdev;
    int fd;

    fd = open(d->img, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(loop_attach(fd, false, d->img, &n, &rdev), 0);
    close(fd);
    snprintf(dev, sizeof(dev), "/dev/loop%u", n);
    assert_int_equal(stat(dev, &ds), 0);
    snprintf(mm, sizeof(mm), "%x:%x", major(ds.st_rdev), minor(ds.st_rdev));

    backend(31, 51712, dev, "w");
    assert_int_equal(run("add", 31, 51712, why), 0);
    assert_string_equal(node(31, 51712, "physical-device"), mm);
    assert_string_equal(node(31, 51712, "physical-device-path"), dev);
    assert_string_equal(node(31, 51712, "hotplug-status"), "connected");
    assert_null(node(31, 51712, "node"));
    /* remove of a block device: nothing unbound */
    assert_int_equal(run("remove", 31, 51712, why), 0);
    assert_int_equal(bound_count(&d->st), 1);
    hpxs_reset();

    /* mounted read-write in dom0: refused for any guest */
    snprintf(line, sizeof(line), "%s /mnt/x ext4 rw,relatime 0 0\n", dev);
    set_mounts(line);
    backend(32, 51712, dev, "r");
    assert_int_equal(run("add", 32, 51712, why), -1);
    snprintf(want, sizeof(want), "Device %s is mounted read-write in the privileged domain,\n"
             "and so cannot be mounted read-only by a guest.", dev);
    assert_string_equal(why, want);
    assert_string_equal(node(32, 51712, "hotplug-status"), "busy");
    /* mounted read-only: a reader may, a writer may not */
    snprintf(line, sizeof(line), "%s /mnt/x ext4 ro,relatime 0 0\n", dev);
    set_mounts(line);
    backend(33, 51712, dev, "r");
    assert_int_equal(run("add", 33, 51712, why), 0);
    backend(34, 51712, dev, "w");
    assert_int_equal(run("add", 34, 51712, why), -1);
    snprintf(want, sizeof(want), "Device %s is mounted in the privileged domain,\n"
             "and so cannot be mounted by a guest.", dev);
    assert_string_equal(why, want);
    /* not mounted, but domain 31 has it read-write: a reader of another VM
     * is refused; the device model of 31 (its target) is not */
    set_mounts("");
    backend(31, 51712, dev, "w");
    hpxs_put("backend/vbd/31/51712/physical-device", mm);
    backend(35, 51712, dev, "r");
    assert_int_equal(run("add", 35, 51712, why), -1);
    snprintf(want, sizeof(want), "Device %s is mounted read-write in a guest domain,\n"
             "and so cannot be mounted read-only now.", dev);
    assert_string_equal(why, want);
    backend(36, 51712, dev, "r");
    hpxs_put("/local/domain/36/target", "31");
    assert_int_equal(run("add", 36, 51712, why), 0);
    /* a symbolic link to it: physical-device-path is the device */
    snprintf(line, sizeof(line), "%s/link", dir);
    unlink(line);
    assert_int_equal(symlink(dev, line), 0);
    backend(37, 51712, line, "w!");
    assert_int_equal(run("add", 37, 51712, why), 0);
    assert_string_equal(node(37, 51712, "physical-device-path"), dev);
    assert_int_equal(loop_detach(n, false, 0, 0), 0);
}

/* hostile or missing nodes: fatal, hotplug-status error, nothing bound */
static void test_hostile_nodes(void **st)
{
    const struct disk *d = disk(st);
    char why[1024];

    backend(41, 768, d->img, "w");
    hpxs_put("backend/vbd/41/768/frontend-id", "41; reboot");
    assert_int_equal(run("add", 41, 768, why), -1);
    assert_non_null(strstr(why, "is not a domain id"));
    assert_string_equal(node(41, 768, "hotplug-status"), "error");
    backend(42, 768, "img/../../etc/shadow", "w");
    assert_int_equal(run("add", 42, 768, why), -1);
    assert_non_null(strstr(why, "not an absolute path"));
    backend(43, 768, "/nonexistent/x.img", "w");
    assert_int_equal(run("add", 43, 768, why), -1);
    assert_string_equal(why, "/nonexistent/x.img does not exist.");
    backend(44, 768, dir, "w");             /* a folder */
    assert_int_equal(run("add", 44, 768, why), -1);
    assert_non_null(strstr(why, "neither a block device nor a file"));
    backend(45, 768, d->img, "w");
    hpxs_put("backend/vbd/45/768/state", "5");  /* closing: a remove races us */
    assert_int_equal(run("add", 45, 768, why), -1);
    assert_non_null(strstr(why, "Path closed or removed during hotplug add: backend/vbd/45/768 state: 5"));
    hpxs_reset();
    hpxs_put("backend/vbd/46/768/mode", "w");
    hpxs_put("backend/vbd/46/768/frontend-id", "46");
    assert_int_equal(run("add", 46, 768, why), -1);
    assert_string_equal(why, "xenstore-read backend/vbd/46/768/params failed.");
    assert_int_equal(bound_count(&d->st), 0);
    /* remove: a node that is no loop device is refused, none is nothing */
    hpxs_put("backend/vbd/47/768/node", "/dev/sda");
    assert_int_equal(run("remove", 47, 768, why), -1);
    assert_non_null(strstr(why, "is not a loop device"));
    assert_int_equal(run("remove", 48, 768, why), 0);
    /* writes failing after the bind: the device is unbound again */
    backend(49, 768, d->img, "w");
    hpxs_fail_writes = 1;
    assert_int_equal(run("add", 49, 768, why), -1);
    assert_non_null(strstr(why, "to xenstore failed"));
    assert_int_equal(bound_count(&d->st), 0);
}

/* remove leaves a device alone that is bound to another file now */
static void test_remove_rebound(void **st)
{
    const struct disk *d = disk(st);
    char b[128], why[1024];
    struct stat sb;
    unsigned n;
    int fd;

    image("rb.img", b, sizeof(b), 0644, &sb);
    backend(51, 768, d->img, "w");
    assert_int_equal(run("add", 51, 768, why), 0);
    n = bound(51, 768, &d->st, false);
    assert_int_equal(loop_detach(n, false, 0, 0), 0);
    fd = open(b, O_RDWR);
    assert_true(fd >= 0);
    /* whatever device b gets: if it is n, remove must not touch it */
    {
        unsigned m;
        dev_t r;
        assert_int_equal(loop_attach(fd, false, b, &m, &r), 0);
        close(fd);
        hpxs_put("backend/vbd/51/768/node", "");
        {
            char nd[32];
            snprintf(nd, sizeof(nd), "/dev/loop%u", m);
            hpxs_put("backend/vbd/51/768/node", nd);
        }
        assert_int_equal(run("remove", 51, 768, why), 0);
        assert_non_null(strstr(why, "bound to another file now: left alone"));
        assert_int_equal(bound_count(&sb), 1);
        assert_int_equal(loop_detach(m, false, 0, 0), 0);
    }
}

/* the lock: a second claimer waits for the first's release */
static void test_lock(void **st)
{
    struct hp_lock l;
    struct timespec t0, t1;
    int p[2], status;
    char c;
    pid_t pid;

    (void)st;
    hpxs_reset();
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct hp_lock h;
        if (hp_lock_claim(&h, lockdir, "block"))
            _exit(1);
        (void)write(p[1], "x", 1);
        usleep(300 * 1000);
        hp_lock_release(&h);
        _exit(0);
    }
    assert_int_equal(read(p[0], &c, 1), 1);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(hp_lock_claim(&l, lockdir, "block"), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    hp_lock_release(&l);
    assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 200);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(p[0]);
    close(p[1]);
}

/* four adds at once (processes, as libxl runs them): four devices */
static void test_concurrent_adds(void **st)
{
    char img[4][128], why[1024], name[32];
    struct stat s[4];
    unsigned seen[4];
    int p[2], i, j, status;

    (void)disk(st);             /* the fresh tables; its image unused */
    assert_int_equal(pipe(p), 0);
    for (i = 0; i < 4; i++) {
        snprintf(name, sizeof(name), "c%d.img", i);
        image(name, img[i], sizeof(img[i]), 0644, &s[i]);
        backend(60 + (unsigned)i, 768, img[i], "w");
    }
    for (i = 0; i < 4; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            unsigned n = 0;
            int e = run("add", 60 + (unsigned)i, 768, why);
            if (!e)
                e = block_loop_node(node(60 + (unsigned)i, 768, "node"), &n);
            if (e)
                fprintf(stderr, "test_block: concurrent add %d: %s\n", i, why);
            unsigned msg[2] = { (unsigned)i, n };
            (void)write(p[1], msg, sizeof(msg));
            _exit(e ? 1 : 0);
        }
    }
    for (i = 0; i < 4; i++) {
        assert_true(wait(&status) > 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    for (i = 0; i < 4; i++) {
        unsigned msg[2];
        assert_int_equal(read(p[0], msg, sizeof(msg)), sizeof(msg));
        assert_true(msg[0] < 4);
        seen[msg[0]] = msg[1];
    }
    for (i = 0; i < 4; i++)
        for (j = i + 1; j < 4; j++)
            assert_true(seen[i] != seen[j]);
    for (i = 0; i < 4; i++) {
        assert_int_equal(bound_count(&s[i]), 1);
        assert_int_equal(loop_detach(seen[i], true, s[i].st_dev, s[i].st_ino), 0);
    }
    close(p[0]);
    close(p[1]);
}

/* a kernel test: on the fresh tables and disk.img, cleaned up after */
#define DISK_TEST(t) cmocka_unit_test_setup_teardown(t, disk_setup, disk_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_hostile),
        cmocka_unit_test(test_checks),
        DISK_TEST(test_file_add_remove),
        DISK_TEST(test_file_readonly),
        DISK_TEST(test_file_sharing),
        DISK_TEST(test_phy_and_mounts),
        DISK_TEST(test_hostile_nodes),
        DISK_TEST(test_remove_rebound),
        cmocka_unit_test(test_lock),
        DISK_TEST(test_concurrent_adds),
    };
    return cmocka_run_group_tests(tests, host_setup, host_teardown);
}
