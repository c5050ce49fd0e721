/*
 * test_yaml_fast.c - the fast YAML reader (model/yaml_fast.c) builds
 * exactly libyaml's tree for what it takes, gives up on the rest (which
 * ydoc_load then hands to libyaml, errors and all), and takes every
 * example definition, so `xyl -N create` keeps its speed.
 */
#include "unit.h"
#include "base/util.h"
#include "model/yaml_fast.h"

#include <glob.h>

/* 1 if the fast reader took text (and then its tree is libyaml's), 0 if it
 * gave up. */
static int fast_same(const char *text, size_t len)
{
    struct ydoc fast, ref;
    struct diags d = { 0 };
    int took = yfast_load(&fast, text, len) == 0;

    if (took) {
        assert_int_equal(ydoc_load_libyaml(&ref, "y.yaml", text, len, &d), 0);
        if (!ynode_same(fast.root, ref.root))
            fail_msg("the fast tree differs from libyaml's for:\n%s", text);
        ydoc_free(&ref);
    }
    ydoc_free(&fast);
    diags_free(&d);
    return took;
}

static void test_takes_block_yaml(void **state)
{
    static const char *const docs[] = {
        "a: b\n",
        "a: b",                                         /* no final newline */
        "# head\n\nname: web   # trailing\ntype: pvh\n  # indented comment\nmemory: 512M\n",
        "disks:\n  - target: /img\n    vdev: xvda\n  - { target: /b, vdev: xvdb }\nn: 1\n",
        "disks:\n- a\n- b\nafter: x\n",                 /* a list at its key's indent */
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "l: [a, b, 'c d', \"e\"]\nm: {k: v, k2: [x, {y: z}]}\nempty: []\ne2: {}\n",
        "q: 'it''s'\nd: \"x#y\"\n'quoted key': 1\n\"dq\": 2\n",
        "cmdline: console=hvc0 root=/dev/xvda1 a:b x#y\nurl: http://h:80/p\n",
        "run:\n  - [systemctl, enable, --now, nginx]\nn: -1\n",
        "  indented: root\n  second: key\n",
        "- a\n- b: c\n  d: e\n- [f]\n",
        "a:   spaced   \nb:\t\n",                      /* a tab: given up below */
        "x:\n  - a:\n    - b\n    c: d\n",
        "k : v\n",
    };
    size_t i;
    int took = 0;

    (void)state;
    for (i = 0; i < ARRAY_SIZE(docs); i++)
        took += fast_same(docs[i], strlen(docs[i]));
    assert_int_equal(took, (int)ARRAY_SIZE(docs) - 1);
}

/* Each of these is outside the subset: libyaml reads it (and reports its
 * errors with its words). */
static void test_gives_up(void **state)
{
    static const char *const docs[] = {
        "a: &x 1\nb: *x\n",             /* anchors and aliases */
        "a: !!str 1\n",                 /* tags */
        "a: |\n  text\n",               /* block scalars */
        "a: >\n  text\n",
        "a:\tb\n",                      /* a tab */
        "a: b\r\n",                     /* CR */
        "a: \xc3\xa9\n",                /* UTF-8 */
        "a:\nb: c\n",                   /* an empty value */
        "a: b\n  c\n",                  /* a multi-line plain scalar */
        "a: [b,\n  c]\n",               /* a multi-line flow */
        "---\na: b\n",                  /* document markers */
        "a: b\n...\n",
        "a: b: c\n",                    /* an error */
        "a: [b, ]\n",                   /* a trailing comma */
        "a: \"x\\ty\"\n",               /* an escape */
        "a: b\n - c\n",                 /* bad indentation */
        "? a\n: b\n",                   /* a complex key */
        "a: 'b\n",                      /* unclosed */
        "- a\nb: c\n",
        "a:\n  - b\n c: d\n",
        "",                             /* empty */
        "# only a comment\n",
        "scalar\n",
        "a: {b: http://x}\n",           /* ':' inside a flow scalar */
        "a: b\n\"c\":d\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_SIZE(docs); i++)
        if (fast_same(docs[i], strlen(docs[i])))
            fail_msg("the fast reader took:\n%s", docs[i]);
}

/* Limits stay libyaml's: too deep or too many nodes goes to libyaml, which
 * refuses it with its message; keys near libyaml's 1024-byte limit for
 * simple keys too. */
static void test_limits_left_to_libyaml(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct ydoc doc;
    struct diags d = { 0 };
    int i;

    (void)state;
    sb_addf(&sb, "%01100d: v\n", 0);
    assert_int_equal(fast_same(sb.buf, sb.len), 0);
    sb_reset(&sb);
    sb_addf(&sb, "m: {%01100d: v}\n", 0);
    assert_int_equal(fast_same(sb.buf, sb.len), 0);
    sb_reset(&sb);
    sb_addf(&sb, "m: {%0900d: v}\n%0900d: w\n", 0, 0);
    assert_int_equal(fast_same(sb.buf, sb.len), 1);
    sb_free(&sb);

    for (i = 0; i < YAML_MAX_DEPTH + 1; i++)
        sb_addf(&sb, "%*sk:\n", 2 * i, "");
    sb_addf(&sb, "%*sk: v\n", 2 * (YAML_MAX_DEPTH + 1), "");
    assert_int_equal(fast_same(sb.buf, sb.len), 0);
    assert_int_equal(ydoc_load(&doc, "y.yaml", sb.buf, sb.len, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "nesting deeper"));
    diags_free(&d);
    sb_free(&sb);

    sb_adds(&sb, "l:\n");
    for (i = 0; i < YAML_MAX_EXPANDED; i++)
        sb_adds(&sb, "- a\n");
    assert_int_equal(fast_same(sb.buf, sb.len), 0);
    assert_int_equal(ydoc_load(&doc, "y.yaml", sb.buf, sb.len, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "more than"));
    diags_free(&d);
    sb_free(&sb);
}

/* The examples are what `make bench` measures and what users copy: each
 * must take the fast path, with libyaml's tree. */
static void test_examples_take_the_fast_path(void **state)
{
    glob_t gl;
    size_t i;

    (void)state;
    assert_int_equal(glob("configs/*.yaml", 0, NULL, &gl), 0);
    assert_int_equal(glob("configs/lab-demo/*.yaml", GLOB_APPEND, NULL, &gl), 0);
    assert_true(gl.gl_pathc >= 10);
    for (i = 0; i < gl.gl_pathc; i++) {
        size_t len;
        char *text = read_file(gl.gl_pathv[i], YAML_MAX_FILE_SIZE, &len);

        assert_non_null(text);
        if (!fast_same(text, len))
            fail_msg("%s does not take the fast YAML path", gl.gl_pathv[i]);
        free(text);
    }
    globfree(&gl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_takes_block_yaml),
        cmocka_unit_test(test_gives_up),
        cmocka_unit_test(test_limits_left_to_libyaml),
        cmocka_unit_test(test_examples_take_the_fast_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
