/*
 * yaml_tree.h - load one YAML document into a small tree that remembers
 * where every node came from (line and column), using libyaml's parser.
 *
 * The loader is a security boundary for hostile input: aliases are shared
 * (never copied) and the size they would expand to is bounded, nesting depth
 * is bounded, and only one document per file is accepted.
 */
#ifndef XYL_YAML_TREE_H
#define XYL_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
    enum ynode_kind kind;
    struct ymark mark;
    /* Y_SCALAR */
    const char *str;
    size_t len;
    bool plain;             /* unquoted: may be a number, bool or null */
    /* Y_SEQ: items[n]; Y_MAP: keys[n] -> vals[n] */
    struct ynode **items;
    struct ynode **keys;
    size_t n;
    size_t weight;          /* nodes this expands to, aliases included */
};

struct ydoc {
    struct arena arena;
    struct ynode *root;     /* NULL for an empty document */
};

#define YAML_MAX_DEPTH      64
#define YAML_MAX_EXPANDED   100000   /* nodes after alias expansion */
#define YAML_MAX_FILE_SIZE  (1024 * 1024)

/* Parse buf into doc; on failure adds a diagnostic and returns -1.  Plain
 * block YAML goes the fast path (yaml_fast.h), the rest through libyaml. */
int ydoc_load(struct ydoc *doc, const char *file, const char *buf, size_t len,
              struct diags *d);
/* The same through libyaml's parser only: the reference for the fast path. */
int ydoc_load_libyaml(struct ydoc *doc, const char *file, const char *buf, size_t len,
                      struct diags *d);
void ydoc_free(struct ydoc *doc);

/* Helpers for callers walking the tree. */
bool ynode_is_null(const struct ynode *n);     /* ~, null, empty plain */
const char *ynode_kind_name(const struct ynode *n);

#endif
