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
    libxl_device_disk d[5];
    struct image_list del = { 0 };
    char *a, *iso, *ro, *shared, *sharedlink, *out = NULL;
    size_t len = 0;
    FILE *f;
    int i;
    (void)state;

    strcpy(tmp, "/tmp/xyl-dd-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    a = mkfile("a.img");
    iso = mkfile("x.iso");
    ro = mkfile("ro.img");
    shared = mkfile("shared.img");
    sharedlink = xasprintf("%s/./shared.img", tmp);    /* another spelling */

    disk(&d[0], a, true, false);
    disk(&d[1], iso, false, true);
    disk(&d[2], ro, false, false);
    disk(&d[3], "/dev/null", true, false);
    disk(&d[4], NULL, false, true);
    f = open_memstream(&out, &len);
    assert_int_equal(disk_delete_plan(d, 5, NULL, 0, &del, f), 0);
    fclose(f);
    assert_int_equal(del.n, 1);
    assert_string_equal(del.paths[0], a);
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
    for (i = 0; i < 5; i++)
        libxl_device_disk_dispose(&d[i]);
    unlink(iso);
    unlink(ro);
    unlink(shared);
    rmdir(tmp);
    free(a);
    free(iso);
    free(ro);
    free(shared);
    free(sharedlink);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
