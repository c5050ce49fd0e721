/*
 * test_disk_delete.c - which disks `xyl destroy --delete-disks` deletes:
 * read-write regular files only, and none when another guest shares one.
 */
#include "unit.h"
#include "images/disk_delete.h"
#include "base/util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[64];

static char *mkfile(const char *name)
{
    char *p = xasprintf("%s/%s", tmp, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

static void disk(libxl_device_disk *d, const char *path, bool rw, bool cdrom)
{
    libxl_device_disk_init(d);
    d->pdev_path = path ? xstrdup(path) : NULL;
    d->readwrite = rw;
    d->is_cdrom = cdrom;
}

static void test_plan(void **state)
{
    libxl_device_disk d[6];
    struct image_list del = { 0 };
    char *a, *iso, *ro, *seed, *shared, *sharedlink, *out = NULL;
    size_t len = 0;
    FILE *f;
    int i;
    (void)state;

    strcpy(tmp, "/tmp/xyl-dd-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    a = mkfile("a.img");
    iso = mkfile("x.iso");
    ro = mkfile("ro.img");
    seed = mkfile("g-cidata.img");
    shared = mkfile("shared.img");
    sharedlink = xasprintf("%s/./shared.img", tmp);    /* another spelling */

    disk(&d[0], a, true, false);
    disk(&d[1], iso, false, true);
    disk(&d[2], ro, false, false);
    disk(&d[3], "/dev/null", true, false);
    disk(&d[4], NULL, false, true);
    disk(&d[5], seed, false, true);     /* cloud_init's seed: made by xyl, goes too */
    f = open_memstream(&out, &len);
    assert_int_equal(disk_delete_plan(d, 6, NULL, 0, &del, f), 0);
    fclose(f);
    assert_int_equal(del.n, 2);
    assert_string_equal(del.paths[0], a);
    assert_string_equal(del.paths[1], seed);
    assert_non_null(strstr(out, "(a CD-ROM)"));
    assert_non_null(strstr(out, "(read-only)"));
    assert_non_null(strstr(out, "/dev/null (a block device"));
    free(out);

    /* deleting removes exactly the planned file */
    assert_int_equal(disk_delete_run(&del, stderr), 0);
    assert_int_equal(access(a, F_OK), -1);
    assert_int_equal(access(iso, F_OK), 0);
    assert_int_equal(access(ro, F_OK), 0);
    image_list_free(&del);

    /* a file shared with another running guest refuses everything */
    {
        struct other_disk o = { "other", 7, sharedlink };
        libxl_device_disk s[2];
        disk(&s[0], ro, true, false);
        disk(&s[1], shared, true, false);
        assert_int_equal(disk_delete_plan(s, 2, &o, 1, &del, stderr), -1);
        assert_int_equal(access(shared, F_OK), 0);
        libxl_device_disk_dispose(&s[0]);
        libxl_device_disk_dispose(&s[1]);
    }
    image_list_free(&del);
    for (i = 0; i < 6; i++)
        libxl_device_disk_dispose(&d[i]);
    unlink(iso);
    unlink(ro);
    unlink(shared);
    rmdir(tmp);
    free(a);
    free(iso);
    free(ro);
    free(seed);
    free(shared);
    free(sharedlink);
}

/* A qcow2 header naming backing (offset 0x200), as qemu-img writes one. */
static char *mkqcow2(const char *name, const char *backing)
{
    unsigned char h[0x200] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 3 };
    char *p = xasprintf("%s/%s", tmp, name);
    size_t n = strlen(backing);
    FILE *f = fopen(p, "wb");

    assert_non_null(f);
    h[8 + 6] = 0x02;                            /* backing_file_offset 0x200 */
    h[16 + 3] = (unsigned char)n;               /* backing_file_size */
    assert_int_equal(fwrite(h, 1, sizeof(h), f), sizeof(h));
    assert_int_equal(fwrite(backing, 1, n, f), n);
    fclose(f);
    return p;
}

/* qcow2 backing chains, symbolic links: the other issue-14 refusals */
static void test_chain_and_link(void **state)
{
    libxl_device_disk s[1];
    struct image_list del = { 0 };
    char *base, *mid, *top, *link, *got, *abs_base;
    struct other_disk o;
    (void)state;

    strcpy(tmp, "/tmp/xyl-dd-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    base = mkfile("base.img");
    mid = mkqcow2("mid.qcow2", "base.img");            /* relative: the overlay's folder */
    abs_base = xasprintf("%s/base.img", tmp);
    top = mkqcow2("top.qcow2", mid);                    /* absolute */

    got = qcow2_backing_file(mid);
    assert_non_null(got);
    assert_string_equal(got, abs_base);
    free(got);
    got = qcow2_backing_file(top);
    assert_string_equal(got, mid);
    free(got);
    assert_null(qcow2_backing_file(base));              /* not qcow2 */
    assert_null(qcow2_backing_file("/nonexistent"));

    /* base.img backs another guest's top.qcow2 two levels down: refused */
    o = (struct other_disk){ "clone", 9, top };
    disk(&s[0], base, true, false);
    assert_int_equal(disk_delete_plan(s, 1, &o, 1, &del, stderr), -1);
    assert_int_equal(del.n, 0);
    libxl_device_disk_dispose(&s[0]);

    /* the overlay itself may go: nobody else uses it */
    disk(&s[0], top, true, false);
    o.path = base;
    assert_int_equal(disk_delete_plan(s, 1, &o, 1, &del, stderr), 0);
    assert_int_equal(del.n, 1);
    image_list_free(&del);
    libxl_device_disk_dispose(&s[0]);

    /* a symbolic link: refused (unlink would remove only the link) */
    link = xasprintf("%s/link.img", tmp);
    assert_int_equal(symlink(base, link), 0);
    disk(&s[0], link, true, false);
    assert_int_equal(disk_delete_plan(s, 1, NULL, 0, &del, stderr), -1);
    assert_int_equal(del.n, 0);
    libxl_device_disk_dispose(&s[0]);

    unlink(link);
    unlink(top);
    unlink(mid);
    unlink(base);
    rmdir(tmp);
    free(link);
    free(top);
    free(mid);
    free(base);
    free(abs_base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_chain_and_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
