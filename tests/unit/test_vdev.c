/*
 * test_vdev.c - xb_vdev_number() (pv-drivers/xenbus/xb_vdev.c), the one
 * vdev numbering of validation, the toolstack and the backends: disk names
 * to the device numbers libxl gives them (libxl__device_disk_dev_number,
 * docs/misc/vbd-interface.txt), and the names libxl refuses; and
 * xb_vdev_to_devid, the backends' form, agreeing with it on every name.
 * Expected numbers are worked out from that document's encoding, not taken
 * from the code under test.
 */
#include "unit.h"
#include "pv-drivers/xenbus/xb_vdev.h"

#define vdev_number xb_vdev_number

#define XVD(disk, part) ((202L << 8) | ((disk) << 4) | (part))     /* disk, part <= 15 */
#define XVD_EXT(disk, part) ((1L << 28) | ((long)(disk) << 8) | (part))

static void expect(const char *vdev, long want)
{
    long got = vdev_number(vdev);
    if (got != want)
        fail_msg("vdev_number(\"%s\") = %ld, want %ld", vdev, got, want);
}

static void test_xen_pv_names(void **state)
{
    (void)state;
    expect("xvda", 51712);
    expect("xvda", XVD(0, 0));
    expect("xvdb", XVD(1, 0));
    expect("xvda1", XVD(0, 1));
    expect("xvdp15", XVD(15, 15));
    expect("xvdq", XVD_EXT(16, 0));        /* disk 16: extended scheme */
    expect("xvda16", XVD_EXT(0, 16));      /* partition 16 too */
    expect("xvdz", XVD_EXT(25, 0));
    expect("xvdaa", XVD_EXT(26, 0));       /* letters count like columns */
    expect("xvdba", XVD_EXT(52, 0));
    expect("xvda255", XVD_EXT(0, 255));
    expect("xvdtq37", XVD_EXT(536, 37));
    expect("xvdaaaaa", XVD_EXT(475254, 0));   /* five letters: still below 2^20 */
}

static void test_d_p_names(void **state)
{
    (void)state;
    expect("d0p0", XVD(0, 0));
    expect("d0p1", XVD(0, 1));
    expect("d15p15", XVD(15, 15));
    expect("d16p0", XVD_EXT(16, 0));
    expect("d1048575p255", XVD_EXT(1048575, 255));
    expect("d536p37", XVD_EXT(536, 37));
    expect("d010p0", XVD(8, 0));            /* %i, as libxl's sscanf: octal */
    expect("d0x10p1", XVD_EXT(16, 1));      /* and hex */
}

static void test_emulated_names(void **state)
{
    (void)state;
    expect("hda", 3L << 8);                 /* IDE primary master */
    expect("hdb", (3L << 8) | 64);
    expect("hdc", 22L << 8);                /* secondary */
    expect("hdd", (22L << 8) | 64);
    expect("hda1", (3L << 8) | 1);
    expect("hdd63", (22L << 8) | 64 | 63);
    expect("sda", 8L << 8);
    expect("sdb", (8L << 8) | 16);
    expect("sdp", (8L << 8) | 240);
    expect("sda15", (8L << 8) | 15);
}

static void test_numbers(void **state)
{
    (void)state;
    expect("51712", 51712);
    expect("0x100", 256);                   /* strtoul base 0, as libxl */
    expect("2147483647", 2147483647L);
    expect("2147483648", -1);               /* > INT_MAX */
}

static void test_refused(void **state)
{
    static const char *const bad[] = {
        "", "foo", "xvd", "xvdA", "xvda0", "xvda01", "xvda256", "xvda-1", "xvda1x",
        "hd", "hde", "hda64", "hda0", "sd", "sdq", "sda16",
        "d", "d0", "d3", "dp1", "d0p", "d0p256", "d1048576p0", "d0q1", "d0p1x",
        "vda", "xvda ", " xvda", "xvdaaaaaa", "xvda+1", "d-1p0", "d+1p0", "d 1p0", "d08p0",
        "-1", "hdq",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect(bad[i], -1);
}

/* Names for the same device collide; distinct devices do not. */
static void test_aliases(void **state)
{
    (void)state;
    assert_int_equal(vdev_number("xvda"), vdev_number("d0p0"));
    assert_int_equal(vdev_number("xvdq3"), vdev_number("d16p3"));
    assert_int_equal(vdev_number("xvda"), vdev_number("51712"));
    assert_int_not_equal(vdev_number("xvda"), vdev_number("hda"));
    assert_int_not_equal(vdev_number("hdb"), vdev_number("hdc"));
}

/* The backends' device ID is the same number, for every name above. */
static void test_devid_agrees(void **state)
{
    static const char *const names[] = {
        "xvda", "xvdb15", "xvdb16", "xvdaa", "d0p0", "d3p2", "d010p0", "51712", "0xca00",
        "hda", "hdd2", "sda", "sdb3", "d3", "xvda0", "hde", "sdq", "2147483648", "", "vda",
    };
    uint32_t id;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        long n = xb_vdev_number(names[i]);
        int r = xb_vdev_to_devid(names[i], &id);

        if (n < 0 ? r != -1 : (r != 0 || id != (uint32_t)n))
            fail_msg("%s: xb_vdev_number %ld, xb_vdev_to_devid %d (%u)", names[i], n, r, id);
    }
    assert_int_equal(xb_vdev_to_devid(NULL, &id), -1);
    assert_int_equal(xb_vdev_number(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xen_pv_names),
        cmocka_unit_test(test_d_p_names),
        cmocka_unit_test(test_emulated_names),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_devid_agrees),
    };
    return cmocka_run_group_tests_name("vdev", tests, NULL, NULL);
}
