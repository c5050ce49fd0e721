/*
 * xyl stats [--json] [NAME|ID...] - what each guest uses (CPU time, vCPUs,
 * memory, every vif's and vbd's counters, xyl's daemons' own), once.
 * xyl top [-b] [-d S] [-i N] - the same as xentop's screen, refreshed
 * every S seconds; -b writes each screen after the last (batch, for logs
 * and tests), -i stops after N screens.  Ctrl-C ends it.
 */
#include "cli/command.h"
#include "base/interrupt.h"
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cmd_stats(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct stat_host h;

    (void)o;
    if (stats_collect(&h, a->pos, a->npos))
        return XYL_EXIT_FAIL;
    if (arg_flag(a, "json"))
        stats_print_json(&h);
    else
        stats_print_text(stdout, &h);
    stats_free(&h);
    return XYL_EXIT_OK;
}

/* sleep s seconds unless Ctrl-C comes first */
static void pause_s(int s)
{
    struct timespec ts = { s, 0 };

    while (!interrupted() && nanosleep(&ts, &ts) != 0)
        ;
}

int cmd_top(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct stat_host snap[2];
    bool batch = arg_flag(a, "b") || !isatty(STDOUT_FILENO);
    int delay = arg_int(a, "d", 3), screens = arg_int(a, "i", 0);
    int rc = XYL_EXIT_OK, cur = 0;
    bool first = true;

    (void)o;
    memset(snap, 0, sizeof(snap));      /* stats_free of a zeroed one is a no-op */
    interrupt_catch();
    if (stats_collect(&snap[cur], NULL, 0))
        return XYL_EXIT_FAIL;
    for (;;) {
        if (!batch)
            fputs("\033[H\033[2J", stdout);     /* home, clear: one screen */
        else if (!first)
            putchar('\n');
        /* CPU(%) needs two snapshots: none on the first screen */
        stats_print_top(stdout, first ? NULL : &snap[1 - cur], &snap[cur]);
        fflush(stdout);
        first = false;
        if ((screens && --screens == 0) || interrupted())
            break;
        pause_s(delay);
        if (interrupted())
            break;
        cur = 1 - cur;
        stats_free(&snap[cur]);
        if (stats_collect(&snap[cur], NULL, 0)) {
            rc = XYL_EXIT_FAIL;
            break;
        }
    }
    stats_free(&snap[0]);
    stats_free(&snap[1]);
    return rc;
}
