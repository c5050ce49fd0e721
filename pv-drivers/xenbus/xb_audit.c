/*
 * xb_audit.c - see xb_audit.h.
 *
 * Layout audited: /local/domain/0/backend/<kind>/<domid>/<devid>/<node>.
 * Every device directory and its direct nodes are checked (that is where a
 * backend reads its orders from); deeper nodes are the backend's own.
 */
#include "xb_audit.h"
#include "xb_parse.h"
#include "xb_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BACKEND_ROOT "/local/domain/0/backend"

bool xb_perms_writable_by(const struct xs_permissions *p, unsigned n, uint32_t dom)
{
    unsigned i;

    if (n == 0)
        return false;
    if (p[0].id == dom)
        return true;                    /* the owner */
    for (i = 1; i < n; i++)
        if (p[i].id == dom)
            return (p[i].perms & XS_PERM_WRITE) != 0;
    return (p[0].perms & XS_PERM_WRITE) != 0;     /* everybody else */
}

/* Does any domain but dom0 get write access?  Says who in *who. */
static bool guest_writable(const struct xs_permissions *p, unsigned n, uint32_t *who)
{
    unsigned i;

    if (n == 0)
        return false;
    if (p[0].id != 0) {
        *who = p[0].id;
        return true;
    }
    if (p[0].perms & XS_PERM_WRITE) {
        *who = UINT32_MAX;              /* everybody */
        return true;
    }
    for (i = 1; i < n; i++) {
        if (p[i].id != 0 && (p[i].perms & XS_PERM_WRITE)) {
            *who = p[i].id;
            return true;
        }
    }
    return false;
}

static int check_node(struct xs_handle *xs, const struct xb_audit_ops *ops, const char *path)
{
    struct xs_permissions *p;
    unsigned n = 0;
    uint32_t who = 0;
    char msg[96];
    int found = 0;

    p = xs_get_permissions(xs, XBT_NULL, path, &n);
    if (p && guest_writable(p, n, &who)) {
        if (who == UINT32_MAX)
            snprintf(msg, sizeof(msg), "every domain can write this backend node");
        else
            snprintf(msg, sizeof(msg), "domain %u can write this backend node", who);
        ops->report(ops->ctx, path, msg);
        found = 1;
    }
    free(p);
    return found;
}

static char **list(struct xs_handle *xs, const char *path, unsigned *n)
{
    *n = 0;
    return xs_directory(xs, XBT_NULL, path, n);
}

int xb_audit(struct xs_handle *xs, const struct xb_audit_ops *ops)
{
    char path[512];
    unsigned nk, nd, nv, nn, k, d, v, i;
    char **kinds, **doms, **devs, **nodes;
    int found = 0;

    found += check_node(xs, ops, "/local/domain/0");
    found += check_node(xs, ops, BACKEND_ROOT);
    kinds = list(xs, BACKEND_ROOT, &nk);
    if (!kinds)
        return found ? found : -1;
    for (k = 0; k < nk; k++) {
        snprintf(path, sizeof(path), BACKEND_ROOT "/%s", kinds[k]);
        found += check_node(xs, ops, path);
        doms = list(xs, path, &nd);
        for (d = 0; doms && d < nd; d++) {
            uint32_t domid;

            snprintf(path, sizeof(path), BACKEND_ROOT "/%s/%s", kinds[k], doms[d]);
            if (xb_parse_u32(doms[d], strlen(doms[d]), XB_DOMID_MAX, &domid)) {
                ops->report(ops->ctx, path, "not a domain ID");
                found++;
                continue;
            }
            if (!ops->alive(ops->ctx, domid)) {
                ops->report(ops->ctx, path, "backend of a domain that no longer exists");
                found++;
                continue;
            }
            found += check_node(xs, ops, path);
            devs = list(xs, path, &nv);
            for (v = 0; devs && v < nv; v++) {
                snprintf(path, sizeof(path), BACKEND_ROOT "/%s/%s/%s", kinds[k], doms[d], devs[v]);
                found += check_node(xs, ops, path);
                nodes = list(xs, path, &nn);
                for (i = 0; nodes && i < nn; i++) {
                    char node[640];

                    snprintf(node, sizeof(node), "%s/%s", path, nodes[i]);
                    found += check_node(xs, ops, node);
                }
                free(nodes);
            }
            free(devs);
        }
        free(doms);
    }
    free(kinds);
    return found;
}
