/*
 * test_diag.c - struct diags (counts, sort order, FILE:LINE:COL printing)
 * and edit_distance(), which drives every "did you mean".
 */
#include "unit.h"
#include "base/util.h"

static struct ymark at(unsigned line, unsigned col)
{
    struct ymark m = { line, col };
    return m;
}

static void test_counts(void **state)
{
    struct diags d = { 0 };
    (void)state;
    diag_err(&d, "a.yaml", at(1, 1), "e1");
    diag_warn(&d, "a.yaml", at(2, 1), "w1");
    diag_err(&d, "a.yaml", at(3, 1), "e%d", 2);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[2].msg, "e2");
    diags_free(&d);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.errors, 0);
    assert_null(d.v);
}

static void test_print_format(void **state)
{
    struct diags d = { 0 };
    char *txt;
    (void)state;
    diag_err(&d, "dir/g.yaml", at(4, 7), "unknown key '%s'", "memroy");
    diag_warn(&d, "dir/g.yaml", at(5, 1), "just so");
    diag_err(&d, "dir/g.yaml", at(0, 0), "cannot read: %s", "gone");     /* no position */
    diag_err(&d, NULL, at(1, 2), "no file");
    txt = diag_text(&d);
    assert_string_equal(txt,
        "<input>:1:2: error: no file\n"
        "dir/g.yaml: error: cannot read: gone\n"
        "dir/g.yaml:4:7: error: unknown key 'memroy'\n"
        "dir/g.yaml:5:1: warning: just so\n");
    free(txt);
    diags_free(&d);
}

/* Sorted by file, line, column; equal positions keep insertion order. */
static void test_sort_order(void **state)
{
    struct diags d = { 0 };
    char *txt;
    (void)state;
    diag_err(&d, "b.yaml", at(1, 1), "b first");
    diag_err(&d, "a.yaml", at(9, 1), "line 9");
    diag_err(&d, "a.yaml", at(2, 5), "line 2 col 5");
    diag_err(&d, "a.yaml", at(2, 1), "same place, added first");
    diag_warn(&d, "a.yaml", at(2, 1), "same place, added second");
    diag_err(&d, "a.yaml", at(2, 1), "same place, added third");
    diag_err(&d, "a.yaml", at(10, 1), "line 10 after line 9");
    txt = diag_text(&d);
    assert_string_equal(txt,
        "a.yaml:2:1: error: same place, added first\n"
        "a.yaml:2:1: warning: same place, added second\n"
        "a.yaml:2:1: error: same place, added third\n"
        "a.yaml:2:5: error: line 2 col 5\n"
        "a.yaml:9:1: error: line 9\n"
        "a.yaml:10:1: error: line 10 after line 9\n"
        "b.yaml:1:1: error: b first\n");
    free(txt);
    diags_free(&d);
}

/* Many entries with equal keys: the sort must stay stable (qsort is not). */
static void test_sort_stable_many(void **state)
{
    struct diags d = { 0 };
    char *txt, *p;
    int i, prev_line = 0, prev_num = -1;
    (void)state;
    for (i = 0; i < 200; i++)
        diag_err(&d, "f.yaml", at(1 + (unsigned)(i % 3), 1), "%03d", i);
    txt = diag_text(&d);
    for (p = txt, i = 0; *p; i++) {
        int line, num;
        assert_int_equal(sscanf(p, "f.yaml:%d:1: error: %d", &line, &num), 2);
        assert_true(line > prev_line || (line == prev_line && num > prev_num));
        prev_line = line;
        prev_num = num;
        p = strchr(p, '\n') + 1;
    }
    assert_int_equal(i, 200);
    free(txt);
    diags_free(&d);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(edit_distance("memory", "memory"), 0);
    assert_int_equal(edit_distance("memroy", "memory"), 1);      /* transposition */
    assert_int_equal(edit_distance("memor", "memory"), 1);       /* deletion */
    assert_int_equal(edit_distance("memoryy", "memory"), 1);     /* insertion */
    assert_int_equal(edit_distance("nemory", "memory"), 1);      /* substitution */
    assert_int_equal(edit_distance("", "abc"), 3);
    assert_int_equal(edit_distance("abc", ""), 3);
    assert_int_equal(edit_distance("kitten", "sitting"), 3);
    assert_int_equal(edit_distance("ca", "abc"), 3);             /* OSA, not Damerau */
    assert_int_equal(edit_distance("vcpus", "maxvcpus"), 3);
    assert_int_equal(edit_distance("abc", "ABC"), 3);            /* case matters */
    /* symmetric */
    assert_int_equal(edit_distance("bridge", "brigde"), edit_distance("brigde", "bridge"));
    /* longer than the table: "far away", never a suggestion */
    assert_true(edit_distance("a_very_long_key_name_that_is_over_32", "a") > 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_print_format),
        cmocka_unit_test(test_sort_order),
        cmocka_unit_test(test_sort_stable_many),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
