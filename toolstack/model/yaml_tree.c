/*
 * yaml_tree.c - libyaml event stream -> struct ynode tree.
 *
 * We use the event API rather than yaml_parser_load() so that we control
 * alias handling: an alias becomes a second pointer to the anchored node,
 * and every node carries the number of nodes it would expand to.  A
 * "billion laughs" document is refused as soon as that number passes
 * YAML_MAX_EXPANDED, before anything walks it.
 *
 * ydoc_load() first offers the text to yaml_fast.c, which reads plain
 * block YAML (nearly every definition) several times faster and leaves
 * everything else, errors included, to libyaml here.
 */
#include "model/yaml_tree.h"
#include "model/yaml_fast.h"
#include "base/util.h"

#include <string.h>
#include <yaml.h>

struct anchor {
    const char *name;
    struct ynode *node;
};

struct frame {              /* an open sequence or mapping */
    struct ynode *node;
    struct ynode **v;       /* children collected so far */
    size_t n, alloc;
    const char *anchor;     /* registered when the node is complete */
};

struct loader {
    struct ydoc *doc;
    const char *file;
    struct diags *d;
    struct frame stack[YAML_MAX_DEPTH + 1];
    int depth;
    struct anchor *anchors;
    size_t n_anchors, alloc_anchors;
    size_t *slots, n_slots;     /* hash table: index + 1 into anchors, 0 free */
    struct ynode *root;
    bool failed;
    const char *buf;        /* the text, to name a tab where libyaml fails */
    size_t len;
};

static struct ymark mark_of(const yaml_mark_t *m)
{
    struct ymark r = { (unsigned)m->line + 1, (unsigned)m->column + 1 };
    return r;
}

/* Anchors by name: a hash table (open addressing) of indexes into
 * l->anchors, so a document with many anchors and aliases loads in linear
 * time (a list search was quadratic: 49,000 anchors took 15.8 s). */
static size_t anchor_hash(const char *name)
{
    size_t h = 14695981039346656037ull;

    while (*name)
        h = (h ^ (unsigned char)*name++) * 1099511628211ull;
    return h;
}

/* The slot of name in the table: its index + 1, or 0 (free). */
static size_t *anchor_slot(struct loader *l, const char *name)
{
    size_t mask = l->n_slots - 1, i = anchor_hash(name) & mask;

    while (l->slots[i] && strcmp(l->anchors[l->slots[i] - 1].name, name))
        i = (i + 1) & mask;
    return &l->slots[i];
}

static void add_anchor(struct loader *l, const char *name, struct ynode *n)
{
    if (2 * (l->n_anchors + 1) > l->n_slots) {     /* at most half full */
        size_t i;

        l->n_slots = l->n_slots ? 2 * l->n_slots : 64;
        free(l->slots);
        l->slots = xcalloc(l->n_slots, sizeof(*l->slots));
        for (i = 0; i < l->n_anchors; i++)      /* in order: later ones win */
            *anchor_slot(l, l->anchors[i].name) = i + 1;
    }
    ALLOC_GROW(l->anchors, l->n_anchors, l->alloc_anchors);
    l->anchors[l->n_anchors].name = name;
    l->anchors[l->n_anchors].node = n;
    l->n_anchors++;
    *anchor_slot(l, name) = l->n_anchors;       /* a later anchor of the same name wins */
}

static struct ynode *find_anchor(struct loader *l, const char *name)
{
    size_t slot;

    if (!l->n_slots)
        return NULL;
    slot = *anchor_slot(l, name);
    return slot ? l->anchors[slot - 1].node : NULL;
}

/* Attach a finished node to its parent (or make it the root). */
/* 'at' is where the node appears: for an alias, the alias, not its anchor. */
static int attach(struct loader *l, struct ynode *n, struct ymark at)
{
    struct frame *f;

    if (l->depth == 0) {
        l->root = n;
        return 0;
    }
    f = &l->stack[l->depth - 1];
    ALLOC_GROW(f->v, f->n, f->alloc);
    f->v[f->n++] = n;
    if (f->node->weight + n->weight > YAML_MAX_EXPANDED) {
        diag_err(l->d, l->file, at,
                 "YAML aliases expand to more than %d nodes; "
                 "refusing the document (write the values out, or use fewer aliases)",
                 YAML_MAX_EXPANDED);
        return -1;
    }
    f->node->weight += n->weight;
    return 0;
}

static const char *dup_anchor(struct loader *l, const yaml_char_t *a)
{
    return a ? arena_strndup(&l->doc->arena, (const char *)a, strlen((const char *)a)) : NULL;
}

static int on_scalar(struct loader *l, const yaml_event_t *e)
{
    struct ynode *n = arena_alloc(&l->doc->arena, sizeof(*n));

    n->kind = Y_SCALAR;
    n->mark = mark_of(&e->start_mark);
    n->len = e->data.scalar.length;
    /* YAML's "\0": every user of a key or value takes it as a C string,
     * which would end there (a size "1G\0junk" read as 1G, a xenstore:
     * key cut short) */
    if (memchr(e->data.scalar.value, '\0', n->len)) {
        diag_err(l->d, l->file, n->mark, "a NUL character (\\0) in a key or value is "
                 "refused: it would cut it short");
        return -1;
    }
    n->str = arena_strndup(&l->doc->arena, (const char *)e->data.scalar.value, n->len);
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->weight = 1;
    if (e->data.scalar.anchor)
        add_anchor(l, dup_anchor(l, e->data.scalar.anchor), n);
    return attach(l, n, n->mark);
}

static int on_start(struct loader *l, const yaml_event_t *e, enum ynode_kind kind)
{
    struct ynode *n;
    struct frame *f;
    const yaml_char_t *anchor = kind == Y_SEQ ? e->data.sequence_start.anchor
                                              : e->data.mapping_start.anchor;

    if (l->depth >= YAML_MAX_DEPTH) {
        diag_err(l->d, l->file, mark_of(&e->start_mark),
                 "YAML nesting deeper than %d levels", YAML_MAX_DEPTH);
        return -1;
    }
    n = arena_alloc(&l->doc->arena, sizeof(*n));
    n->kind = kind;
    n->mark = mark_of(&e->start_mark);
    n->weight = 1;
    f = &l->stack[l->depth++];
    memset(f, 0, sizeof(*f));
    f->node = n;
    f->anchor = dup_anchor(l, anchor);
    return 0;
}

static int on_end(struct loader *l)
{
    struct frame *f = &l->stack[--l->depth];
    struct ynode *n = f->node;
    size_t i, bytes = f->n * sizeof(struct ynode *);

    if (n->kind == Y_SEQ) {
        n->n = f->n;
        n->items = arena_alloc(&l->doc->arena, bytes);
        if (bytes)
            memcpy(n->items, f->v, bytes);
    } else {
        /* children alternate key, value; libyaml guarantees pairs */
        n->n = f->n / 2;
        n->keys = arena_alloc(&l->doc->arena, n->n * sizeof(struct ynode *));
        n->items = arena_alloc(&l->doc->arena, n->n * sizeof(struct ynode *));
        for (i = 0; i < n->n; i++) {
            n->keys[i] = f->v[2 * i];
            n->items[i] = f->v[2 * i + 1];
        }
    }
    free(f->v);
    f->v = NULL;
    if (f->anchor)
        add_anchor(l, f->anchor, n);
    return attach(l, n, n->mark);
}

static int on_alias(struct loader *l, const yaml_event_t *e)
{
    struct ynode *target = find_anchor(l, (const char *)e->data.alias.anchor);

    if (!target) {
        diag_err(l->d, l->file, mark_of(&e->start_mark),
                 "alias '*%s' refers to no complete anchor above it "
                 "(undefined, or an alias inside its own anchor)",
                 (const char *)e->data.alias.anchor);
        return -1;
    }
    return attach(l, target, mark_of(&e->start_mark));
}

static void syntax_error(struct loader *l, yaml_parser_t *p)
{
    struct ymark m = mark_of(&p->problem_mark);
    const char *problem = p->problem ? p->problem : "unknown problem";
    size_t at = p->problem_mark.index, s;

    /* a tab up to the failing spot on its line: libyaml's words miss it */
    if (l->buf && at < l->len) {
        for (s = at; s > 0 && l->buf[s - 1] != '\n'; s--)
            ;
        for (; s <= at; s++)
            if (l->buf[s] == '\t') {
                m.col = (unsigned)(s - (at - (m.col - 1))) + 1;
                diag_err(l->d, l->file, m, "a tab character: YAML indents with spaces only; "
                         "replace the tab with spaces");
                return;
            }
    }
    if (p->context)
        diag_err(l->d, l->file, m, "YAML syntax: %s %s (opened at line %u)",
                 problem, p->context, (unsigned)p->context_mark.line + 1);
    else
        diag_err(l->d, l->file, m, "YAML syntax: %s", problem);
}

int ydoc_load_libyaml(struct ydoc *doc, const char *file, const char *buf, size_t len,
                      struct diags *d)
{
    struct loader l;
    yaml_parser_t parser;
    yaml_event_t ev;
    int docs = 0, rc = 0, done = 0;

    memset(doc, 0, sizeof(*doc));
    memset(&l, 0, sizeof(l));
    l.doc = doc;
    l.file = file;
    l.d = d;
    l.buf = buf;
    l.len = len;

    if (len > YAML_MAX_FILE_SIZE) {
        struct ymark none = { 0, 0 };
        diag_err(d, file, none, "file is larger than %d bytes", YAML_MAX_FILE_SIZE);
        return -1;
    }
    if (!yaml_parser_initialize(&parser)) {
        struct ymark none = { 0, 0 };
        diag_err(d, file, none, "cannot initialise the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);

    while (!done && rc == 0) {
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(&l, &parser);
            rc = -1;
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                diag_err(d, file, mark_of(&ev.start_mark),
                         "more than one YAML document: put one guest per file");
                rc = -1;
            }
            break;
        case YAML_SCALAR_EVENT:
            rc = on_scalar(&l, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            rc = on_start(&l, &ev, Y_SEQ);
            break;
        case YAML_MAPPING_START_EVENT:
            rc = on_start(&l, &ev, Y_MAP);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            rc = on_end(&l);
            break;
        case YAML_ALIAS_EVENT:
            rc = on_alias(&l, &ev);
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    while (l.depth > 0)
        free(l.stack[--l.depth].v);
    free(l.anchors);
    free(l.slots);
    if (rc) {
        ydoc_free(doc);
        return -1;
    }
    doc->root = l.root;
    return 0;
}

void ydoc_free(struct ydoc *doc)
{
    arena_free(&doc->arena);
    doc->root = NULL;
}

bool ynode_is_null(const struct ynode *n)
{
    if (!n)
        return true;
    if (n->kind != Y_SCALAR || !n->plain)
        return false;
    if (n->len == 0 || n->len == 1)     /* by length first: every key and value asks */
        return n->len == 0 || n->str[0] == '~';
    return n->len == 4 && (!strcmp(n->str, "null") || !strcmp(n->str, "Null") ||
                           !strcmp(n->str, "NULL"));
}

const char *ynode_kind_name(const struct ynode *n)
{
    if (!n)
        return "nothing";
    switch (n->kind) {
    case Y_SCALAR: return ynode_is_null(n) ? "null" : "a scalar";
    case Y_SEQ:    return "a list";
    case Y_MAP:    return "a mapping";
    }
    return "?";
}

int ydoc_load(struct ydoc *doc, const char *file, const char *buf, size_t len,
              struct diags *d)
{
    memset(doc, 0, sizeof(*doc));
    if (len <= YAML_MAX_FILE_SIZE && yfast_load(doc, buf, len) == 0)
        return 0;
    return ydoc_load_libyaml(doc, file, buf, len, d);
}
