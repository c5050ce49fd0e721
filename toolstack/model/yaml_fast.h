/*
 * yaml_fast.h - the fast path of ydoc_load(): plain block YAML (what guest
 * definitions are written in) read straight into the ynode tree, without
 * libyaml's scanner.  It gives up on anything outside its subset and on
 * every error, and ydoc_load() then asks libyaml, so every message and
 * mark on a bad file stays libyaml's.  What it accepts, it must build
 * exactly as libyaml's events would: the unit tests and fuzz_guest compare
 * the two trees.
 */
#ifndef XYL_YAML_FAST_H
#define XYL_YAML_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "model/yaml_tree.h"

/* 0: doc holds the tree; 1: not in the subset (doc left empty). */
int yfast_load(struct ydoc *doc, const char *buf, size_t len);

/* Two trees are the same: kinds, marks, texts, styles, counts, weights. */
bool ynode_same(const struct ynode *a, const struct ynode *b);

#endif
