/*
 * test_units.c - parse_size() and parse_bool_word(): the value parsers the
 * loader, the xl.cfg importer and the CLI share.
 */
#include "unit.h"

#define MiB (1ULL << 20)

static void size_ok(const char *s, int plain_is_mib, uint64_t want)
{
    uint64_t got = 0;
    const char *why = NULL;
    if (parse_size(s, plain_is_mib, &got, &why))
        fail_msg("parse_size(\"%s\") failed: %s", s, why);
    if (got != want)
        fail_msg("parse_size(\"%s\") = %llu, want %llu", s,
                 (unsigned long long)got, (unsigned long long)want);
}

static void size_bad(const char *s, const char *why_part)
{
    uint64_t got = 12345;
    const char *why = NULL;
    if (parse_size(s, 1, &got, &why) == 0)
        fail_msg("parse_size(\"%s\") accepted it as %llu", s, (unsigned long long)got);
    assert_non_null(why);
    if (!strstr(why, why_part))
        fail_msg("parse_size(\"%s\"): reason \"%s\" lacks \"%s\"", s, why, why_part);
    assert_int_equal(got, 12345);   /* output untouched on failure */
}

static void test_plain_numbers(void **state)
{
    (void)state;
    size_ok("512", 1, 512 * MiB);       /* bare number: MiB for memory */
    size_ok("512", 0, 512);             /* ... or bytes when asked */
    size_ok("0", 1, 0);
    size_ok(" 64", 1, 64 * MiB);
}

static void test_units(void **state)
{
    (void)state;
    size_ok("512M", 1, 512 * MiB);
    size_ok("512m", 1, 512 * MiB);
    size_ok("2G", 1, 2048 * MiB);
    size_ok("1048576K", 1, 1024 * MiB);
    size_ok("1T", 1, 1024 * 1024 * MiB);
    size_ok("2GiB", 1, 2048 * MiB);
    size_ok("2GB", 1, 2048 * MiB);
    size_ok("16 M", 1, 16 * MiB);
    size_ok("1k", 0, 1024);
}

static void test_bad_units(void **state)
{
    (void)state;
    size_bad("512X", "unknown unit");
    size_bad("2P", "unknown unit");
    size_bad("1.5G", "1536M instead of 1.5G");
    size_bad("2Gi", "unexpected characters");
    size_bad("2GBs", "unexpected characters");
    size_bad("2 G B", "unexpected characters");
    size_bad("G", "expected a number");
    size_bad("", "expected a number");
    size_bad("-1G", "expected a number");
}

static void test_overflow(void **state)
{
    (void)state;
    size_ok("18446744073709551615", 0, UINT64_MAX);     /* exactly fits */
    size_bad("18446744073709551616", "too large");      /* digits overflow */
    size_bad("99999999999999999999", "too large");
    size_bad("16777216T", "too large");                 /* 2^64: unit overflows */
    size_ok("16777215T", 1, 16777215ULL << 40);
}

static void test_bool_words(void **state)
{
    static const char *const yes[] = { "true", "True", "TRUE", "yes", "on", "ON" };
    static const char *const no[] = { "false", "False", "no", "NO", "off", "Off" };
    static const char *const neither[] = { "1", "0", "y", "n", "tru", "", "truee" };
    size_t i;
    int v;

    (void)state;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        v = -1;
        assert_int_equal(parse_bool_word(yes[i], &v), 0);
        assert_int_equal(v, 1);
    }
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        v = -1;
        assert_int_equal(parse_bool_word(no[i], &v), 0);
        assert_int_equal(v, 0);
    }
    for (i = 0; i < sizeof(neither) / sizeof(neither[0]); i++)
        assert_int_equal(parse_bool_word(neither[i], &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_bad_units),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_bool_words),
    };
    return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
