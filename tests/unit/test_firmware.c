/*
 * test_firmware.c - hvm/firmware.c on fake roots: host-check's firmware
 * lines (OK where the file is, WARN with the package where not) and the
 * check create and apply make before libxl builds an HVM guest.
 */
#include "unit.h"
#include "hvm/firmware.h"
#include "base/util.h"

#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void touch(const char *rel)
{
    char *p = xasprintf("%s%s", root, rel), *cmd = xasprintf("mkdir -p \"$(dirname %s)\" && : > %s", p, p);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(p);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/xyl-test-fw-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    touch("/usr/lib/xen-4.17/boot/hvmloader");
    touch("/usr/share/seabios/bios-256k.bin");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return rm_tmpdir(root);
}

static const struct hc_item *item(const struct hc_report *r, const char *check)
{
    int i;

    for (i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].check, check))
            return &r->v[i];
    fail_msg("no %s line", check);
    return NULL;
}

static void test_hostcheck(void **state)
{
    struct hc_report r = { 0 };
    const struct hc_item *it;
    (void)state;

    hvm_firmware_hostcheck(root, &r);
    assert_int_equal(r.n, 3);
    assert_int_equal(item(&r, "firmware:hvmloader")->status, HC_OK);
    assert_int_equal(item(&r, "firmware:seabios")->status, HC_OK);
    it = item(&r, "firmware:ovmf");
    assert_int_equal(it->status, HC_WARN);
    assert_string_equal(it->fix, "apt-get install ovmf");
    assert_non_null(strstr(it->detail, "/usr/share/ovmf/OVMF.fd is missing"));
    assert_int_not_equal(hostcheck_worst(&r), HC_FAIL);   /* a WARN: host-check stays ok */
    hc_report_free(&r);
}

static int ready(libxl_domain_type type, libxl_bios_type bios, const char *firmware)
{
    libxl_domain_config dc;
    int r;

    libxl_domain_config_init(&dc);
    dc.c_info.type = type;
    libxl_domain_build_info_init_type(&dc.b_info, type);
    if (type == LIBXL_DOMAIN_TYPE_HVM) {
        dc.b_info.u.hvm.bios = bios;
        if (firmware)
            dc.b_info.u.hvm.firmware = xstrdup(firmware);
    }
    r = hvm_firmware_ready(root, &dc);
    libxl_domain_config_dispose(&dc);
    return r;
}

static void test_ready(void **state)
{
    (void)state;
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_UNKNOWN, NULL), 0);
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_SEABIOS, NULL), 0);
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_OVMF, NULL), -1);
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_PV, LIBXL_BIOS_TYPE_UNKNOWN, NULL), 0);
    touch("/usr/share/ovmf/OVMF.fd");
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_OVMF, NULL), 0);
    /* without hvmloader nothing HVM starts, unless firmware: PATH replaces it */
    {
        char *p = xasprintf("%s/usr/lib/xen-4.17/boot/hvmloader", root);
        assert_int_equal(unlink(p), 0);
        free(p);
    }
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_SEABIOS, NULL), -1);
    assert_int_equal(ready(LIBXL_DOMAIN_TYPE_HVM, LIBXL_BIOS_TYPE_SEABIOS, "/opt/hvmloader"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostcheck),
        cmocka_unit_test(test_ready),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
