/*
 * lint.h - `xyl lint`: rules across a folder of guests beyond validate's
 * (names, UUIDs and MACs are validate.c's check_guest_set).
 */
#ifndef XYL_LINT_H
#define XYL_LINT_H

#include "base/diag.h"
#include "model/validate.h"

/* The same image (same file, or the same path when it does not exist here)
 * in two guests, read-write in at least one: an error at the later disk. */
void lint_shared_images(const struct guest_set *set, struct diags *d);

/* ids[i]: the machine ID read from guest i's first disk (disk[i] its index),
 * NULL or "" when unknown or empty.  Equal valid IDs are errors. */
void lint_machine_ids(const struct guest_set *set, char *const *ids, const int *disk,
                      struct diags *d);

/* Read the machine IDs with libguestfs, read-only (first disk of each guest
 * that is an existing image file).  -1 after one line if libguestfs fails. */
int lint_read_machine_ids(const struct guest_set *set, char **ids, int *disk);

#endif
