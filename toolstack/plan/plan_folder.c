/*
 * plan_folder.c - a folder planned against this host, and the plan printed
 * (see plan_folder.h).
 */
#include "plan/plan_folder.h"
#include "plan/state.h"
#include "host/host_config.h"
#include "images/images.h"
#include "base/json_out.h"
#include "xen/libxl_map.h"
#include "domain/meta.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Relative disk targets name files in the images folder of the host's
 * configuration, as for xyl create. */
static int resolve_images(struct guest_set *set, const char *config)
{
    struct diags d = { 0 };
    struct host_config hc;
    int i, rc = 0;

    if (host_config_load(&hc, config, &d) == 0)
        for (i = 0; i < set->n; i++)
            images_resolve(&set->v[i], hc.images, &d);
    host_config_free(&hc);
    if (d.errors) {
        diags_print(&d, stderr);
        rc = -1;
    }
    diags_free(&d);
    return rc;
}

/* The guest's `backend: xyl` disks (vdev, image as xyl_vbd.c writes it:
 * absolute) and NICs (MAC, bridge), as observe.c reads them back. */
/* Disks with size: (not CD-ROMs): what the images should measure */
static void want_sizes(const struct xyl_guest *g, struct plan_xdevs *sz)
{
    int i;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *dk = &g->disks[i];

        if (!dk->size_bytes || dk->parsed_cdrom || dk->cdrom == 1)
            continue;
        plan_xdevs_add(sz, dk->parsed_vdev ? dk->parsed_vdev : dk->vdev ? dk->vdev : "?",
                       dk->target, i);
        sz->v[sz->n - 1].size = dk->size_bytes;
    }
}

static void want_xdevs(const struct xyl_guest *g, struct plan_xdevs *xd, struct plan_xdevs *xn)
{
    char mac[18], *abs;
    int i;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *dk = &g->disks[i];

        if (!dk->is_xyl_backend)
            continue;
        abs = dk->target ? realpath(dk->target, NULL) : NULL;
        plan_xdevs_add(xd, dk->parsed_vdev ? dk->parsed_vdev : dk->vdev ? dk->vdev : "?",
                       abs ? abs : dk->target, i);
        free(abs);
    }
    for (i = 0; i < g->n_nics; i++) {
        const struct xyl_nic *n = &g->nics[i];
        const uint8_t *m = n->macaddr;

        if (!n->is_xyl_backend || !n->mac_valid)
            continue;
        snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
        plan_xdevs_add(xn, mac, n->bridge ? n->bridge : "xenbr0", i);   /* xyl_vif.c's default */
    }
}

int plan_folder_load(const char *dir, const char *config, bool autostart, struct plan_folder *pr)
{
    struct diags d = { 0 };
    char *paths[1] = { (char *)dir };
    int i, n;

    memset(pr, 0, sizeof(*pr));
    if (!realpath(dir, pr->dir)) {
        fprintf(stderr, "xyl: cannot open the folder %s: %s\n", dir, strerror(errno));
        return -1;
    }
    if (load_guest_paths(paths, 1, &pr->set, &d)) {
        diags_print(&d, stderr);
        fprintf(stderr, "xyl: %s has errors (above): nothing was planned\n", dir);
        goto fail;
    }
    diags_print(&d, stderr);            /* warnings */
    diags_free(&d);
    if (resolve_images(&pr->set, config))
        goto fail;
    n = pr->set.n;
    pr->want = xcalloc((size_t)n, sizeof(*pr->want));
    pr->dc = xcalloc((size_t)n, sizeof(*pr->dc));
    pr->files = xcalloc((size_t)n, sizeof(*pr->files));
    pr->sha = xcalloc((size_t)n, sizeof(*pr->sha));
    pr->xd = xcalloc((size_t)n + 1, sizeof(*pr->xd));
    pr->xn = xcalloc((size_t)n + 1, sizeof(*pr->xn));
    pr->sz = xcalloc((size_t)n + 1, sizeof(*pr->sz));
    for (i = 0; i < n; i++) {
        struct xyl_guest *g = &pr->set.v[i];
        char abs[PATH_MAX];

        /* no ctx: the mapping needs none (xyl -N create), so validation
         * and the desired side come before anything of the host */
        if (guest_to_libxl(g, NULL, &pr->dc[i], &d)) {
            diags_print(&d, stderr);
            goto fail;
        }
        if (!realpath(g->file, abs) || meta_guest_sha256(g, abs, pr->sha[i])) {
            fprintf(stderr, "xyl: cannot read %s: %s\n", g->file, strerror(errno));
            goto fail;
        }
        pr->files[i] = xstrdup(abs);
        want_xdevs(g, &pr->xd[i], &pr->xn[i]);
        want_sizes(g, &pr->sz[i]);
        pr->want[i] = (struct plan_want){
            .name = g->name, .file = pr->files[i], .sha256 = pr->sha[i], .dc = &pr->dc[i],
            .xs = &g->xenstore, .xdisks = &pr->xd[i], .xnics = &pr->xn[i], .sizes = &pr->sz[i],
            .skip = autostart && g->autostart != 1,
        };
    }
    return 0;
fail:
    diags_free(&d);
    plan_folder_free(pr);
    return -1;
}

int plan_folder_plan(struct plan_folder *pr, struct xyl_xen *x, const char *state, bool prune)
{
    if (x ? observe_host(x->ctx, pr->want, pr->set.n, &pr->obs) :
        state ? state_load(state, &pr->obs) : 0) {
        plan_folder_free(pr);
        return -1;
    }
    plan_make(pr->want, pr->set.n, pr->obs.v, pr->obs.n, pr->dir, prune, &pr->plan);
    return 0;
}

void plan_folder_free(struct plan_folder *pr)
{
    int i;

    plan_free(&pr->plan);
    observe_free(&pr->obs);
    for (i = 0; pr->dc && i < pr->set.n; i++) {
        libxl_domain_config_dispose(&pr->dc[i]);
        free(pr->files[i]);
        plan_xdevs_free(&pr->xd[i]);
        plan_xdevs_free(&pr->xn[i]);
        plan_xdevs_free(&pr->sz[i]);
    }
    free(pr->xd);
    free(pr->sz);
    free(pr->xn);
    free(pr->dc);
    free(pr->files);
    free(pr->sha);
    free(pr->want);
    guest_set_free(&pr->set);
    memset(pr, 0, sizeof(*pr));
}

void plan_action_line(const struct plan_action *a, FILE *f)
{
    static const char *const sign[] = {
        [PLAN_UNCHANGED] = "=", [PLAN_CREATE] = "+", [PLAN_UPDATE] = "~",
        [PLAN_RECREATE] = "-/+", [PLAN_DESTROY] = "-", [PLAN_CONFLICT] = "!", [PLAN_KEEP] = " ",
    };
    fprintf(f, "%s %s %s", sign[a->kind], plan_kind_name(a->kind), a->name);
}

void plan_folder_print(const struct plan_folder *pr, FILE *f)
{
    const struct plan *p = &pr->plan;
    int count[PLAN_KEEP + 1] = { 0 };
    int i, k;

    for (i = 0; i < p->n; i++) {
        const struct plan_action *a = &p->v[i];

        count[a->kind]++;
        plan_action_line(a, f);
        for (k = 0; k < a->n_why; k++)
            fprintf(f, "%s%s", k ? ", " : " (", a->why[k]);
        fputs(a->n_why ? ")" : "", f);
        fputs(a->disruptive ? " [disruptive: shuts the guest down]\n" : "\n", f);
    }
    if (!p->changes)
        fprintf(f, "No changes: %d guest%s as defined.\n", count[PLAN_UNCHANGED],
                count[PLAN_UNCHANGED] == 1 ? "" : "s");
    else
        fprintf(f, "Plan: %d to create, %d to update in place, %d to recreate, %d to destroy.\n",
                count[PLAN_CREATE], count[PLAN_UPDATE], count[PLAN_RECREATE], count[PLAN_DESTROY]);
    if (p->disruptive)
        fprintf(f, "%d disruptive: %s shut down cleanly first; apply asks on a terminal, "
                "--yes allows, --no-disrupt refuses.\n", p->disruptive,
                p->disruptive == 1 ? "the guest is" : "the guests are");
    if (p->conflicts)
        fprintf(f, "%d conflict%s: domains of the same name that xyl did not create.\n",
                p->conflicts, p->conflicts == 1 ? "" : "s");
}

int plan_folder_show(const struct plan_folder *pr, bool json)
{
    if (json)
        plan_folder_print_json(pr);
    else
        plan_folder_print(pr, stdout);
    if (pr->plan.conflicts)
        return 1;
    return pr->plan.changes ? 2 : 0;
}

void plan_folder_print_json(const struct plan_folder *pr)
{
    const struct plan *p = &pr->plan;
    yajl_gen g = json_gen_new();
    int i, k;

    yajl_gen_map_open(g);
    json_str(g, "folder");
    json_str(g, pr->dir);
    json_str(g, "changes");
    yajl_gen_integer(g, p->changes);
    json_str(g, "conflicts");
    yajl_gen_integer(g, p->conflicts);
    json_str(g, "disruptive");
    yajl_gen_integer(g, p->disruptive);
    json_str(g, "guests");
    yajl_gen_array_open(g);
    for (i = 0; i < p->n; i++) {
        const struct plan_action *a = &p->v[i];

        yajl_gen_map_open(g);
        json_str(g, "name");
        json_str(g, a->name);
        json_str(g, "action");
        json_str(g, plan_kind_name(a->kind));
        if (a->want >= 0) {
            json_str(g, "file");
            json_str(g, pr->want[a->want].file);
        }
        if (a->have >= 0) {
            json_str(g, "domid");
            yajl_gen_integer(g, pr->obs.v[a->have].domid);
        }
        json_str(g, "disruptive");
        yajl_gen_bool(g, a->disruptive);
        json_str(g, "reasons");
        yajl_gen_array_open(g);
        for (k = 0; k < a->n_why; k++)
            json_str(g, a->why[k]);
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    json_gen_print(g);
}
