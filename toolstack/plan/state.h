/*
 * state.h - what `xyl plan` observes, as a JSON file: `xyl state` writes it
 * in dom0, `xyl plan --state FILE DIR` plans against it anywhere (CI on a
 * pull request).  Only what the planner compares is kept (plan.h): each
 * domain's name, UUID, type, boot fields, memory, vCPUs, disks, NICs, its
 * data/ keys and xyl's record.  The format is documented in
 * configs/plan-state.md and has a JSON Schema (configs/state.schema.json).
 */
#ifndef XYL_STATE_H
#define XYL_STATE_H

#include "plan/observe.h"

#define STATE_FORMAT "xyl-state"
#define STATE_VERSION 1

/* The observed host as state JSON on stdout.  0 or -1 (one line). */
int state_print(const struct observed *o);
/* The same as a string (free it). */
char *state_json(const struct observed *o);

/* Fill o from a state file (JSON text, "-": stdin); observe_free it.
 * Every problem is one line naming the file and the domain; then -1 and
 * o is empty. */
int state_load(const char *file, struct observed *o);

/* The same from JSON text already read; what names the source in messages. */
int state_parse(const char *text, const char *what, struct observed *o);

#endif
