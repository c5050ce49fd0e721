/*
 * help_gen.c - the usage line, `xyl help CMD` (and -h), the man page xyl(1)
 * and the bash completion, all generated from the command table's rows
 * and their option tables, so none can drift from what the parser
 * accepts (`xyl help --man`, `xyl help --bash-completion`; `make` writes
 * both into build/).
 */
#define _GNU_SOURCE     /* memmem */
#include "cli/help_gen.h"
#include "base/paths.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

#define OPT_COLUMN 22           /* where an option's help starts in `xyl help CMD` */
#define MAX_POSITIONS 8         /* positional arguments completion tells apart */

static bool shown(const struct xyl_option *op)
{
    return op->help != NULL;
}

/* "-l, --long", "-t TYPE", "--ssh-command CMD" */
static void opt_label(const struct xyl_option *op, const char *sep, struct strbuf *sb)
{
    if (op->short_name)
        sb_addf(sb, "-%c", op->short_name);
    if (op->long_name)
        sb_addf(sb, "%s--%s", op->short_name ? sep : "", op->long_name);
    if (op->value)
        sb_addf(sb, " %s", op->value);
}

/* what follows "xyl CMD" on the usage line */
static void synopsis(const struct xyl_cmd *c, struct strbuf *sb)
{
    int k;

    for (k = 0; c->opts && c->opts[k].type != OPT_END; k++) {
        if (!shown(&c->opts[k]))
            continue;
        sb_adds(sb, sb->len ? " [" : "[");
        opt_label(&c->opts[k], "|", sb);
        sb_addc(sb, ']');
    }
    if (*c->args)
        sb_addf(sb, "%s%s", sb->len ? " " : "", c->args);
}

void print_usage_line(const struct xyl_cmd *c, FILE *f)
{
    struct strbuf sb = STRBUF_INIT;

    synopsis(c, &sb);
    fprintf(f, "usage: xyl %s%s%s\n", c->name, sb.len ? " " : "", sb_str(&sb));
    sb_free(&sb);
}

/* The option lines of `xyl help CMD`, -h last. */
static void options_text(const struct xyl_cmd *c, struct strbuf *sb)
{
    static const struct xyl_option help = { OPT_FLAG, 'h', "help", NULL, "show this help",
                                            NULL, 0, 0 };
    struct strbuf label = STRBUF_INIT;
    int k, n = 0;

    while (c->opts && c->opts[n].type != OPT_END)
        n++;
    for (k = 0; k <= n; k++) {
        const struct xyl_option *op = k < n ? &c->opts[k] : &help;

        if (!shown(op))
            continue;
        sb_reset(&label);
        opt_label(op, ", ", &label);
        if (label.len + 3 > OPT_COLUMN)
            sb_addf(sb, "  %s\n%*s%s\n", sb_str(&label), OPT_COLUMN, "", op->help);
        else
            sb_addf(sb, "  %-*s%s\n", OPT_COLUMN - 2, sb_str(&label), op->help);
    }
    sb_free(&label);
}

static const char *needs(const struct xyl_cmd *c)
{
    if (!(c->flags & CMD_XEN))
        return NULL;
    return !strcmp(c->name, "create") ? "Needs a Xen dom0 (not with -N).\n" : "Needs a Xen dom0.\n";
}

void print_command_help(const struct xyl_cmd *c, FILE *f)
{
    struct strbuf sb = STRBUF_INIT;

    print_usage_line(c, f);
    fprintf(f, "\n%s.\n", c->summary);
    options_text(c, &sb);
    fprintf(f, "\nOptions:\n%s", sb_str(&sb));
    if (c->notes)
        fprintf(f, "\n%s", c->notes);
    if (needs(c))
        fprintf(f, "%s%s", c->notes ? "" : "\n", needs(c));
    sb_free(&sb);
}

/* roff needs backslashes, dashes and a line's leading dot or quote escaped */
static void roff(const char *s)
{
    const char *start = s;

    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", stdout);
        else if (*s == '-')
            fputs("\\-", stdout);
        else if ((*s == '.' || *s == '\'') && (s == start || s[-1] == '\n'))
            printf("\\&%c", *s);      /* a control character at a line's start */
        else
            putchar(*s);
    }
}

void print_man_page(void)
{
    struct strbuf sb = STRBUF_INIT;
    int i;

    printf(".TH XYL 1 \"\" \"xyl %s\" \"Xen toolstack\"\n", XYL_VERSION);
    printf(".SH NAME\nxyl \\- build and manage Xen guests from YAML definitions, on libxl\n");
    printf(".SH SYNOPSIS\n.B xyl\n[\\fB\\-N\\fR] [\\fB\\-v\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
    printf(".SH DESCRIPTION\nxyl reads one YAML file per guest (pv, pvh or hvm) and builds it with\n"
           "libxl, with xl's verbs and output. The guest format is described in\n"
           ".BR xyl.yaml (5).\n"
           "Every command takes \\fB\\-h\\fR (or \\fB\\-\\-help\\fR) for its usage and options.\n");
    printf(".SH OPTIONS\n.TP\n.B \\-N\ndry run: print what would be done (for create: the libxl JSON)\n"
           ".TP\n.B \\-v\nmore output (repeat for debug)\n"
           ".TP\n.BI \\-\\-config \" FILE\"\nthe host configuration to read instead of /etc/xyl/xyl.yaml\n");
    printf(".SH COMMANDS\n");
    for (i = 0; i < xyl_n_commands; i++) {
        const struct xyl_cmd *c = &xyl_commands[i];

        printf(".TP\n.B %s\n", c->name);
        sb_reset(&sb);
        synopsis(c, &sb);
        if (sb.len) {
            printf(".I ");
            roff(sb_str(&sb));
            putchar('\n');
        }
        printf(".br\n");
        roff(c->summary);
        printf(".\n");
        sb_reset(&sb);
        options_text(c, &sb);
        if (c->notes)
            sb_adds(&sb, c->notes);
        if (needs(c))
            sb_adds(&sb, needs(c));
        printf(".nf\n");
        roff(sb_str(&sb));
        printf(".fi\n");
    }
    sb_free(&sb);
    printf(".SH EXIT STATUS\n.TP\n.B 0\nsuccess (for plan: no changes pending)\n"
           ".TP\n.B 1\nfailure, or an invalid definition (each error as FILE:LINE:COLUMN: message)\n"
           ".TP\n.B 2\nusage error (for plan: changes pending)\n");
    printf(".SH ENVIRONMENT\n"
           ".TP\n.B XYL_CONFIG\nthe host configuration file to read instead of /etc/xyl/xyl.yaml\n"
           ".TP\n.B XYL_XL_CONF\nxl's global configuration to take the defaults from "
           "instead of /etc/xen/xl.conf\n"
           ".TP\n.B XYL_PROGRESS\n1 shows the progress bar of save, restore and migrate\n"
           "when not on a terminal, 0 hides it on one\n"
           ".TP\n.BR XYL_BLKBACK \", \" XYL_NETBACK\nthe xyl\\-blkback and xyl\\-netback daemons to start, "
           "instead of those next to xyl or in %s\n"
           ".TP\n.B XYL_VIF_BRIDGE\nwith hotplug: xyl, the script libxl runs for a NIC of the kernel's "
           "netback, instead of the xyl\\-vif\\-bridge next to xyl or in that folder\n"
           ".TP\n.B XYL_BLOCK\nwith hotplug: xyl, the script libxl runs for a disk of the kernel's "
           "blkback, instead of the xyl\\-block next to xyl or in that folder\n"
           ".TP\n.B XYL_QEMU_IMG\nthe qemu\\-img that creates qcow2 images\n"
           ".TP\n.B XYL_TRACE\nset: create, save and restore print each of their steps on standard error, "
           "with the seconds since the first (xyl\\-trace lines)\n", XYL_LIBEXECDIR);
    printf(".SH FILES\n"
           ".TP\n.I /etc/xyl/xyl.yaml\nhost configuration (the images folder); see\n.BR xyl.yaml (5)\n"
           ".TP\n.I /etc/xyl/guests/\nthe guests xyl\\-apply.service applies at boot\n"
           ".TP\n.I %s/\nxyl\\-blkback and xyl\\-netback, the userspace block and network backends; "
           "xyl\\-vif\\-bridge and xyl\\-block, the compiled vif\\-bridge and block hotplug scripts\n"
           ".TP\n.I /var/log/xen/xyl\\-NAME.log\nthe log of a guest's monitor\n"
           ".TP\n.I /run/xyl/apply.lock\nheld while an apply runs\n"
           ".TP\n.I /local/domain/0/xyl/guests/\nin xenstore: what xyl created, from which file and commit\n",
           XYL_LIBEXECDIR);
    printf(".SH EXAMPLES\n.nf\n"
           "xyl validate /etc/xyl/guests        # every error, as FILE:LINE:COL\n"
           "xyl \\-N create web.yaml               # the libxl JSON, no Xen needed\n"
           "xyl create web.yaml                  # build the guest\n"
           "xyl list \\-\\-json\n"
           "xyl plan /etc/xyl/guests; xyl apply /etc/xyl/guests\n"
           "xyl import\\-xl /etc/xen/old.cfg > old.yaml\n.fi\n");
    printf(".SH SEE ALSO\n.BR xyl.yaml (5),\n.BR xl (1),\n.BR xl.cfg (5)\n");
}

/* ---- bash completion ---------------------------------------------------- */

/* How the shell completes a word named tok (n bytes, brackets and ...
 * included): guest names, files, folders, commands, the word itself. */
static void add_kind(const char *tok, size_t n, struct strbuf *sb)
{
    char w[64];

    while (n && (*tok == '['))
        tok++, n--;
    while (n && (tok[n - 1] == ']' || tok[n - 1] == '.'))
        n--;
    if (n >= sizeof(w))
        n = sizeof(w) - 1;
    memcpy(w, tok, n);
    w[n] = '\0';
    if (sb->len)
        sb_addc(sb, ',');
    if (!strcmp(w, "NAME|ID") || !strcmp(w, "NAME") || !strcmp(w, "ID"))
        sb_adds(sb, "guest");
    else if (!strncmp(w, "FILE", 4) || !strncmp(w, "SRC.", 4) || !strcmp(w, "PATH") ||
             !strcmp(w, "TARGET"))
        sb_adds(sb, "file");
    else if (!strcmp(w, "DIR"))
        sb_adds(sb, "dir");
    else if (!strcmp(w, "COMMAND"))
        sb_adds(sb, "cmd");
    else if (n && strspn(w, "abcdefghijklmnopqrstuvwxyz-") == n)
        sb_addf(sb, "w=%s", w);
    else
        sb_adds(sb, "-");
}

struct kinds {
    struct strbuf pos[MAX_POSITIONS];
    int npos;
    bool many;
};

static void kind_of_word(const struct arg_word *w, void *ctx)
{
    struct kinds *k = ctx;

    if (w->pos >= MAX_POSITIONS)
        return;
    add_kind(w->w, w->n, &k->pos[w->pos]);
    if (w->many)
        k->many = true;
    if (w->pos + 1 > k->npos)
        k->npos = w->pos + 1;
}

/* The kinds of each position of c's args ("guest file"), every alternative
 * merged; *many when the last one repeats. */
static void arg_kinds(const struct xyl_cmd *c, struct strbuf *out, bool *many)
{
    struct kinds k;
    int i;

    memset(&k, 0, sizeof(k));
    cmd_arg_words(c->args, kind_of_word, &k);
    for (i = 0; i < k.npos; i++)
        sb_addf(out, "%s%s", i ? " " : "", sb_str(&k.pos[i]));
    for (i = 0; i < MAX_POSITIONS; i++)
        sb_free(&k.pos[i]);
    *many = k.many;
}

void print_bash_completion(void)
{
    struct strbuf kinds = STRBUF_INIT, vk = STRBUF_INIT;
    int i, k;

    printf("# bash completion for xyl, generated by 'xyl help --bash-completion' from\n"
           "# xyl's command table: options, then guest names (from 'xyl list', nothing\n"
           "# without Xen), files or folders as each argument wants.\n"
           "_xyl_cmds=\"");
    for (i = 0; i < xyl_n_commands; i++)
        printf("%s%s", i ? " " : "", xyl_commands[i].name);
    printf("\"\n"
           "# complete $2 as each kind in the list $1: guest, file, dir, cmd, w=WORD/WORD\n"
           "_xyl_kind() {\n"
           "    local k\n"
           "    for k in ${1//,/ }; do\n"
           "        case $k in\n"
           "        guest) COMPREPLY+=($(compgen -W \"$(\"$_xyl_bin\" list 2>/dev/null |"
           " awk 'NR > 1 { print $1 }')\" -- \"$2\")) ;;\n"
           "        file) COMPREPLY+=($(compgen -f -- \"$2\")) ;;\n"
           "        dir) COMPREPLY+=($(compgen -d -- \"$2\")) ;;\n"
           "        cmd) COMPREPLY+=($(compgen -W \"$_xyl_cmds\" -- \"$2\")) ;;\n"
           "        w=*) k=${k#w=}; COMPREPLY+=($(compgen -W \"${k//\\// }\" -- \"$2\")) ;;\n"
           "        esac\n"
           "    done\n"
           "}\n"
           "_xyl() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    local _xyl_bin=${COMP_WORDS[0]} cmd= i w e o= v= k= m= pos=0 kind=\n"
           "    COMPREPLY=()\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in\n"
           "        --config) i=$((i + 1)) ;;\n"
           "        -*) ;;\n"
           "        *) cmd=${COMP_WORDS[i]}; break ;;\n"
           "        esac\n"
           "    done\n"
           "    if [ -z \"$cmd\" ]; then\n"
           "        if [ \"$prev\" = --config ]; then _xyl_kind file \"$cur\"; return; fi\n"
           "        COMPREPLY=($(compgen -W \"-N -v --config -h --help --version $_xyl_cmds\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    # o: options; v: OPTION:KIND of those taking a value; k: each\n"
           "    # argument's kinds; m: the last one repeats\n"
           "    case $cmd in\n");
    for (i = 0; i < xyl_n_commands; i++) {
        const struct xyl_cmd *c = &xyl_commands[i];
        bool many;

        printf("    %s) o=\"", c->name);
        sb_reset(&vk);
        for (k = 0; c->opts && c->opts[k].type != OPT_END; k++) {
            const struct xyl_option *op = &c->opts[k];
            struct strbuf kind = STRBUF_INIT;

            if (!shown(op))
                continue;
            if (op->short_name)
                printf("-%c ", op->short_name);
            if (op->long_name)
                printf("--%s ", op->long_name);
            if (op->type == OPT_FLAG)
                continue;
            if (op->choices) {
                const char *ch;
                sb_adds(&kind, "w=");
                for (ch = op->choices; *ch; ch++)
                    sb_addc(&kind, *ch == '|' ? '/' : *ch);
            } else {
                add_kind(op->value, strlen(op->value), &kind);
            }
            if (op->short_name)
                sb_addf(&vk, "%s-%c:%s", vk.len ? " " : "", op->short_name, sb_str(&kind));
            if (op->long_name)
                sb_addf(&vk, "%s--%s:%s", vk.len ? " " : "", op->long_name, sb_str(&kind));
            sb_free(&kind);
        }
        sb_reset(&kinds);
        arg_kinds(c, &kinds, &many);
        printf("-h --help\"; v=\"%s\"; k=\"%s\"; m=%s ;;\n", sb_str(&vk), sb_str(&kinds),
               many ? "1" : "");
    }
    printf("    *) return ;;\n"
           "    esac\n"
           "    for ((i++; i < COMP_CWORD; i++)); do\n"
           "        w=${COMP_WORDS[i]}\n"
           "        for e in $v; do\n"
           "            if [ \"$w\" = \"${e%%%%:*}\" ]; then i=$((i + 1)); continue 2; fi\n"
           "        done\n"
           "        case $w in -?*) continue ;; esac\n"
           "        pos=$((pos + 1))\n"
           "    done\n"
           "    for e in $v; do\n"
           "        if [ \"$prev\" = \"${e%%%%:*}\" ]; then _xyl_kind \"${e#*:}\" \"$cur\"; return; fi\n"
           "    done\n"
           "    case $cur in -*) COMPREPLY=($(compgen -W \"$o\" -- \"$cur\")); return ;; esac\n"
           "    set -- $k\n"
           "    if [ $pos -lt $# ]; then\n"
           "        shift $pos\n"
           "        kind=$1\n"
           "    elif [ -n \"$m\" ] && [ $# -gt 0 ]; then\n"
           "        kind=${!#}\n"
           "    fi\n"
           "    _xyl_kind \"$kind\" \"$cur\"\n"
           "}\n"
           "complete -o filenames -F _xyl xyl\n");
    sb_free(&kinds);
    sb_free(&vk);
}
