/*
 * xyl xenstore ls NAME|ID  - a guest's xenstore tree with permissions, and
 *                            its devices: frontend and backend states
 * xyl xenstore audit       - backend nodes a guest could write, backend
 *                            directories of guests that no longer exist
 *
 * Values under a guest's tree are written by the guest: they are printed
 * with every byte outside printable ASCII escaped (\xNN), so a guest cannot
 * send escape sequences to the operator's terminal.
 */
#include "cli/command.h"
#include "base/util.h"
#include "xen/xen.h"

#include "pv-drivers/xenbus/xb_audit.h"
#include "pv-drivers/xenbus/xb_parse.h"
#include "pv-drivers/xenbus/xb_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

#define LS_MAX_DEPTH 16         /* a guest can nest its own nodes: bound the walk */
#define LS_MAX_VALUE 120        /* bytes of a value shown */

static void put_escaped(const char *s, unsigned len)
{
    unsigned i;

    for (i = 0; i < len && i < LS_MAX_VALUE; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    if (len > LS_MAX_VALUE)
        printf("...(%u bytes)", len);
}

static void put_perms(struct xs_handle *xs, const char *path)
{
    static const char letter[] = "nrwb";    /* none, read, write, both: as xenstore-ls */
    struct xs_permissions *p;
    unsigned n = 0, i;

    p = xs_get_permissions(xs, XBT_NULL, path, &n);
    if (!p)
        return;
    fputs("  (", stdout);
    for (i = 0; i < n; i++)
        printf("%s%c%u", i ? "," : "", letter[p[i].perms & (XS_PERM_READ | XS_PERM_WRITE)],
               p[i].id);
    putchar(')');
    free(p);
}

static void ls(struct xs_handle *xs, const char *path, const char *name, int depth)
{
    unsigned n = 0, len = 0, i;
    char **ents, *v;

    v = xs_read(xs, XBT_NULL, path, &len);
    printf("%*s%s = \"", depth * 2, "", name);
    if (v)
        put_escaped(v, len);
    putchar('"');
    put_perms(xs, path);
    putchar('\n');
    free(v);
    if (depth >= LS_MAX_DEPTH)
        return;
    ents = xs_directory(xs, XBT_NULL, path, &n);
    for (i = 0; ents && i < n; i++) {
        char *child = xasprintf("%s/%s", path, ents[i]);

        ls(xs, child, ents[i], depth + 1);
        free(child);
    }
    free(ents);
}

static int state_at(struct xs_handle *xs, const char *dir)
{
    char *path = xasprintf("%s/state", dir), *v;
    unsigned len = 0;
    int st;

    v = xs_read(xs, XBT_NULL, path, &len);
    st = v ? xb_parse_state(v, len) : -1;
    free(v);
    free(path);
    return st;
}

/* One line per backend device of the guest, whatever the backend kind:
 * the backend tree is dom0's, so it is the list to trust. */
static void devices(struct xs_handle *xs, uint32_t domid)
{
    unsigned nk = 0, nv, k, i;
    char **kinds = xs_directory(xs, XBT_NULL, "/local/domain/0/backend", &nk);

    printf("\n%-10s %-10s %-22s %-22s %s\n", "KIND", "DEVID", "BACKEND", "FRONTEND", "BACKEND-PATH");
    for (k = 0; kinds && k < nk; k++) {
        char *dir = xasprintf("/local/domain/0/backend/%s/%u", kinds[k], domid);
        char **devs;

        nv = 0;
        devs = xs_directory(xs, XBT_NULL, dir, &nv);

        for (i = 0; devs && i < nv; i++) {
            char *be = xasprintf("%s/%s", dir, devs[i]);
            char *fe_node = xasprintf("%s/frontend", be), *fe;
            unsigned len = 0;
            int bst = state_at(xs, be), fst = -1;
            char b[32], f[32];

            fe = xs_read(xs, XBT_NULL, fe_node, &len);      /* dom0-written */
            if (fe && strlen(fe) == len)
                fst = state_at(xs, fe);
            snprintf(b, sizeof(b), "%d %s", bst, xb_state_name(bst));
            snprintf(f, sizeof(f), "%d %s", fst, fe ? xb_state_name(fst) : "(none)");
            printf("%-10s %-10s %-22s %-22s %s\n", kinds[k], devs[i], b, f, be);
            free(fe);
            free(fe_node);
            free(be);
        }
        free(devs);
        free(dir);
    }
    free(kinds);
}

static int xs_ls(struct xyl_xen *x, const char *what)
{
    struct xs_handle *xs;
    uint32_t domid;
    char *path;

    if (xen_find_domain(x, what, &domid))
        return XYL_EXIT_FAIL;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return XYL_EXIT_FAIL;
    }
    path = xasprintf("/local/domain/%u", domid);
    ls(xs, path, path, 0);
    devices(xs, domid);
    free(path);
    xs_close(xs);
    return XYL_EXIT_OK;
}

static bool alive(void *ctx, uint32_t domid)
{
    struct xyl_xen *x = ctx;
    libxl_dominfo info;
    bool ok;

    libxl_dominfo_init(&info);
    ok = libxl_domain_info(x->ctx, &info, domid) == 0 && !info.dying;
    libxl_dominfo_dispose(&info);
    return ok;
}

static void report(void *ctx, const char *path, const char *problem)
{
    (void)ctx;
    printf("%s: %s\n", path, problem);
}

static int xs_audit(struct xyl_xen *x)
{
    const struct xb_audit_ops ops = { alive, report, x };
    struct xs_handle *xs = xs_open(0);
    int n;

    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return XYL_EXIT_FAIL;
    }
    n = xb_audit(xs, &ops);
    xs_close(xs);
    if (n < 0) {
        fprintf(stderr, "xyl: cannot read /local/domain/0/backend\n");
        return XYL_EXIT_FAIL;
    }
    if (n == 0)
        printf("xenstore audit: clean\n");
    else
        printf("xenstore audit: %d finding(s)\n", n);
    return n ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}

int cmd_xenstore(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    int rc;

    bool ls = !strcmp(a->pos[0], "ls");

    if (!(ls && a->npos == 2) && !(!strcmp(a->pos[0], "audit") && a->npos == 1))
        return usage_error(a->cmd, "expects 'ls NAME|ID' or 'audit', not '%s'", a->pos[0]);
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    rc = ls ? xs_ls(&x, a->pos[1]) : xs_audit(&x);
    xen_close(&x);
    return rc;
}
