/*
 * test_yaml_tree.c - ydoc_load(): the libyaml event stream -> a tree with
 * 1-based marks, shared aliases and the limits that make hostile input
 * safe (expansion size, nesting depth, one document, file size).
 */
#include "unit.h"
#include "base/util.h"
#include "model/yaml_tree.h"

#include <time.h>

static int parse(struct ydoc *doc, struct diags *d, const char *text)
{
    return ydoc_load(doc, "y.yaml", text, strlen(text), d);
}

static void assert_mark(const struct ynode *n, unsigned line, unsigned col)
{
    assert_non_null(n);
    if (n->mark.line != line || n->mark.col != col)
        fail_msg("mark %u:%u, want %u:%u", n->mark.line, n->mark.col, line, col);
}

static void test_marks_are_one_based(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    const struct ynode *r, *seq;

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: b\nlist:\n  - one\n  -   two\nmap: {k: v}\n"), 0);
    r = doc.root;
    assert_int_equal(r->kind, Y_MAP);
    assert_int_equal(r->n, 3);
    assert_mark(r, 1, 1);
    assert_mark(r->keys[0], 1, 1);
    assert_string_equal(r->keys[0]->str, "a");
    assert_mark(r->items[0], 1, 4);
    assert_string_equal(r->items[0]->str, "b");
    assert_int_equal(r->items[0]->len, 1);
    seq = r->items[1];
    assert_int_equal(seq->kind, Y_SEQ);
    assert_mark(seq, 3, 3);
    assert_int_equal(seq->n, 2);
    assert_mark(seq->items[0], 3, 5);
    assert_mark(seq->items[1], 4, 7);
    assert_string_equal(seq->items[1]->str, "two");
    assert_mark(r->items[2], 5, 6);
    assert_mark(r->items[2]->items[0], 5, 10);
    ydoc_free(&doc);
    diags_free(&d);
}

static void test_scalars_plain_quoted_null(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    const struct ynode *r;

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: x\nb: \"x\"\nc: 'x'\nd: ~\ne:\nf: null\ng: \"\"\nh: \"null\"\n"), 0);
    r = doc.root;
    assert_true(r->items[0]->plain);
    assert_false(r->items[1]->plain);
    assert_false(r->items[2]->plain);
    assert_true(ynode_is_null(r->items[3]));
    assert_true(ynode_is_null(r->items[4]));
    assert_true(ynode_is_null(r->items[5]));
    assert_false(ynode_is_null(r->items[6]));       /* "" is a string */
    assert_false(ynode_is_null(r->items[7]));       /* so is "null" */
    assert_false(ynode_is_null(r->items[0]));
    assert_string_equal(ynode_kind_name(r->items[0]), "a scalar");
    assert_string_equal(ynode_kind_name(r->items[3]), "null");
    assert_string_equal(ynode_kind_name(r), "a mapping");
    assert_string_equal(ynode_kind_name(NULL), "nothing");
    ydoc_free(&doc);
    diags_free(&d);
}

static void test_alias_is_shared(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    const struct ynode *r;

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: &x [1, 2, 3]\nb: *x\nc: &s word\nd: *s\n"), 0);
    r = doc.root;
    assert_ptr_equal(r->items[0], r->items[1]);     /* same node, not a copy */
    assert_ptr_equal(r->items[2], r->items[3]);
    assert_int_equal(r->items[0]->weight, 4);       /* seq + 3 scalars */
    /* root: itself, 4 keys, a (4), b (4 again: expansion counted), c, d */
    assert_int_equal(r->weight, 1 + 4 + 4 + 4 + 1 + 1);
    ydoc_free(&doc);
    diags_free(&d);
}

static void test_alias_errors(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: 1\nb: *nope\n"), -1);
    assert_null(doc.root);
    assert_diag(&d, "y.yaml:2:4: error: alias '*nope' refers to no complete anchor above it");
    diags_free(&d);

    /* an alias inside its own anchor would be a cycle */
    assert_int_equal(parse(&doc, &d, "a: &x [1, *x]\n"), -1);
    assert_diag(&d, "y.yaml:1:11: error: alias '*x' refers to no complete anchor");
    diags_free(&d);
}

/* The classic "billion laughs": 9^7 nodes if expanded. */
static void test_billion_laughs_refused(void **state)
{
    static const char lol[] =
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    struct ydoc doc;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(parse(&doc, &d, lol), -1);
    assert_null(doc.root);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, "error: YAML aliases expand to more than 100000 nodes; refusing the document");
    diags_free(&d);
}

/* Many aliases that stay under the limit are fine. */
static void test_aliases_under_limit(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    struct strbuf sb = STRBUF_INIT;
    int i;

    (void)state;
    sb_adds(&sb, "base: &b [1, 2, 3, 4, 5, 6, 7, 8, 9]\nuses:\n");
    for (i = 0; i < 1000; i++)
        sb_adds(&sb, "  - *b\n");       /* 10 nodes each: 10000 in all */
    assert_int_equal(parse(&doc, &d, sb_str(&sb)), 0);
    assert_int_equal(doc.root->items[1]->n, 1000);
    assert_true(doc.root->weight > 10000 && doc.root->weight < YAML_MAX_EXPANDED);
    ydoc_free(&doc);
    diags_free(&d);
    sb_free(&sb);
}

static char *nested(int depth)
{
    struct strbuf sb = STRBUF_INIT;
    int i;
    for (i = 0; i < depth; i++)
        sb_addc(&sb, '[');
    sb_adds(&sb, "x");
    for (i = 0; i < depth; i++)
        sb_addc(&sb, ']');
    sb_addc(&sb, '\n');
    return sb_detach(&sb);
}

static void test_depth_limit(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    char *ok = nested(YAML_MAX_DEPTH), *deep = nested(YAML_MAX_DEPTH + 1);

    (void)state;
    assert_int_equal(parse(&doc, &d, ok), 0);
    assert_int_equal(d.n, 0);
    ydoc_free(&doc);
    assert_int_equal(parse(&doc, &d, deep), -1);
    assert_null(doc.root);
    assert_diag(&d, "y.yaml:1:65: error: YAML nesting deeper than 64 levels");
    diags_free(&d);
    free(ok);
    free(deep);
}

static void test_documents(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: 1\n---\nb: 2\n"), -1);
    assert_null(doc.root);
    assert_diag(&d, "y.yaml:2:1: error: more than one YAML document: put one guest per file");
    diags_free(&d);

    /* explicit start and end markers around one document are fine */
    assert_int_equal(parse(&doc, &d, "---\na: 1\n...\n"), 0);
    assert_int_equal(doc.root->n, 1);
    assert_mark(doc.root, 2, 1);
    ydoc_free(&doc);

    assert_int_equal(parse(&doc, &d, ""), 0);       /* empty: no root */
    assert_null(doc.root);
    ydoc_free(&doc);
    assert_int_equal(parse(&doc, &d, "# only a comment\n"), 0);
    assert_null(doc.root);
    ydoc_free(&doc);
    assert_int_equal(d.n, 0);
    diags_free(&d);
}

static void test_syntax_error(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(parse(&doc, &d, "a: [1, 2\nb: 3\n"), -1);
    assert_null(doc.root);
    assert_diag(&d, "y.yaml:2:2: error: YAML syntax: did not find expected ',' or ']' "
                    "while parsing a flow sequence (opened at line 1)");
    diags_free(&d);

    assert_int_equal(parse(&doc, &d, "a: b\n c: d\n"), -1);
    assert_diag(&d, "y.yaml:2:3: error: YAML syntax: mapping values are not allowed in this context");
    diags_free(&d);

    assert_int_equal(parse(&doc, &d, "a:\tb\n\tc: d\n"), -1);
    assert_diag(&d, "y.yaml:2:1: error: a tab character: YAML indents with spaces only; replace the tab with spaces");
    diags_free(&d);
}

static void test_file_size_limit(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };
    size_t n = YAML_MAX_FILE_SIZE + 1;
    char *big = xmalloc(n);

    (void)state;
    memset(big, '#', n);
    assert_int_equal(ydoc_load(&doc, "big.yaml", big, n, &d), -1);
    assert_diag(&d, "big.yaml: error: file is larger than 1048576 bytes");
    diags_free(&d);
    free(big);
}

static void test_non_scalar_keys_kept(void **state)
{
    struct ydoc doc;
    struct diags d = { 0 };

    (void)state;
    assert_int_equal(parse(&doc, &d, "? [a, b]\n: 1\nc: 2\n"), 0);
    assert_int_equal(doc.root->n, 2);
    assert_int_equal(doc.root->keys[0]->kind, Y_SEQ);
    assert_string_equal(doc.root->keys[1]->str, "c");
    ydoc_free(&doc);
    diags_free(&d);
}

/* An embedded NUL (YAML's "\0" escape) would cut a size or a xenstore:
 * key short wherever the value is used as a C string: refused, with its
 * place. */
static void test_embedded_nul_refused(void **state)
{
    static const char *const docs[] = {
        "name: t\ntype: pvh\nmemory: 256M\nkernel: /k\n"
        "disks:\n  - { target: /a, vdev: xvda, size: \"1G\\0junk\" }\n",
        "name: t\ntype: pvh\nmemory: 256M\nkernel: /k\nxenstore:\n  \"role\\0x\": db\n",
        "name: t\ntype: pvh\nmemory: \"256M\\0\"\nkernel: /k\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_SIZE(docs); i++) {
        struct xyl_guest g;
        struct diags d = { 0 };

        assert_true(load(&g, &d, docs[i]) > 0);
        assert_diag(&d, "a NUL character");
        done(&g, &d);
    }
}

/* 40,000 anchors, each used once: the lookups must not be quadratic (a
 * linear search took 3 s of CPU here; a hash takes milliseconds). */
static void test_many_anchors_fast(void **state)
{
    enum { N = 40000 };
    struct strbuf sb = STRBUF_INIT;
    struct ydoc doc;
    struct diags d = { 0 };
    clock_t t0;
    double secs;
    int i;

    (void)state;
    sb_adds(&sb, "a:\n");
    for (i = 0; i < N; i++)
        sb_addf(&sb, "- &a%d v%d\n", i, i);
    sb_adds(&sb, "b:\n");
    for (i = N - 1; i >= 0; i--)
        sb_addf(&sb, "- *a%d\n", i);
    sb_adds(&sb, "c: &a7 other\nd: *a7\n");     /* a later anchor of a name wins */
    t0 = clock();
    assert_int_equal(ydoc_load(&doc, "y.yaml", sb.buf, sb.len, &d), 0);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (secs > 1.0)
        fail_msg("%d anchors and aliases took %.1f s of CPU", N, secs);
    assert_int_equal(doc.root->items[1]->n, N);
    assert_string_equal(doc.root->items[1]->items[0]->str, "v39999");
    assert_string_equal(doc.root->items[1]->items[N - 1]->str, "v0");
    assert_string_equal(doc.root->items[3]->str, "other");
    ydoc_free(&doc);
    diags_free(&d);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks_are_one_based),
        cmocka_unit_test(test_scalars_plain_quoted_null),
        cmocka_unit_test(test_alias_is_shared),
        cmocka_unit_test(test_alias_errors),
        cmocka_unit_test(test_billion_laughs_refused),
        cmocka_unit_test(test_aliases_under_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_non_scalar_keys_kept),
        cmocka_unit_test(test_many_anchors_fast),
        cmocka_unit_test(test_embedded_nul_refused),
    };
    return cmocka_run_group_tests_name("yaml_tree", tests, NULL, NULL);
}
