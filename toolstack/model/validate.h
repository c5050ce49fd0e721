/*
 * validate.h - loading guest definitions from files and folders, and the
 * rules that span several guests (one lab folder).
 */
#ifndef XYL_VALIDATE_H
#define XYL_VALIDATE_H

#include "base/diag.h"
#include "model/guest.h"

struct guest_set {
    struct xyl_guest *v;
    int n, alloc;
};

/* Load one YAML file into g (guest_init'ed by the callee); returns errors. */
int load_guest_file(const char *path, struct xyl_guest *g, struct diags *d);

/* Load files and folders (*.yaml, *.yml, recursively, sorted); then apply
 * the folder rules.  Returns the number of errors. */
int load_guest_paths(char *const *paths, int n, struct guest_set *set, struct diags *d);

/* Duplicate names, UUIDs and MACs across the set. */
void check_guest_set(const struct guest_set *set, struct diags *d);

void guest_set_free(struct guest_set *set);

#endif
