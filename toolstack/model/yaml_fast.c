/*
 * yaml_fast.c - plain block YAML straight into the ynode tree, the fast
 * path of ydoc_load() (see yaml_fast.h).
 *
 * Why: libyaml's scanner spends about 170 instructions per byte, half of
 * what `xyl -N create` and `xyl validate` cost per definition (callgrind,
 * `make bench`).  This reader takes the subset definitions use and gives
 * up (returns 1, nothing reported) on anything else, so libyaml still
 * reads, and words the errors of, every other file.
 *
 * The subset: printable ASCII and newlines only (no tab, CR, NUL or
 * UTF-8: libyaml has words for those); block mappings and sequences,
 * including "- key: value" items and sequences at their key's indent;
 * single-line plain, 'single' and "double" scalars (no backslash escapes);
 * single-line flow [..] and {..}; comments and blank lines anywhere.
 * Not in it: anchors, aliases, tags, directives, document markers, block
 * scalars (| >), multi-line scalars or flows, empty values, complex keys,
 * plain scalars that start with an indicator (- ? : , [ ] { } # & * ! | >
 * ' " % @ `), keys over 1000 bytes, more than YAML_MAX_EXPANDED nodes or
 * deeper than YAML_MAX_DEPTH.  Each rule below is the libyaml behaviour
 * it copies, or a give-up where copying it would be subtle.
 */
#include "model/yaml_fast.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

#define FP_GIVE_UP  (-2)        /* f->ind: the text is outside the subset */
#define FP_EOF      (-1)        /* f->ind: no content line left */
#define FP_MAX_KEY  1000        /* libyaml refuses simple keys past 1024 */

struct fp {
    const char *s, *end;        /* the text */
    const char *p;              /* where reading is */
    const char *bol;            /* start of p's line */
    unsigned line;              /* p's line, 1-based */
    int ind;                    /* indent of the content line at p, or FP_EOF/FP_GIVE_UP */
    struct arena *a;
    struct ynode **stk;         /* children of the open collections */
    size_t top, alloc;
    size_t nodes;
    int depth;
};

enum sstyle { S_PLAIN, S_SINGLE, S_DOUBLE };

struct scan {                   /* one scalar, before it is stored */
    const char *at;             /* first character (the quote if quoted) */
    const char *text;           /* the value's bytes ... */
    size_t len;                 /* ... and their count */
    enum sstyle style;
    bool key;                   /* followed by ': ' (or ':' at the line's end) */
    bool quotes;                /* '' inside a single-quoted scalar */
};

static bool blankz(const struct fp *f, const char *q)
{
    return q >= f->end || *q == ' ' || *q == '\n';
}

static bool at_eol(const struct fp *f)
{
    return f->p >= f->end || *f->p == '\n';
}

static void skip_spaces(struct fp *f)
{
    while (f->p < f->end && *f->p == ' ')
        f->p++;
}

static int col(const struct fp *f)
{
    return (int)(f->p - f->bol);
}

/* libyaml's plain scalars cannot start with an indicator, but for '-'
 * before a non-blank (--now, -1); '?' and ':' before one are left to
 * libyaml (its rule for them differs in flows). */
static bool plain_start(const struct fp *f, const char *q)
{
    if (*q == '-')
        return !blankz(f, q + 1);
    return *q != ' ' && *q != '\n' && !strchr("?:,[]{}#&*!|>'\"%@`", *q);
}

/* A block sequence entry: '-' and a blank (libyaml's BLOCK-ENTRY). */
static bool at_entry(const struct fp *f)
{
    return f->p < f->end && *f->p == '-' && blankz(f, f->p + 1);
}

/* Move to the next line that holds something other than spaces and a
 * comment; f->ind is its indent (p at its first character), or FP_EOF. */
static void next_line(struct fp *f)
{
    for (;;) {
        const char *q = f->p;

        while (q < f->end && *q == ' ')
            q++;
        if (q >= f->end) {
            f->p = q;
            f->ind = FP_EOF;
            return;
        }
        if (*q == '#') {
            q = memchr(q, '\n', (size_t)(f->end - q));
            if (!q) {
                f->p = f->end;
                f->ind = FP_EOF;
                return;
            }
        }
        if (*q != '\n') {
            f->p = q;
            f->ind = col(f);
            /* document markers: --- and ... at column 0 */
            if (q == f->bol && f->end - q >= 3 && (!memcmp(q, "---", 3) || !memcmp(q, "...", 3)) &&
                blankz(f, q + 3))
                f->ind = FP_GIVE_UP;
            return;
        }
        f->p = q + 1;
        f->bol = f->p;
        f->line++;
    }
}

/* After a value: spaces, perhaps a comment (after a space, as libyaml
 * wants it), the line's end; then on to the next content line. */
static void end_line(struct fp *f)
{
    const char *was = f->p;

    skip_spaces(f);
    if (f->p < f->end && *f->p == '#' && f->p > was) {
        const char *nl = memchr(f->p, '\n', (size_t)(f->end - f->p));
        f->p = nl ? nl : f->end;
    }
    if (f->p < f->end && *f->p != '\n') {
        f->ind = FP_GIVE_UP;
        return;
    }
    if (f->p < f->end) {
        f->p++;
        f->bol = f->p;
        f->line++;
    }
    next_line(f);
}

/* The bytes scan_plain() must look at: in a block and in a flow. */
#define STOP_BLOCK 1
#define STOP_FLOW  2
static const unsigned char stops[256] = {
    ['\n'] = STOP_BLOCK | STOP_FLOW, [':'] = STOP_BLOCK | STOP_FLOW, [' '] = STOP_BLOCK | STOP_FLOW,
    [','] = STOP_FLOW, [']'] = STOP_FLOW, ['}'] = STOP_FLOW, ['['] = STOP_FLOW,
    ['{'] = STOP_FLOW, ['#'] = STOP_FLOW, ['?'] = STOP_FLOW,
};

/* A plain scalar, as libyaml's scanner ends it: at ': ' or ':' at the
 * line's end (then it is a key), at ' #', at the line's end; in a flow
 * also at , ] } .  Trailing spaces are not part of it. */
static int scan_plain(struct fp *f, bool flow, struct scan *sc)
{
    const char *q = f->p, *last;

    if (q >= f->end || !plain_start(f, q))
        return -1;
    for (;; q++) {
        /* most bytes end nothing: skip them by the table */
        while (q < f->end && !(stops[(unsigned char)*q] & (flow ? STOP_FLOW : STOP_BLOCK)))
            q++;
        if (q >= f->end || *q == '\n') {
            if (flow)
                return -1;      /* a flow over several lines */
            break;
        }
        if (*q == ':' && blankz(f, q + 1)) {
            sc->key = true;
            break;
        }
        if (*q == ' ' && q + 1 < f->end && q[1] == '#')
            break;
        if (flow) {
            if (*q == ',' || *q == ']' || *q == '}')
                break;
            if (strchr(":[{#?", *q))
                return -1;      /* libyaml's flow rules for these are subtle */
        }
    }
    for (last = q; last > f->p && last[-1] == ' '; last--)
        ;
    sc->at = sc->text = f->p;
    sc->len = (size_t)(last - f->p);
    sc->style = S_PLAIN;
    f->p = sc->key ? q : last;
    return 0;
}

/* 'single' ('' is a quote) or "double" without backslashes, on one line;
 * then a key if ':' and a blank follow. */
static int scan_quoted(struct fp *f, struct scan *sc)
{
    char quote = *f->p;
    const char *q = f->p + 1;

    for (;; q++) {
        if (q >= f->end || *q == '\n' || (quote == '"' && *q == '\\'))
            return -1;
        if (*q == quote) {
            if (quote == '\'' && q + 1 < f->end && q[1] == '\'') {
                sc->quotes = true;
                q++;
                continue;
            }
            break;
        }
    }
    sc->at = f->p;
    sc->text = f->p + 1;
    sc->len = (size_t)(q - sc->text);
    sc->style = quote == '\'' ? S_SINGLE : S_DOUBLE;
    f->p = q + 1;
    if (f->p < f->end && *f->p == ':') {
        if (!blankz(f, f->p + 1))
            return -1;          /* 'a':b is a quirk of flows, or an error */
        sc->key = true;
    }
    return 0;
}

static int scan_scalar(struct fp *f, bool flow, struct scan *sc)
{
    memset(sc, 0, sizeof(*sc));
    if (f->p < f->end && (*f->p == '\'' || *f->p == '"'))
        return scan_quoted(f, sc);
    return scan_plain(f, flow, sc);
}

static struct ynode *new_node(struct fp *f, enum ynode_kind kind, const char *at)
{
    struct ynode *n = arena_alloc(f->a, sizeof(*n));

    n->kind = kind;
    n->mark.line = f->line;
    n->mark.col = (unsigned)(at - f->bol) + 1;
    n->weight = 1;
    f->nodes++;
    return n;
}

static struct ynode *make_scalar(struct fp *f, const struct scan *sc)
{
    struct ynode *n = new_node(f, Y_SCALAR, sc->at);

    n->plain = sc->style == S_PLAIN;
    if (!sc->quotes) {
        n->str = arena_strndup(f->a, sc->text, sc->len);
        n->len = sc->len;
    } else {
        char *o = arena_alloc(f->a, sc->len + 1);
        size_t i, k = 0;

        for (i = 0; i < sc->len; i++) {
            o[k++] = sc->text[i];
            if (sc->text[i] == '\'')
                i++;            /* '' -> ' */
        }
        n->str = o;
        n->len = k;
    }
    return n;
}

static void push(struct fp *f, struct ynode *n)
{
    ALLOC_GROW(f->stk, f->top, f->alloc);
    f->stk[f->top++] = n;
}

/* A collection opens: libyaml's loader refuses nesting past YAML_MAX_DEPTH. */
static bool enter(struct fp *f)
{
    return f->depth++ < YAML_MAX_DEPTH;
}

/* The children pushed since base become n's, as the libyaml loader's
 * on_end() stores them (maps: keys and values alternate). */
static struct ynode *finish(struct fp *f, struct ynode *n, size_t base)
{
    size_t i, count = f->top - base;

    for (i = base; i < f->top; i++)
        n->weight += f->stk[i]->weight;
    if (n->kind == Y_SEQ) {
        n->n = count;
        n->items = arena_alloc(f->a, count * sizeof(struct ynode *));
        if (count)
            memcpy(n->items, f->stk + base, count * sizeof(struct ynode *));
    } else {
        n->n = count / 2;
        n->keys = arena_alloc(f->a, n->n * sizeof(struct ynode *));
        n->items = arena_alloc(f->a, n->n * sizeof(struct ynode *));
        for (i = 0; i < n->n; i++) {
            n->keys[i] = f->stk[base + 2 * i];
            n->items[i] = f->stk[base + 2 * i + 1];
        }
    }
    f->top = base;
    f->depth--;
    return n;
}

static struct ynode *flow_node(struct fp *f);

/* [a, b] or {k: v, k2: v2} on one line; no trailing comma, no empty value. */
static struct ynode *flow_collection(struct fp *f)
{
    bool map = *f->p == '{';
    char close = map ? '}' : ']';
    struct ynode *n = new_node(f, map ? Y_MAP : Y_SEQ, f->p), *v;
    size_t base = f->top;
    struct scan sc;

    if (!enter(f))
        return NULL;
    f->p++;
    skip_spaces(f);
    if (f->p < f->end && *f->p == close) {
        f->p++;
        return finish(f, n, base);
    }
    for (;;) {
        if (map) {
            const char *key_at = f->p;

            if (scan_scalar(f, true, &sc) || !sc.key || f->p - key_at > FP_MAX_KEY)
                return NULL;
            push(f, make_scalar(f, &sc));
            f->p++;             /* the ':' */
            skip_spaces(f);
            if (f->p >= f->end || *f->p == ',' || *f->p == '}')
                return NULL;
        }
        if (!(v = flow_node(f)))
            return NULL;
        push(f, v);
        skip_spaces(f);
        if (f->p < f->end && *f->p == ',') {
            f->p++;
            skip_spaces(f);
            if (f->p < f->end && *f->p == close)
                return NULL;
            continue;
        }
        if (f->p < f->end && *f->p == close) {
            f->p++;
            return finish(f, n, base);
        }
        return NULL;
    }
}

static struct ynode *flow_node(struct fp *f)
{
    struct scan sc;

    if (f->p < f->end && (*f->p == '[' || *f->p == '{'))
        return flow_collection(f);
    if (scan_scalar(f, true, &sc) || sc.key)
        return NULL;            /* [a: b] is a mapping inside: left to libyaml */
    return make_scalar(f, &sc);
}

/* A value on the key's (or the entry's) line, then the line's end. */
static struct ynode *inline_value(struct fp *f)
{
    struct ynode *v;
    struct scan sc;

    if (*f->p == '[' || *f->p == '{') {
        v = flow_collection(f);
    } else {
        if (scan_scalar(f, false, &sc) || sc.key)
            return NULL;        /* "a: b: c" */
        v = make_scalar(f, &sc);
    }
    if (v)
        end_line(f);
    return v;
}

static struct ynode *block_seq(struct fp *f, int ind, bool indentless);

/* key: value lines at indent ind; p at the first key. */
static struct ynode *block_map(struct fp *f, int ind)
{
    struct ynode *n = new_node(f, Y_MAP, f->p), *v;
    size_t base = f->top;
    struct scan sc;

    if (!enter(f))
        return NULL;
    for (;;) {
        const char *key_at = f->p;

        if (scan_scalar(f, false, &sc) || !sc.key || f->p - key_at > FP_MAX_KEY)
            return NULL;
        push(f, make_scalar(f, &sc));
        f->p++;                 /* the ':' */
        skip_spaces(f);
        if (at_eol(f) || (*f->p == '#' && f->p[-1] == ' ')) {
            end_line(f);
            if (f->ind > ind)
                v = at_entry(f) ? block_seq(f, f->ind, false) : block_map(f, f->ind);
            else if (f->ind == ind && at_entry(f))
                v = block_seq(f, ind, true);
            else
                return NULL;    /* an empty value: libyaml's marks for it are subtle */
        } else {
            v = inline_value(f);
        }
        if (!v)
            return NULL;
        push(f, v);
        if (f->ind == ind)
            continue;
        if (f->ind > ind || f->ind == FP_GIVE_UP)
            return NULL;        /* a continuation line, or bad indentation */
        return finish(f, n, base);
    }
}

/* A line's content is a key: "- key: value" starts a mapping there. */
static bool line_is_key(struct fp *f)
{
    const char *was = f->p;
    struct scan sc;
    bool key = scan_scalar(f, false, &sc) == 0 && sc.key;

    f->p = was;
    return key;
}

/* "- item" lines at indent ind; indentless: at the indent of its key. */
static struct ynode *block_seq(struct fp *f, int ind, bool indentless)
{
    struct ynode *n = new_node(f, Y_SEQ, f->p), *v;
    size_t base = f->top;

    if (!enter(f))
        return NULL;
    for (;;) {
        if (!at_entry(f))
            return NULL;
        f->p++;
        skip_spaces(f);
        if (at_eol(f) || *f->p == '#' || *f->p == '-')
            return NULL;        /* an item on the next lines, or "- - x" */
        if (line_is_key(f))
            v = block_map(f, col(f));
        else
            v = inline_value(f);
        if (!v)
            return NULL;
        push(f, v);
        if (f->ind == ind && at_entry(f))
            continue;
        if (f->ind == ind && indentless)
            return finish(f, n, base);
        if (f->ind >= ind || f->ind == FP_GIVE_UP)
            return NULL;
        return finish(f, n, base);
    }
}

/* The bytes of the subset: printable ASCII and the newline. */
#define R4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define R16(c) R4(c), R4(c + 4), R4(c + 8), R4(c + 12)
static const unsigned char ascii[256] = {
    ['\n'] = 1, R16(0x20), R16(0x30), R16(0x40), R16(0x50), R16(0x60),
    R4(0x70), R4(0x74), R4(0x78), [0x7c] = 1, [0x7d] = 1, [0x7e] = 1,
};

int yfast_load(struct ydoc *doc, const char *buf, size_t len)
{
    struct fp f;
    struct ynode *root = NULL;
    size_t i;


    memset(doc, 0, sizeof(*doc));
    for (i = 0; i < len; i++)
        if (!ascii[(unsigned char)buf[i]])
            return 1;
    memset(&f, 0, sizeof(f));
    f.s = f.p = f.bol = buf;
    f.end = buf + len;
    f.line = 1;
    f.a = &doc->arena;
    next_line(&f);
    if (f.ind >= 0) {
        root = at_entry(&f) ? block_seq(&f, f.ind, false) :
               line_is_key(&f) ? block_map(&f, f.ind) : NULL;
        if (root && (f.ind != FP_EOF || f.nodes > YAML_MAX_EXPANDED))
            root = NULL;
    }
    free(f.stk);
    if (!root) {
        arena_free(&doc->arena);
        return 1;
    }
    doc->root = root;
    return 0;
}

bool ynode_same(const struct ynode *a, const struct ynode *b)
{
    size_t i;

    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->mark.line != b->mark.line || a->mark.col != b->mark.col ||
        a->n != b->n || a->weight != b->weight)
        return false;
    if (a->kind == Y_SCALAR)
        return a->plain == b->plain && a->len == b->len && !memcmp(a->str, b->str, a->len + 1);
    for (i = 0; i < a->n; i++)
        if (!ynode_same(a->items[i], b->items[i]) ||
            (a->kind == Y_MAP && !ynode_same(a->keys[i], b->keys[i])))
            return false;
    return true;
}
