/*
 * parse_options.c - the one argument parser: every command's options and
 * positional arguments are read here from its row in the command table
 * (command.c), so no command writes an option loop.  Like git's
 * parse-options: -p, -pc (flags bundled), -j 4, -j4, --long, --long=VALUE,
 * --long VALUE; options may come after positional arguments (xyl
 * block-list NAME --json); "--" ends the options; "-" alone is an argument.
 * -h and --help print the command's help and succeed.  Every usage error is
 * one line "xyl CMD: ..." and the usage line (usage_error), exit 2.
 */
#define _GNU_SOURCE     /* memmem */
#include "cli/command.h"
#include "cli/help_gen.h"
#include "base/util.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int usage_error(const struct xyl_cmd *c, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "xyl %s: ", c->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    print_usage_line(c, stderr);
    return XYL_EXIT_USAGE;
}

void cmd_arg_words(const char *args, void (*fn)(const struct arg_word *w, void *ctx), void *ctx)
{
    const char *p = args;
    struct arg_word w = { 0, 0, NULL, 0, false, false };

    while (*p) {
        const char *bar = strstr(p, " | "), *end = bar ? bar : p + strlen(p);

        for (w.pos = 0; p < end; w.pos++) {
            while (p < end && *p == ' ')
                p++;
            if (p >= end)
                break;
            for (w.n = 0; p + w.n < end && p[w.n] != ' '; w.n++)
                ;
            w.w = p;
            w.optional = *p == '[';
            w.many = memmem(p, w.n, "...", 3) != NULL;
            fn(&w, ctx);
            p += w.n;
        }
        p = bar ? bar + 3 : end;
        w.alt++;
    }
}

/* per alternative: required words, most words (-1: no limit) */
struct range {
    int min[8], max[8], nalt;
};

static void count_word(const struct arg_word *w, void *ctx)
{
    struct range *r = ctx;

    if (w->alt >= 8)
        return;
    r->nalt = w->alt + 1;
    if (!w->optional)
        r->min[w->alt]++;
    if (r->max[w->alt] >= 0)
        r->max[w->alt] = w->many ? -1 : r->max[w->alt] + 1;
}

void cmd_arg_range(const struct xyl_cmd *c, int *min, int *max)
{
    struct range r;
    int i;

    memset(&r, 0, sizeof(r));
    cmd_arg_words(c->args, count_word, &r);
    *min = *max = 0;
    for (i = 0; i < r.nalt; i++) {
        if (i == 0 || r.min[i] < *min)
            *min = r.min[i];
        if (i == 0 || r.max[i] < 0 || (*max >= 0 && r.max[i] > *max))
            *max = r.max[i];
    }
}

/* The row index of -S or --LONG (len bytes of name), or -1. */
static int find_opt(const struct xyl_cmd *c, char s, const char *name, size_t len)
{
    int k;

    for (k = 0; c->opts && c->opts[k].type != OPT_END; k++) {
        const struct xyl_option *op = &c->opts[k];
        if (s ? op->short_name == s
              : op->long_name && strlen(op->long_name) == len && !strncmp(op->long_name, name, len))
            return k;
    }
    return -1;
}

static int lookup(const struct cmd_args *a, const char *opt)
{
    return find_opt(a->cmd, opt[1] ? 0 : opt[0], opt, strlen(opt));
}

bool arg_flag(const struct cmd_args *a, const char *opt)
{
    int k = lookup(a, opt);
    return k >= 0 && a->val[k] != NULL;
}

const char *arg_str(const struct cmd_args *a, const char *opt, const char *dflt)
{
    int k = lookup(a, opt);
    return k >= 0 && a->val[k] ? a->val[k] : dflt;
}

int arg_int(const struct cmd_args *a, const char *opt, int dflt)
{
    int k = lookup(a, opt);
    return k >= 0 && a->val[k] ? a->num[k] : dflt;
}

/* "-j" or "--ssh-command", for messages */
static const char *opt_name(const struct xyl_option *op, char *buf, size_t n)
{
    if (op->short_name)
        snprintf(buf, n, "-%c", op->short_name);
    else
        snprintf(buf, n, "--%s", op->long_name);
    return buf;
}

/* Check and store option k's value. */
static int set_value(const struct xyl_cmd *c, struct cmd_args *a, int k, const char *v)
{
    const struct xyl_option *op = &c->opts[k];
    char name[64];

    if (op->type == OPT_INT) {
        char *end;
        long n;

        errno = 0;
        n = strtol(v, &end, 10);
        if (!*v || *end || errno || n < op->min || n > op->max)
            return usage_error(c, "%s takes a number from %d to %d, not '%s'",
                               opt_name(op, name, sizeof(name)), op->min, op->max, v);
        a->num[k] = (int)n;
    }
    if (op->type == OPT_STRING && op->choices) {
        const char *p = op->choices;
        size_t len = strlen(v);
        bool ok = false;

        while (p && !ok) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            ok = n == len && !strncmp(p, v, n);
            p = bar ? bar + 1 : NULL;
        }
        if (!ok)
            return usage_error(c, "%s takes %s, not '%s'", opt_name(op, name, sizeof(name)),
                               op->choices, v);
    }
    a->val[k] = v;
    return 0;
}

/* One word starting with '-' at argv[*i]; may take argv[*i + 1]. */
static int parse_word(const struct xyl_cmd *c, int argc, char **argv, int *i, struct cmd_args *a)
{
    const char *w = argv[*i];
    int k;

    if (w[1] == '-') {                          /* --long, --long=VALUE */
        const char *name = w + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);

        k = find_opt(c, 0, name, len);
        if (k < 0 && len == 4 && !strncmp(name, "help", 4))
            return 1;
        if (k < 0)
            return usage_error(c, "unknown option '%.*s'", (int)len + 2, w);
        if (c->opts[k].type == OPT_FLAG) {
            if (eq)
                return usage_error(c, "--%s takes no value", c->opts[k].long_name);
            a->val[k] = "";
            return 0;
        }
        if (!eq && *i + 1 >= argc)
            return usage_error(c, "--%s needs a value (%s)", c->opts[k].long_name,
                               c->opts[k].value);
        return set_value(c, a, k, eq ? eq + 1 : argv[++*i]);
    }
    for (w++; *w; w++) {                        /* -p, -pc, -j4, -j 4 */
        k = find_opt(c, *w, NULL, 0);
        if (k < 0 && *w == 'h')
            return 1;
        if (k < 0)
            return usage_error(c, "unknown option '-%c'", *w);
        if (c->opts[k].type == OPT_FLAG) {
            a->val[k] = "";
            continue;
        }
        if (w[1])
            return set_value(c, a, k, w + 1);
        if (*i + 1 >= argc)
            return usage_error(c, "-%c needs a value (%s)", *w, c->opts[k].value);
        return set_value(c, a, k, argv[++*i]);
    }
    return 0;
}

int cmd_parse(const struct xyl_cmd *c, int argc, char **argv, struct cmd_args *a)
{
    bool opts_done = false;
    int i, r, min, max;

    memset(a, 0, sizeof(*a));
    a->cmd = c;
    a->pos = xcalloc((size_t)argc + 1, sizeof(*a->pos));
    for (i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-' || !argv[i][1]) {
            a->pos[a->npos++] = argv[i];
        } else if (!strcmp(argv[i], "--")) {
            opts_done = true;
        } else if ((r = parse_word(c, argc, argv, &i, a)) != 0) {
            free(a->pos);
            a->pos = NULL;
            if (r == 1)
                print_command_help(c, stdout);
            return r;
        }
    }
    cmd_arg_range(c, &min, &max);
    if (a->npos < min || (max >= 0 && a->npos > max)) {
        r = a->npos < min ? usage_error(c, "%s", a->npos ? "too few arguments" : "arguments missing")
                          : usage_error(c, "unexpected argument '%s'", a->pos[max]);
        free(a->pos);
        a->pos = NULL;
        return r;
    }
    return 0;
}

int cmd_run(const struct xyl_cmd *c, int argc, char **argv, const struct xyl_opts *o)
{
    struct cmd_args a;
    int r = cmd_parse(c, argc, argv, &a);

    if (r)
        return r == 1 ? XYL_EXIT_OK : r;
    r = c->fn(&a, o);
    free(a.pos);
    return r;
}
