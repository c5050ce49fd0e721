/*
 * hotplug.c - shared pieces of the device hot-plug commands.
 *
 * A device argument goes through exactly the path a disks:/networks: item
 * of a definition takes (the YAML loader, parse_item, check_devices), on a
 * temporary guest that carries the running domain's name and type, so the
 * same item is accepted or refused the same way at create and at attach.
 */
#include "devices/hotplug.h"
#include "model/schema.h"
#include "model/schema_check.h"
#include "model/guest_rules.h"
#include "base/util.h"
#include "model/yaml_tree.h"

#include <libxl_utils.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hp_find_domain(struct xyl_xen *x, const char *what, struct hp_dom *dom)
{
    libxl_dominfo info;

    dom->name = NULL;
    if (xen_find_domain(x, what, &dom->domid))
        return -1;
    libxl_dominfo_init(&info);
    if (libxl_domain_info(x->ctx, &info, dom->domid)) {
        fprintf(stderr, "xyl: domain %s disappeared\n", what);
        libxl_dominfo_dispose(&info);
        return -1;
    }
    switch (info.domain_type) {
    case LIBXL_DOMAIN_TYPE_HVM: dom->type = XYL_HVM; break;
    case LIBXL_DOMAIN_TYPE_PVH: dom->type = XYL_PVH; break;
    default:                    dom->type = XYL_PV; break;
    }
    libxl_dominfo_dispose(&info);
    dom->name = libxl_domid_to_name(x->ctx, dom->domid);
    if (!dom->name)
        dom->name = xasprintf("domain-%u", dom->domid);
    return 0;
}

void hp_dom_free(struct hp_dom *dom)
{
    free(dom->name);
    dom->name = NULL;
}

/* libyaml reports "unexpected end" one line below a one-line argument:
 * point at the end of the argument instead. */
static void clamp_marks(struct diags *d, size_t from, const char *arg)
{
    struct ymark end = { 1, 1 };
    const char *p;
    size_t i;

    for (p = arg; *p; p++) {
        if (*p == '\n') {
            end.line++;
            end.col = 1;
        } else {
            end.col++;
        }
    }
    for (i = from; i < d->n; i++)
        if (d->v[i].mark.line > end.line ||
            (d->v[i].mark.line == end.line && d->v[i].mark.col > end.col))
            d->v[i].mark = end;
}

int hp_parse_item(const struct hp_dom *dom, const char *list, const char *arg,
                  struct xyl_guest *g, struct diags *d)
{
    struct xyl_load ld = { d, HP_ARG, g };
    struct ydoc doc;
    size_t before = d->errors, n_before = d->n;

    guest_init(g);
    g->file = xstrdup(HP_ARG);
    g->name = xstrdup(dom->name);
    g->type = dom->type;
    if (ydoc_load(&doc, HP_ARG, arg, strlen(arg), d)) {
        clamp_marks(d, n_before, arg);
        return -1;
    }
    if (!doc.root || ynode_is_null(doc.root)) {
        struct ymark m = { 1, 1 };
        diag_err(d, HP_ARG, m, "empty %s item", strcmp(list, "disks") ? "network" : "disk");
    } else if (parse_item(&ld, keyset_find(&xyl_guest_keys, list), doc.root, g) == 0 &&
               d->errors == before) {
        check_devices(&ld);
    }
    ydoc_free(&doc);
    clamp_marks(d, n_before, arg);
    return d->errors == before ? 0 : -1;
}

bool hp_has_disk(struct xyl_xen *x, uint32_t domid, const char *vdev)
{
    libxl_device_disk *list;
    int n = 0, i;
    bool hit = false;

    list = libxl_device_disk_list(x->ctx, domid, &n);
    for (i = 0; list && i < n; i++)
        if (list[i].vdev && !strcmp(list[i].vdev, vdev))
            hit = true;
    if (list)
        libxl_device_disk_list_free(list, n);
    return hit;
}

int hp_find_nic(struct xyl_xen *x, uint32_t domid, int devid, const uint8_t *mac)
{
    libxl_device_nic *list;
    int n = 0, i, found = -1;

    list = libxl_device_nic_list(x->ctx, domid, &n);
    for (i = 0; list && i < n; i++)
        if (mac ? !memcmp(list[i].mac, mac, 6) : list[i].devid == devid)
            found = list[i].devid;
    if (list)
        libxl_device_nic_list_free(list, n);
    return found;
}

struct ymark hp_arg_mark(const char *arg, const char *needle, struct ymark dflt)
{
    const char *hit = needle && *needle ? strstr(arg, needle) : NULL, *p;
    struct ymark m = { 1, 1 };

    if (!hit)
        return dflt;
    for (p = arg; p < hit; p++) {
        if (*p == '\n') {
            m.line++;
            m.col = 1;
        } else {
            m.col++;
        }
    }
    return m;
}

void hp_err(struct diags *d, const char *arg, struct ymark m, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    struct ymark none = { 0, 0 };
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    diag_err(d, arg ? HP_ARG : "xyl", arg ? m : none, "%s", sb_str(&sb));
    sb_free(&sb);
}

int hp_list(int verbose, char **names, int n, bool json, const char *header,
            void (*each)(struct xyl_xen *x, const struct hp_dom *dom, yajl_gen g))
{
    struct xyl_xen x;
    yajl_gen g = NULL;
    int i, rc = 0;

    if (xen_open(&x, verbose))
        return -1;
    if (json) {
        g = json_gen_new();
        yajl_gen_array_open(g);
    } else {
        fputs(header, stdout);
    }
    for (i = 0; i < n; i++) {
        struct hp_dom dom = { 0, NULL, 0 };

        if (hp_find_domain(&x, names[i], &dom)) {
            rc = -1;
            continue;
        }
        each(&x, &dom, g);
        hp_dom_free(&dom);
    }
    if (json) {
        yajl_gen_array_close(g);
        json_gen_print(g);
    }
    xen_close(&x);
    return rc;
}

int hp_attach_begin(struct hp_attach *h, int verbose, const char *what, const char *list,
                    const char *arg)
{
    memset(h, 0, sizeof(*h));
    guest_init(&h->g);
    if (xen_open(&h->x, verbose) || hp_find_domain(&h->x, what, &h->dom))
        return -1;
    if (hp_parse_item(&h->dom, list, arg ? arg : "{}", &h->g, &h->d)) {
        diags_print(&h->d, stderr);
        return -1;
    }
    return 0;
}

int hp_attach_checked(struct hp_attach *h)
{
    diags_print(&h->d, stderr);     /* warnings too */
    return h->d.errors ? -1 : 0;
}

void hp_attach_end(struct hp_attach *h)
{
    guest_free(&h->g);
    diags_free(&h->d);
    hp_dom_free(&h->dom);
    xen_close(&h->x);
}

void hp_print_json(char *json)
{
    printf("%s\n", json ? json : "");
    free(json);
}
