/*
 * test_cloudinit.c - the NoCloud seed (images/cloudinit.c): made with
 * mkfs.fat and mcopy, read back with mtools (label, file list, contents);
 * meta-data from the UUID and name; the hash sees every file; an existing
 * path and a missing folder are refused and leave nothing.
 */
#include "unit.h"
#include "images/cloudinit.h"

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
    (void)state;
    assert_string_equal(meta, "instance-id: 5c4b3a29-1807-4f6e-8d5c-4b3a29180766\n"
                              "local-hostname: web\n");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_read_back),
        cmocka_unit_test(test_seed_hash),
    };
    return cmocka_run_group_tests_name("cloudinit", tests, NULL, NULL);
}
