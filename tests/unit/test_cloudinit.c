/*
 * test_cloudinit.c - the NoCloud seed (images/cloudinit.c): made with
 * mkfs.fat and mcopy, read back with mtools (label, file list, contents);
 * meta-data from the UUID and name; the hash sees every file; an existing
 * path and a missing folder are refused and leave nothing.  The
 * cloud_init: key: inline user-data read back as the same YAML data
 * (python3-yaml), a network-config file, the seed disk per guest type,
 * and bad definitions.
 */
#include "unit.h"
#include "images/cloudinit.h"
#include "images/images.h"
#include "domain/meta.h"
#include "model/validate.h"
#include "base/util.h"

#include <stdio.h>
#include <unistd.h>

/* the output of a shell command (first 8 KiB) */
static char *output(const char *cmd)
{
    static char buf[8192];
    FILE *p = popen(cmd, "r");
    size_t n;

    assert_non_null(p);
    n = fread(buf, 1, sizeof(buf) - 1, p);
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

static void test_seed_read_back(void **state)
{
    char dir[] = "/tmp/ci-XXXXXX", img[4096], cmd[8192];
    char *meta = cloudinit_meta_data("5c4b3a29-1807-4f6e-8d5c-4b3a29180766", "web");
    struct cloudinit_seed s = { "#cloud-config\nhostname: web\n", meta,
                                "version: 2\nethernets: {eth0: {dhcp4: true}}\n" };
    char *spaced = cloudinit_meta_data("5c4b3a29-1807-4f6e-8d5c-4b3a29180766", "web server 1");
    (void)state;
    assert_string_equal(meta, "instance-id: 5c4b3a29-1807-4f6e-8d5c-4b3a29180766\n"
                              "local-hostname: web\n");
    /* a guest name may have spaces, a host name not */
    assert_string_equal(spaced, "instance-id: 5c4b3a29-1807-4f6e-8d5c-4b3a29180766\n"
                                "local-hostname: web-server-1\n");
    free(spaced);
    assert_non_null(mkdtemp(dir));
    snprintf(img, sizeof(img), "%s/web-cidata.img", dir);
    assert_int_equal(cloudinit_seed_make(img, &s), 0);

    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mlabel -s -i %s ::", img);
    assert_non_null(strstr(output(cmd), "CIDATA"));
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mdir -b -i %s ::", img);
    assert_string_equal(output(cmd), "::/user-data\n::/meta-data\n::/network-config\n");
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mtype -i %s ::user-data", img);
    assert_string_equal(output(cmd), s.user_data);
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mtype -i %s ::meta-data", img);
    assert_string_equal(output(cmd), meta);
    snprintf(cmd, sizeof(cmd), "blkid -o value -s LABEL %s", img);
    assert_string_equal(output(cmd), "CIDATA\n");
    /* 2048-byte sectors (the boot sector's bytes 11-12): mountable from a CD */
    snprintf(cmd, sizeof(cmd), "od -An -tu2 -j11 -N2 %s", img);
    assert_string_equal(output(cmd), "  2048\n");

    /* an existing path is never overwritten */
    assert_int_equal(cloudinit_seed_make(img, &s), -1);
    unlink(img);

    /* without network-config: two files */
    s.network_config = NULL;
    assert_int_equal(cloudinit_seed_make(img, &s), 0);
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mdir -b -i %s ::", img);
    assert_string_equal(output(cmd), "::/user-data\n::/meta-data\n");
    unlink(img);

    /* a folder that does not exist: refused, nothing left */
    snprintf(img, sizeof(img), "%s/no/such/seed.img", dir);
    assert_int_equal(cloudinit_seed_make(img, &s), -1);
    assert_int_equal(access(img, F_OK), -1);
    assert_int_equal(rmdir(dir), 0);
    free(meta);
}

static void test_seed_hash(void **state)
{
    struct cloudinit_seed a = { "#cloud-config\n", "instance-id: x\n", NULL }, b = a;
    char ha[SHA256_HEX_LEN + 1], hb[SHA256_HEX_LEN + 1];
    (void)state;
    cloudinit_seed_hash(&a, ha);
    cloudinit_seed_hash(&b, hb);
    assert_string_equal(ha, hb);
    b.network_config = "";              /* an empty file is not no file */
    cloudinit_seed_hash(&b, hb);
    assert_string_not_equal(ha, hb);
    b = a;
    b.user_data = "#cloud-config\nhostname: y\n";
    cloudinit_seed_hash(&b, hb);
    assert_string_not_equal(ha, hb);
    b = a;                              /* content moved between files */
    b.user_data = "#cloud-config\ninstance-id: x\n";
    b.meta_data = "";
    cloudinit_seed_hash(&b, hb);
    assert_string_not_equal(ha, hb);
}

/* cloud_init: in a definition: the seed disk, made by images_create_missing */
static void test_guest_seed(void **state)
{
    char dir[] = "/tmp/ci-XXXXXX", cmd[8192], *y, *net;
    struct xyl_guest g;
    struct diags d = { 0 };
    struct image_list l = { 0 };
    (void)state;
    assert_non_null(mkdtemp(dir));
    net = xasprintf("%s/net.yaml", dir);
    write_text(net, "version: 2\n");
    y = xasprintf("name: web\ntype: pvh\nmemory: 256M\nkernel: /k\n"
                  "uuid: 5c4b3a29-1807-4f6e-8d5c-4b3a29180766\n"
                  "cloud_init:\n  user_data:\n    hostname: web\n    n: 5\n    on: yes\n"
                  "    e:\n    s: \"a \\\"q\\\": b\\n\"\n    runcmd: [[sh, -c, 'echo 1, 2']]\n"
                  "  network_config: %s\n", net);
    assert_int_equal(load(&g, &d, y), 0);
    assert_int_equal(images_resolve(&g, dir, &d), 0);
    assert_int_equal(g.n_disks, 1);                     /* the seed, read-only xvdz */
    assert_true(g.disks[0].is_seed);
    assert_string_equal(g.disks[0].parsed_vdev, "xvdz");
    assert_true(g.disks[0].parsed_readonly);
    snprintf(cmd, sizeof(cmd), "%s/web-cidata.img", dir);
    assert_string_equal(g.disks[0].target, cmd);
    assert_int_equal(images_create_missing(&g, true, stderr, &l), 0);   /* -N: says only */
    assert_int_equal(access(cmd, F_OK), -1);
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(images_create_missing(&g, false, stderr, &l), 0);  /* anew over it */
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mtype -i %s/web-cidata.img ::user-data | "
             "python3 -c 'import sys, yaml; t = sys.stdin.read(); assert t.startswith(\"#cloud-config\\n\"); "
             "print(yaml.safe_load(t) == {\"hostname\": \"web\", \"n\": 5, \"on\": True, \"e\": None, "
             "\"s\": \"a \\\"q\\\": b\\n\", \"runcmd\": [[\"sh\", \"-c\", \"echo 1, 2\"]]})'", dir);
    assert_string_equal(output(cmd), "True\n");
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mtype -i %s/web-cidata.img ::network-config", dir);
    assert_string_equal(output(cmd), "version: 2\n");
    snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mtype -i %s/web-cidata.img ::meta-data", dir);
    assert_string_equal(output(cmd), "instance-id: 5c4b3a29-1807-4f6e-8d5c-4b3a29180766\n"
                                     "local-hostname: web\n");
    images_rollback(&l, stderr);
    image_list_free(&l);
    guest_free(&g);
    free(y);
    unlink(net);
    free(net);
    assert_int_equal(rmdir(dir), 0);

    /* hvm: a CD, hdd */
    assert_int_equal(load(&g, &d, "name: w\ntype: hvm\nmemory: 256M\n"
                                  "cloud_init: { user_data: { a: 1 } }\n"), 0);
    assert_int_equal(g.n_disks, 1);
    assert_string_equal(g.disks[0].parsed_vdev, "hdd");
    assert_true(g.disks[0].parsed_cdrom);
    guest_free(&g);
    diags_free(&d);
}

static void test_guest_seed_bad(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    (void)state;
    /* the seed's vdev taken */
    assert_int_not_equal(load(&g, &d, "name: w\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "disks: [{ target: /a, vdev: xvdz }]\n"
                                  "cloud_init: { user_data: { a: 1 } }\n"), 0);
    assert_non_null(strstr(d.v[0].msg, "where cloud_init's seed is attached"));
    guest_free(&g);
    diags_free(&d);
    /* a list is neither a file nor a mapping; user_data is required */
    assert_int_not_equal(load(&g, &d, "name: w\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "cloud_init: { user_data: [a] }\n"), 0);
    assert_non_null(strstr(d.v[0].msg, "needs a file path or a mapping"));
    guest_free(&g);
    diags_free(&d);
    assert_int_not_equal(load(&g, &d, "name: w\ntype: pv\nmemory: 256M\nkernel: /k\n"
                                  "cloud_init: { network_config: /n }\n"), 0);
    guest_free(&g);
    diags_free(&d);
}

/* plan's hash: the file alone without cloud_init; with it, a changed
 * user-data file changes the guest */
static void test_plan_hash(void **state)
{
    char dir[] = "/tmp/ci-XXXXXX", *def, *ud, h0[SHA256_HEX_LEN + 1], h1[SHA256_HEX_LEN + 1];
    char plain[SHA256_HEX_LEN + 1];
    struct xyl_guest g;
    struct diags d = { 0 };
    (void)state;
    assert_non_null(mkdtemp(dir));
    def = xasprintf("%s/g.yaml", dir);
    ud = xasprintf("%s/user-data", dir);
    write_text(def, "name: g\ntype: pvh\nmemory: 256M\nkernel: /k\ncloud_init: { user_data: user-data }\n");
    write_text(ud, "#cloud-config\nhostname: a\n");
    assert_int_equal(load_guest_file(def, &g, &d), 0);
    assert_string_equal(g.cloud_init.user_data.path, ud);   /* from the definition's folder */
    assert_int_equal(meta_file_sha256(def, plain), 0);
    assert_int_equal(meta_guest_sha256(&g, def, h0), 0);
    assert_string_not_equal(h0, plain);
    write_text(ud, "#cloud-config\nhostname: b\n");
    assert_int_equal(meta_guest_sha256(&g, def, h1), 0);
    assert_string_not_equal(h0, h1);
    unlink(ud);                         /* unreadable: said, -1 */
    assert_int_equal(meta_guest_sha256(&g, def, h1), -1);
    guest_free(&g);
    assert_int_equal(load(&g, &d, "name: g\ntype: pvh\nmemory: 256M\nkernel: /k\n"), 0);
    assert_int_equal(meta_guest_sha256(&g, def, h1), 0);
    assert_string_equal(h1, plain);     /* no cloud_init: the file's hash, as before */
    guest_free(&g);
    diags_free(&d);
    unlink(def);
    rmdir(dir);
    free(def);
    free(ud);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_read_back),
        cmocka_unit_test(test_seed_hash),
        cmocka_unit_test(test_guest_seed),
        cmocka_unit_test(test_guest_seed_bad),
        cmocka_unit_test(test_plan_hash),
    };
    return cmocka_run_group_tests_name("cloudinit", tests, NULL, NULL);
}
