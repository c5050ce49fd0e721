/*
 * command.h - the command table: one row per subcommand, one file per
 * subcommand in cmd/ (like xl's xl_cmdtable.c and git's builtin/).
 * `xyl help`, the man page and bash completion are generated from it.
 */
#ifndef XYL_COMMAND_H
#define XYL_COMMAND_H

#include <stdbool.h>

/* Exit codes, documented in `xyl help` and the README. */
#define XYL_EXIT_OK      0
#define XYL_EXIT_FAIL    1      /* the operation failed / definition invalid */
#define XYL_EXIT_USAGE   2      /* bad command line */

struct xyl_opts {
    bool dryrun;                /* -N: print what would be done */
    int verbose;                /* -v, repeatable */
    const char *config;         /* --config FILE: host configuration (host_config.h) */
};

struct xyl_cmd {
    const char *name;
    int (*fn)(int argc, char **argv, const struct xyl_opts *o);
    const char *usage;          /* arguments after the command name */
    const char *summary;        /* one line for `xyl help` */
    const char *details;        /* options and notes for `xyl help CMD` */
};

extern const struct xyl_cmd xyl_commands[];
extern const int xyl_n_commands;

const struct xyl_cmd *find_command(const char *name);
void print_usage(const struct xyl_cmd *c);      /* to stderr */

#define DECLARE_CMD(n) int cmd_##n(int argc, char **argv, const struct xyl_opts *o)
DECLARE_CMD(validate);
DECLARE_CMD(create);
DECLARE_CMD(destroy);
DECLARE_CMD(list);
DECLARE_CMD(info);
DECLARE_CMD(import_xl);
DECLARE_CMD(export_xl);
DECLARE_CMD(schema);
DECLARE_CMD(shutdown);
DECLARE_CMD(reboot);
DECLARE_CMD(pause);
DECLARE_CMD(unpause);
DECLARE_CMD(rename);
DECLARE_CMD(domid);
DECLARE_CMD(domname);
DECLARE_CMD(uptime);
DECLARE_CMD(console);
DECLARE_CMD(save);
DECLARE_CMD(restore);
DECLARE_CMD(migrate);
DECLARE_CMD(migrate_receive);
DECLARE_CMD(host_check);
DECLARE_CMD(net_list);
DECLARE_CMD(mem_set);
DECLARE_CMD(mem_max);
DECLARE_CMD(vcpu_set);
DECLARE_CMD(vcpu_list);
DECLARE_CMD(vcpu_pin);
DECLARE_CMD(block_attach);
DECLARE_CMD(block_detach);
DECLARE_CMD(block_list);
DECLARE_CMD(network_attach);
DECLARE_CMD(network_detach);
DECLARE_CMD(network_list);
DECLARE_CMD(cd_insert);
DECLARE_CMD(cd_eject);
DECLARE_CMD(xenstore);
DECLARE_CMD(clone);
DECLARE_CMD(lint);
DECLARE_CMD(plan);
DECLARE_CMD(apply);
DECLARE_CMD(help);
DECLARE_CMD(version);

#endif
