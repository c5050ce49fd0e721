/*
 * test_ident.c - derive_mac() and derive_uuid(): identities derived from the
 * guest name must be valid, stable, and differ between guests and NICs.
 */
#include "unit.h"
#include "base/ident.h"
#include "model/schema_check.h"

static void test_mac_shape(void **state)
{
    static const char *const names[] = { "web", "db", "a", "x-very-long-guest-name.example", "" };
    size_t i;
    int idx;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (idx = 0; idx < 64; idx++) {
            uint8_t mac[6];
            derive_mac(names[i], idx, mac);
            assert_int_equal(mac[0], 0x00);     /* Xen's OUI 00:16:3e */
            assert_int_equal(mac[1], 0x16);
            assert_int_equal(mac[2], 0x3e);
            assert_true(mac[3] < 0x80);         /* as libxl's random MACs */
            assert_int_equal(mac[0] & 1, 0);    /* unicast */
            assert_int_equal(mac[0] & 2, 0);    /* globally administered OUI */
        }
    }
}

static void test_mac_stable(void **state)
{
    uint8_t a[6], b[6];
    (void)state;
    derive_mac("web", 0, a);
    derive_mac("web", 0, b);
    assert_memory_equal(a, b, 6);
}

static void test_mac_differs(void **state)
{
    uint8_t base[6], other[6];
    (void)state;
    derive_mac("web", 0, base);
    derive_mac("web", 1, other);
    assert_memory_not_equal(base, other, 6);
    derive_mac("web2", 0, other);
    assert_memory_not_equal(base, other, 6);
    derive_mac("Web", 0, other);
    assert_memory_not_equal(base, other, 6);
}

/* 256 NICs of one guest: no two share a MAC (3 free bytes, 23 bits). */
static void test_mac_no_collision_by_index(void **state)
{
    uint8_t macs[256][6];
    int i, j;
    (void)state;
    for (i = 0; i < 256; i++)
        derive_mac("lab-web", i, macs[i]);
    for (i = 0; i < 256; i++)
        for (j = 0; j < i; j++)
            assert_memory_not_equal(macs[i], macs[j], 6);
}

static void test_format_mac(void **state)
{
    const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x0a, 0xbc, 0xff };
    char out[18];
    (void)state;
    format_mac(mac, out);
    assert_string_equal(out, "00:16:3e:0a:bc:ff");
}

/* parse_mac(): strictly six colon-separated hex pairs, any case. */
static void test_parse_mac(void **state)
{
    static const char *const bad[] = {
        "00:16:3e:12:34", "00:16:3e:12:34:56:78", "00-16-3e-12-34-56", "0:16:3e:12:34:56",
        "00:16:3e:12:34:5g", "00:16:3e:12:34:56 ", " 00:16:3e:12:34:56", "", "001:6:3e:12:34:56",
    };
    uint8_t mac[6];
    size_t i;

    (void)state;
    assert_int_equal(parse_mac("00:16:3E:aB:cd:EF", mac), 0);
    assert_memory_equal(mac, ((uint8_t[]){ 0x00, 0x16, 0x3e, 0xab, 0xcd, 0xef }), 6);
    assert_int_equal(parse_mac("ff:ff:ff:ff:ff:ff", mac), 0);   /* syntax only */
    assert_memory_equal(mac, ((uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }), 6);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (parse_mac(bad[i], mac) == 0)
            fail_msg("parse_mac accepted \"%s\"", bad[i]);
}

static void test_uuid_version_and_variant(void **state)
{
    static const char *const names[] = { "web", "db", "pv-minimal", "x", "" };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        libxl_uuid u;
        uint8_t *b;
        char s[LIBXL_UUID_FMTLEN + 1];

        derive_uuid(names[i], &u);
        b = libxl_uuid_bytearray(&u);
        assert_int_equal(b[6] >> 4, 8);         /* version 8 */
        assert_int_equal(b[8] & 0xc0, 0x80);    /* RFC 4122/9562 variant 10xx */
        assert_false(libxl_uuid_is_nil(&u));
        snprintf(s, sizeof(s), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(u));
        assert_int_equal(s[14], '8');           /* the version digit as text */
        assert_true(strchr("89ab", s[19]) != NULL);
    }
}

static void test_uuid_stable_and_distinct(void **state)
{
    libxl_uuid a, b, c;
    (void)state;
    derive_uuid("web", &a);
    derive_uuid("web", &b);
    derive_uuid("web1", &c);
    assert_int_equal(libxl_uuid_compare(&a, &b), 0);
    assert_int_not_equal(libxl_uuid_compare(&a, &c), 0);
}

/* The MAC and UUID of one name come from separate hashes. */
static void test_mac_and_uuid_independent(void **state)
{
    libxl_uuid u;
    uint8_t mac[6];
    (void)state;
    derive_uuid("web", &u);
    derive_mac("web", 0, mac);
    assert_memory_not_equal(libxl_uuid_bytearray(&u), mac + 3, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_shape),
        cmocka_unit_test(test_mac_stable),
        cmocka_unit_test(test_mac_differs),
        cmocka_unit_test(test_mac_no_collision_by_index),
        cmocka_unit_test(test_format_mac),
        cmocka_unit_test(test_parse_mac),
        cmocka_unit_test(test_uuid_version_and_variant),
        cmocka_unit_test(test_uuid_stable_and_distinct),
        cmocka_unit_test(test_mac_and_uuid_independent),
    };
    return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
