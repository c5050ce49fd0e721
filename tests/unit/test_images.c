/*
 * test_images.c - disk images for disks with 'size' (images.c) and the host
 * configuration that names their folder (host_config.c), in temp folders.
 */
#include "unit.h"
#include "host/host_config.h"
#include "images/images.h"
#include "images/image_grow.h"
#include "base/util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[64];

static int setup(void **state)
{
    (void)state;
    strcpy(tmp, "/tmp/xyl-img-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rm_tmpdir(tmp);
}

/* A guest whose disks are the given YAML items, relative targets resolved
 * against tmp. */
static void guest_with(struct xyl_guest *g, const char *disks)
{
    struct diags d = { 0 };
    char *y = xasprintf("name: t\ntype: pvh\nmemory: 256M\nkernel: /k\ndisks:\n%s", disks);

    assert_int_equal(load(g, &d, y), 0);
    assert_int_equal(images_resolve(g, tmp, &d), 0);
    diags_free(&d);
    free(y);
}

static char *in_tmp(const char *name)
{
    return xasprintf("%s/%s", tmp, name);
}

static void test_raw_created_sparse(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    struct stat st;
    char *p = in_tmp("a.img");
    (void)state;

    guest_with(&g, "  - { target: a.img, vdev: xvda, size: 4G }\n");
    assert_string_equal(g.disks[0].target, p);
    assert_non_null(strstr(g.disks[0].spec, p));        /* libxl sees the full path */
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.paths[0], p);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 4LL << 30);
    assert_true(st.st_blocks < 64);                     /* sparse */
    assert_int_equal(st.st_mode & 0777, 0600);
    image_list_free(&l);
    guest_free(&g);
    free(p);
}

static void test_qcow2_created(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    char magic[4] = "", *p = in_tmp("b.qcow2");
    int fd;
    (void)state;

    guest_with(&g, "  - { target: b.qcow2, vdev: xvda, size: 64M, format: qcow2 }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(read(fd, magic, 4), 4);
    close(fd);
    assert_memory_equal(magic, "QFI\xfb", 4);
    image_list_free(&l);
    guest_free(&g);
    free(p);
}

/* qemu-img runs after the name was claimed: if the name is swapped for a
 * symlink meanwhile (someone with write access to the folder), qemu-img
 * must not write through it.  The fake qemu-img here does the swap, then
 * writes to the name it was given. */
static void test_qcow2_claimed_name_swapped(void **state)
{
    char *p = in_tmp("c.qcow2"), *victim = in_tmp("victim"), *fake = in_tmp("qemu-img");
    char buf[16] = "";
    FILE *f;
    int fd;
    (void)state;

    f = fopen(fake, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\neval \"img=\\${$(($# - 1))}\"\n"
            "rm -f '%s' && ln -s '%s' '%s'\nprintf 'QFI' > \"$img\"\n", p, victim, p);
    fclose(f);
    assert_int_equal(chmod(fake, 0755), 0);
    fd = open(victim, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_int_equal(write(fd, "precious", 8), 8);
    close(fd);
    setenv("XYL_QEMU_IMG", fake, 1);
    assert_int_equal(image_create(p, "qcow2", 64 << 20, NULL, NULL), -1);
    unsetenv("XYL_QEMU_IMG");
    fd = open(victim, O_RDONLY);
    assert_int_equal(read(fd, buf, sizeof(buf)), 8);
    close(fd);
    assert_string_equal(buf, "precious");
    free(p);
    free(victim);
    free(fake);
}

static void test_existing_untouched(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    struct stat st;
    char buf[16] = "", *p = in_tmp("keep.img");
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
    (void)state;

    assert_true(fd >= 0);
    assert_int_equal(write(fd, "precious", 8), 8);
    close(fd);
    guest_with(&g, "  - { target: keep.img, vdev: xvda, size: 1G }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    assert_int_equal(l.n, 0);                           /* nothing created */
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 8);
    fd = open(p, O_RDONLY);
    assert_int_equal(read(fd, buf, sizeof(buf)), 8);
    close(fd);
    assert_string_equal(buf, "precious");
    images_rollback(&l, stderr);                        /* never removes it */
    assert_int_equal(stat(p, &st), 0);
    guest_free(&g);
    free(p);
}

static void test_rollback_on_failure(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    struct stat st;
    char *first = in_tmp("first.img"), *keep = in_tmp("keep.img");
    int fd = open(keep, O_WRONLY | O_CREAT | O_EXCL, 0644);
    (void)state;

    close(fd);
    /* the third disk's folder is missing: the first image is removed again,
     * the existing second one stays */
    guest_with(&g, "  - { target: first.img, vdev: xvda, size: 1M }\n"
                   "  - { target: keep.img, vdev: xvdb, size: 1M }\n"
                   "  - { target: nodir/c.img, vdev: xvdc, size: 1M }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), -1);
    assert_int_equal(l.n, 0);
    assert_int_equal(stat(first, &st), -1);
    assert_int_equal(stat(keep, &st), 0);
    guest_free(&g);
    free(first);
    free(keep);
}

static void test_rollback_after_later_failure(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    struct stat st;
    char *p = in_tmp("made.img");
    (void)state;

    /* created by this run, then the command fails later (the domain) */
    guest_with(&g, "  - { target: made.img, vdev: xvda, size: 1M }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    assert_int_equal(stat(p, &st), 0);
    images_rollback(&l, stderr);
    assert_int_equal(stat(p, &st), -1);
    image_list_free(&l);
    guest_free(&g);
    free(p);
}

static void test_refuses_bad_folder(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    char *file = in_tmp("plainfile");
    int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
    (void)state;

    close(fd);
    guest_with(&g, "  - { target: plainfile/x.img, vdev: xvda, size: 1M }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), -1);
    guest_free(&g);
    guest_with(&g, "  - { target: /nonexistent-xyl-dir/x.img, vdev: xvda, size: 1M }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), -1);
    assert_int_equal(l.n, 0);
    guest_free(&g);
    free(file);
}

static void test_dry_run_creates_nothing(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    struct stat st;
    char *out = NULL, *p = in_tmp("dry.img");
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    (void)state;

    guest_with(&g, "  - { target: dry.img, vdev: xvda, size: 2G }\n");
    assert_int_equal(images_create_missing(&g, true, f, &l), 0);
    fclose(f);
    assert_non_null(strstr(out, "would create"));
    assert_non_null(strstr(out, "2G"));
    assert_int_equal(stat(p, &st), -1);
    assert_int_equal(l.n, 0);
    free(out);
    guest_free(&g);
    free(p);
}

static void test_size_rules(void **state)
{
    static const struct { const char *item, *want; } bad[] = {
        { "{ target: /a, vdev: xvda, size: 0 }", "'size' must be between 1M and" },
        { "{ target: /a, vdev: xvda, size: 65T }", "'size' must be between 1M and" },
        { "{ target: /a, vdev: xvda, size: 1.5G }", "must be a whole number of K, M, G or T, got '1.5G'" },
        { "{ target: /a, vdev: xvda, size: 2GB2 }", "unexpected characters after the unit" },
        { "{ target: /a, vdev: xvda, size: -1 }", "expected a number" },
        { "{ target: /a, vdev: xvda, size: 4X }", "unknown unit" },
        { "{ target: /a, vdev: xvda, size: 99999999999999999999G }", "number too large" },
        { "{ target: /a, vdev: xvda, size: 1G, format: vhd }", "raw and qcow2 images only" },
        { "{ target: /dev/sdb, vdev: xvda, size: 1G }", "is a block device" },
    };
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        struct xyl_guest g;
        struct diags d = { 0 };
        char *y = xasprintf("name: t\ntype: pvh\nmemory: 256M\nkernel: /k\ndisks:\n  - %s\n",
                            bad[i].item);
        assert_true(load(&g, &d, y) > 0);
        assert_diag(&d, bad[i].want);
        done(&g, &d);
        free(y);
    }
    {
        struct xyl_guest g;
        struct diags d = { 0 };
        assert_int_equal(load(&g, &d, "name: t\ntype: pvh\nmemory: 256M\nkernel: /k\n"
                              "disks:\n  - { target: /a, vdev: xvda, size: 1536K }\n"), 0);
        assert_int_equal(g.disks[0].size_bytes, 1536 * 1024);
        done(&g, &d);
    }
}

static void test_relative_string_spec_refused(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    (void)state;

    /* validate refuses it already (guest_rules.c), and create's resolve too */
    assert_int_equal(load(&g, &d, "name: t\ntype: pvh\nmemory: 256M\nkernel: /k\n"
                          "disks: ['format=raw, vdev=xvda, target=rel.img']\n"), 1);
    assert_diag(&d, "t.yaml:5:9: error: disk target 'rel.img' is relative");
    diags_free(&d);
    assert_int_equal(images_resolve(&g, "/srv", &d), 1);
    assert_diag(&d, "t.yaml:5:9: error: disk target 'rel.img' is relative");
    done(&g, &d);
}

/* A relative target names a file in the images folder; '..' would leave it. */
static void test_relative_dotdot_refused(void **state)
{
    static const char *const bad[] = { "../x.img", "a/../../x.img", "..", "a/..", "./../x" };
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        struct xyl_guest g;
        struct diags d = { 0 };
        char *y = xasprintf("name: t\ntype: pvh\nmemory: 256M\nkernel: /k\n"
                            "disks:\n  - { target: \"%s\", vdev: xvda }\n", bad[i]);

        assert_int_equal(load(&g, &d, y), 0);
        assert_int_equal(images_resolve(&g, "/srv", &d), 1);
        assert_diag(&d, "'..'");
        done(&g, &d);
        free(y);
    }
    {
        struct xyl_guest g;
        struct diags d = { 0 };

        assert_int_equal(load(&g, &d, "name: t\ntype: pvh\nmemory: 256M\nkernel: /k\n"
                              "disks:\n  - { target: a..b/x..img, vdev: xvda }\n"), 0);
        assert_int_equal(images_resolve(&g, "/srv", &d), 0);
        assert_string_equal(g.disks[0].target, "/srv/a..b/x..img");
        done(&g, &d);
    }
}

static void test_host_config(void **state)
{
    struct host_config hc;
    struct diags d = { 0 };
    char *p = in_tmp("xyl.yaml");
    (void)state;

    /* an explicit file that is missing is an error; defaults still usable */
    assert_int_equal(host_config_load(&hc, p, &d), 1);
    assert_string_equal(hc.images, XYL_DEFAULT_IMAGES);
    host_config_free(&hc);
    diags_free(&d);

    write_text(p, "# host\nimages: /srv/images\n");
    assert_int_equal(host_config_load(&hc, p, &d), 0);
    assert_string_equal(hc.images, "/srv/images");
    host_config_free(&hc);

    write_text(p, "images: /srv\nimage: x\n");
    assert_int_equal(host_config_load(&hc, p, &d), 1);
    assert_diag(&d, ":2:1: error: unknown key 'image' in xyl.yaml (did you mean 'images'?)");
    assert_string_equal(hc.images, XYL_DEFAULT_IMAGES);  /* a bad file is not half used */
    host_config_free(&hc);
    diags_free(&d);

    /* hotplug: (issue 18) scripts by default, xyl when asked; the last
     * load is what nic_to_libxl asks host_hotplug() for; a bad file falls
     * back to scripts whole */
    write_text(p, "images: /srv\n");
    assert_int_equal(host_config_load(&hc, p, &d), 0);
    assert_int_equal(hc.hotplug, HOST_HOTPLUG_SCRIPTS);
    assert_int_equal(host_hotplug(), HOST_HOTPLUG_SCRIPTS);
    host_config_free(&hc);
    write_text(p, "hotplug: xyl\n");
    assert_int_equal(host_config_load(&hc, p, &d), 0);
    assert_int_equal(hc.hotplug, HOST_HOTPLUG_XYL);
    assert_int_equal(host_hotplug(), HOST_HOTPLUG_XYL);
    host_config_free(&hc);
    write_text(p, "hotplug: xyl\nimages: relative\n");
    assert_int_equal(host_config_load(&hc, p, &d), 1);
    assert_int_equal(hc.hotplug, HOST_HOTPLUG_SCRIPTS);
    assert_int_equal(host_hotplug(), HOST_HOTPLUG_SCRIPTS);
    host_config_free(&hc);
    diags_free(&d);
    write_text(p, "hotplug: bash\n");
    assert_int_equal(host_config_load(&hc, p, &d), 1);
    assert_diag(&d, ":1:10: error: 'hotplug' must be one of scripts or xyl; got 'bash'");
    host_config_free(&hc);
    diags_free(&d);
    free(p);
}

static void test_format_size(void **state)
{
    char b[32];
    (void)state;

    format_size(4ULL << 30, b);
    assert_string_equal(b, "4G");
    format_size(1536 * 1024, b);
    assert_string_equal(b, "1536K");
    format_size(3ULL << 40, b);
    assert_string_equal(b, "3T");
    format_size(1000, b);
    assert_string_equal(b, "1000");
}

/* A running guest's disk grown (xyl apply, size: raised): a raw image
 * lengthened sparsely with its data kept, a qcow2 image's virtual size
 * through qemu-img; equal is nothing to do, smaller is refused. */
static void test_grow(void **state)
{
    struct xyl_guest g;
    struct image_list l = { 0 };
    char *raw = in_tmp("r.img"), *q = in_tmp("q.qcow2"), buf[5] = "";
    uint64_t n;
    struct stat st;
    int fd;
    (void)state;

    guest_with(&g, "  - { target: r.img, vdev: xvda, size: 8M }\n"
                   "  - { target: q.qcow2, vdev: xvdb, size: 64M, format: qcow2 }\n");
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    fd = open(raw, O_WRONLY);
    assert_int_equal(write(fd, "data", 4), 4);
    close(fd);
    assert_int_equal(image_size(raw, &n), 0);
    assert_int_equal(n, 8 << 20);
    assert_int_equal(image_grow(raw, "raw", 16 << 20), 0);
    assert_int_equal(stat(raw, &st), 0);
    assert_int_equal(st.st_size, 16 << 20);
    assert_true(st.st_blocks * 512 < (1 << 20));            /* sparse */
    fd = open(raw, O_RDONLY);
    assert_int_equal(read(fd, buf, 4), 4);
    close(fd);
    assert_string_equal(buf, "data");
    assert_int_equal(image_grow(raw, "raw", 16 << 20), 0);  /* equal: nothing */
    assert_int_equal(image_grow(raw, "raw", 4 << 20), -1);  /* never shrunk */
    assert_int_equal(image_size(raw, &n), 0);
    assert_int_equal(n, 16 << 20);
    assert_int_equal(image_grow(raw, "vpc", 32 << 20), -1);
    /* qcow2: the header's virtual size, not the file's length */
    assert_int_equal(image_size(q, &n), 0);
    assert_int_equal(n, 64 << 20);
    assert_int_equal(image_grow(q, "qcow2", 128 << 20), 0);
    assert_int_equal(image_size(q, &n), 0);
    assert_int_equal(n, 128 << 20);
    free(raw);
    raw = in_tmp("missing");
    assert_int_equal(image_size(raw, &n), -1);
    image_list_free(&l);
    guest_free(&g);
    free(raw);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_raw_created_sparse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qcow2_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qcow2_claimed_name_swapped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_on_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_after_later_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_bad_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_creates_nothing, setup, teardown),
        cmocka_unit_test(test_size_rules),
        cmocka_unit_test(test_relative_string_spec_refused),
        cmocka_unit_test(test_relative_dotdot_refused),
        cmocka_unit_test_setup_teardown(test_host_config, setup, teardown),
        cmocka_unit_test(test_format_size),
        cmocka_unit_test_setup_teardown(test_grow, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
