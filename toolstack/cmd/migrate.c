/*
 * xyl migrate [--ssh-command CMD] [--local] [--non-live] NAME|ID HOST, xyl
 * migrate-receive - the arguments; the work and the handshake are
 * domain/migrate.c, domain/migrate_receive.c and domain/migrate.h.
 */
#include "cli/command.h"
#include "domain/migrate.h"

int cmd_migrate(const struct cmd_args *a, const struct xyl_opts *o)
{
    unsigned flags = (arg_flag(a, "local") ? MIGRATE_LOCAL : 0) |
                     (arg_flag(a, "non-live") ? MIGRATE_NON_LIVE : 0);

    return domain_migrate(a->pos[0], a->pos[1], arg_str(a, "ssh-command", "ssh"), flags,
                          o->verbose) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}

int cmd_migrate_receive(const struct cmd_args *a, const struct xyl_opts *o)
{
    (void)a;
    return domain_migrate_receive(o->verbose) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
