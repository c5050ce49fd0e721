/*
 * plan_folder.h - what `xyl plan` and `xyl apply` share: load the folder, map
 * each guest to libxl, observe the host, make the plan, and print it as a
 * terse table (like terraform plan) or as JSON.
 */
#ifndef XYL_PLAN_FOLDER_H
#define XYL_PLAN_FOLDER_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "plan/observe.h"
#include "plan/plan.h"
#include "model/validate.h"
#include "xen/xen.h"

struct plan_folder {
    char dir[PATH_MAX];         /* the folder, absolute */
    struct guest_set set;       /* its guests, want[i] is set.v[i] */
    struct plan_want *want;
    libxl_domain_config *dc;
    char **files, (*sha)[65];
    struct plan_xdevs *xd, *xn; /* want[i]'s `backend: xyl` disks and NICs */
    struct plan_xdevs *sz;      /* want[i]'s disks with size: */
    struct observed obs;
    struct plan plan;
};

/* Load DIR (relative disk targets resolved against the images folder of
 * the host configuration config, NULL: the default): every file validated
 * (all errors, FILE:LINE:COL) and mapped to libxl, without Xen.
 * autostart: only guests with `autostart: true` are applied (the others
 * are neither created nor pruned).  Returns 0, or -1 after printing why
 * (pr is then freed). */
int plan_folder_load(const char *dir, const char *config, bool autostart, struct plan_folder *pr);

/* Observe and plan: the host through x; or, with x NULL, the state file
 * state (`xyl state`'s JSON); or, with both NULL, a host with no guests
 * (plan --offline).  Returns 0, or -1 after one line (pr is then freed). */
int plan_folder_plan(struct plan_folder *pr, struct xyl_xen *x, const char *state, bool prune);
void plan_folder_free(struct plan_folder *pr);

/* "+ create web" ... and a closing "Plan: ..." or "No changes." line. */
void plan_folder_print(const struct plan_folder *pr, FILE *f);
void plan_folder_print_json(const struct plan_folder *pr);

/* Print the plan (table or JSON); returns plan's exit code: 0 nothing to
 * do, 2 changes pending, 1 conflicts. */
int plan_folder_show(const struct plan_folder *pr, bool json);

/* One action as a table line's head: "~ update db". */
void plan_action_line(const struct plan_action *a, FILE *f);

#endif
