/*
 * command.h - the command table: one row per subcommand (like xl's
 * xl_cmdtable.c and git's git.c), each with its options declared as data
 * (like git's parse-options and xyl's own schema key table).  One parser
 * (parse_options.c) reads every command's arguments from its row, so a
 * command function gets them checked; `-h`/`--help`, usage errors, `xyl
 * help CMD`, the man page and bash completion (help_gen.c) all come from
 * the same rows and cannot drift from what is parsed.
 */
#ifndef XYL_COMMAND_H
#define XYL_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes, documented in `xyl help` and the README. */
#define XYL_EXIT_OK      0
#define XYL_EXIT_FAIL    1      /* the operation failed / definition invalid */
#define XYL_EXIT_USAGE   2      /* bad command line */

struct xyl_opts {
    bool dryrun;                /* -N: print what would be done */
    int verbose;                /* -v, repeatable */
    const char *config;         /* --config FILE: host configuration (host_config.h) */
};

enum xyl_opt_type {
    OPT_END,                    /* ends an option table */
    OPT_FLAG,                   /* -p, --json: on or off */
    OPT_STRING,                 /* -o PATH, --ssh-command=CMD; choices limit it */
    OPT_INT,                    /* -j N: a whole number from min to max */
};

/* One option of a command.  Its value's name (value) also says how the
 * shell completes it: PATH/FILE files, DIR folders (help_gen.c). */
struct xyl_option {
    enum xyl_opt_type type;
    char short_name;            /* 'p' for -p, or 0 */
    const char *long_name;      /* "delete-disks" for --delete-disks, or NULL */
    const char *value;          /* OPT_STRING/OPT_INT: "N", "CMD" (usage); else NULL */
    const char *help;           /* one line for help; NULL: hidden (a kept alias) */
    const char *choices;        /* OPT_STRING: "pv|serial", or NULL for any value */
    int min, max;               /* OPT_INT: the range accepted */
};

#define XYL_MAX_OPTS 8          /* the most options one command declares */

/* Row flags */
#define CMD_XEN     0x1         /* needs Xen: libxl and xenstored in a dom0 */
#define CMD_DRYRUN  0x2         /* honours the global -N (prints, changes nothing) */

struct cmd_args;

struct xyl_cmd {
    const char *name;
    int (*fn)(const struct cmd_args *a, const struct xyl_opts *o);
    unsigned flags;             /* CMD_* */
    const struct xyl_option *opts;  /* ends with OPT_END; NULL: none */
    /* Positional arguments as the usage line shows them: NAME|ID FILE,
     * [NAME|ID...], "ls NAME|ID | audit" (alternatives).  The parser takes
     * the counts from it (brackets optional, ... repeats); completion takes
     * the kinds (NAME|ID, NAME, ID guests; FILE*, PATH, TARGET files; DIR
     * folders; COMMAND commands; lower-case words themselves). */
    const char *args;
    const char *summary;        /* one line for `xyl help` */
    const char *notes;          /* more for `xyl help CMD`, after the options, or NULL */
};

/* What the parser hands a command: positional arguments in order, option
 * values by name ("p" for -p, "delete-disks" for --delete-disks). */
struct cmd_args {
    const struct xyl_cmd *cmd;
    char **pos;
    int npos;
    const char *val[XYL_MAX_OPTS];  /* per option row: the value, "" for a flag; NULL: not given */
    int num[XYL_MAX_OPTS];          /* OPT_INT's value */
};

extern const struct xyl_cmd xyl_commands[];
extern const int xyl_n_commands;

const struct xyl_cmd *find_command(const char *name);

/* Parse argv (argv[0] is the command's name) by c's row and run it:
 * -h/--help prints its help (exit 0); a usage error prints one line and
 * the usage (exit 2). */
int cmd_run(const struct xyl_cmd *c, int argc, char **argv, const struct xyl_opts *o);
/* 0 with *a filled, 1 after -h/--help was printed, or XYL_EXIT_USAGE
 * after the error was printed. */
int cmd_parse(const struct xyl_cmd *c, int argc, char **argv, struct cmd_args *a);

bool arg_flag(const struct cmd_args *a, const char *opt);      /* given? */
const char *arg_str(const struct cmd_args *a, const char *opt, const char *dflt);
int arg_int(const struct cmd_args *a, const char *opt, int dflt);
/* "xyl CMD: MESSAGE" and the usage line, to stderr; returns XYL_EXIT_USAGE. */
int usage_error(const struct xyl_cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The range of positional arguments c's args allow (max -1: no limit). */
void cmd_arg_range(const struct xyl_cmd *c, int *min, int *max);
/* One word of a row's args: in alternative alt (they are split at " | "),
 * at position pos; optional in brackets, many with "...". */
struct arg_word {
    int alt, pos;
    const char *w;
    size_t n;
    bool optional, many;
};
void cmd_arg_words(const char *args, void (*fn)(const struct arg_word *w, void *ctx), void *ctx);

#define DECLARE_CMD(n) int cmd_##n(const struct cmd_args *a, const struct xyl_opts *o)
DECLARE_CMD(validate);
DECLARE_CMD(create);
DECLARE_CMD(destroy);
DECLARE_CMD(list);
DECLARE_CMD(info);
DECLARE_CMD(stats);
DECLARE_CMD(top);
DECLARE_CMD(import_xl);
DECLARE_CMD(import_running);
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
DECLARE_CMD(screenshot);
DECLARE_CMD(vnc);
DECLARE_CMD(xenstore);
DECLARE_CMD(clone);
DECLARE_CMD(lint);
DECLARE_CMD(plan);
DECLARE_CMD(state);
DECLARE_CMD(apply);
DECLARE_CMD(help);
DECLARE_CMD(version);

#endif
