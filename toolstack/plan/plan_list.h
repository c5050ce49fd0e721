/*
 * plan_list.h - xyl list --all DIR, like virsh list --all: the running
 * domains in xl's columns and, in one more column, what each is to the
 * folder DIR (unchanged, drifted, not in it), then the folder's guests that
 * do not run.  "Drifted" is the planner's word: plan DIR would change it.
 */
#ifndef XYL_PLAN_LIST_H
#define XYL_PLAN_LIST_H

#include <stdbool.h>
#include <stdio.h>

#include "plan/plan_folder.h"

struct list_row {
    const char *name;
    long domid;                 /* -1: defined, not running */
    unsigned long mem_mib;      /* running: as xl list; else the definition's */
    int vcpus;
    char state[7];              /* xl's flags; "------" when not running */
    double time_s;
    const char *def;            /* "unchanged", "drifted", "drifted (recreate)",
                                 * "shut off", "not xyl's", "file gone", "" (not in DIR) */
};

/* The rows for the planned folder pr and the host's domains info[0..n)
 * (dom0 included, as libxl lists them): running first, in libxl's order,
 * then the defined guests that do not run.  *rows malloc'd (names point
 * into pr and info's names array); returns how many. */
int plan_list_rows(const struct plan_folder *pr, const libxl_dominfo *info, char *const *names,
                   int n, struct list_row **rows);

void plan_list_print(const struct list_row *r, int n, FILE *f);
void plan_list_print_json(const struct list_row *r, int n);

#endif
