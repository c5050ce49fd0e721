/*
 * xyl save [-c] [-p] [-f] NAME|ID FILE, xyl restore [-p] [-e] FILE - the
 * arguments; the work is domain/save.c and domain/restore.c.
 */
#include "cli/command.h"
#include "domain/save.h"

int cmd_save(const struct cmd_args *a, const struct xyl_opts *o)
{
    unsigned flags = (arg_flag(a, "c") ? SAVE_CHECKPOINT : 0) |
                     (arg_flag(a, "p") ? SAVE_PAUSED : 0) | (arg_flag(a, "f") ? SAVE_FORCE : 0);

    return domain_save(a->pos[0], a->pos[1], flags, o->verbose) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}

int cmd_restore(const struct cmd_args *a, const struct xyl_opts *o)
{
    unsigned flags = (arg_flag(a, "p") ? RESTORE_PAUSED : 0) |
                     (arg_flag(a, "e") ? RESTORE_NO_MONITOR : 0);

    return domain_restore(a->pos[0], flags, o->verbose) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
