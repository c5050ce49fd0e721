/*
 * test_pci_spec.c - `pci:` items that crash libxlutil 4.17's BDF parser
 * (parse_bdf's unchecked %n, model/pci_spec.c) are refused before it sees
 * them; well-formed ones still reach it and parse as before.
 */
#include "unit.h"
#include "model/pci_spec.h"

static void test_trips(void **state)
{
    (void)state;
    /* no '.' after [DDDD:]BB:DD: libxlutil would use n unset */
    assert_true(pci_bdf_trips_libxlutil("0:0"));
    assert_true(pci_bdf_trips_libxlutil("00:1c"));
    assert_true(pci_bdf_trips_libxlutil("0:0:0"));
    assert_true(pci_bdf_trips_libxlutil("0000:00:1c,name=x"));
    assert_true(pci_bdf_trips_libxlutil("0:0 .1"));
    /* well-formed, or refused by libxlutil before its sscanf */
    assert_false(pci_bdf_trips_libxlutil("00:1c.0"));
    assert_false(pci_bdf_trips_libxlutil("0000:00:1c.0"));
    assert_false(pci_bdf_trips_libxlutil("0000:00:1c.*"));
    assert_false(pci_bdf_trips_libxlutil("00:1c.0@3,permissive=1"));
    assert_false(pci_bdf_trips_libxlutil("name=gpu"));
    assert_false(pci_bdf_trips_libxlutil("1"));
    assert_false(pci_bdf_trips_libxlutil("0:0:0:0"));
    assert_false(pci_bdf_trips_libxlutil(""));
}

static void test_parse(void **state)
{
    XLU_Config *cfg = xlu_cfg_init(stderr, "test");
    static const char *const good[] = { "00:1c.0", "0000:00:1c.0@3,permissive=1",
                                        "bdf=0000:00:1c.1,seize=1", NULL };
    static const char *const bad[] = { "0:0", "0:0:0", "bdf=0:0", "permissive=1,bdf=0:0:0",
                                       "00:1c.0,bdf=0:0", NULL };
    int i;

    (void)state;
    assert_non_null(cfg);
    for (i = 0; good[i]; i++) {
        libxl_device_pci pci;

        libxl_device_pci_init(&pci);
        assert_int_equal(pci_spec_parse(cfg, &pci, good[i]), 0);
        assert_int_equal(pci.bus, 0);
        assert_int_equal(pci.dev, 0x1c);
        libxl_device_pci_dispose(&pci);
    }
    for (i = 0; bad[i]; i++) {
        libxl_device_pci pci;

        libxl_device_pci_init(&pci);
        assert_int_equal(pci_spec_parse(cfg, &pci, bad[i]), ERROR_INVAL);
        libxl_device_pci_dispose(&pci);
    }
    xlu_cfg_destroy(cfg);
}

/* the path the fuzzer found: a definition's `pci:` item, checked at load */
static void test_definition(void **state)
{
    struct xyl_guest g;
    struct diags d = { 0 };

    (void)state;
    assert_int_not_equal(load(&g, &d, "name: p\ntype: hvm\nmemory: 256\npci: [\"0:0\"]\n"), 0);
    assert_diag(&d, "pci '0:0' is not a PCI device");
    done(&g, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trips),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
