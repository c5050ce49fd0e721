/*
 * xyl create [-p] FILE.yaml - build a guest from its definition.
 *
 * Order: validate everything first; create the missing images of disks with
 * 'size' (removed again if the guest does not start); libxl creates the
 * domain paused (and
 * destroys it itself if its own steps fail); then xyl records the guest
 * (for xyl plan), adds what libxl does not (the xenstore data keys, xyl
 * disks) and unpauses (guest_start.c).  If any xyl step fails the domain
 * is torn down (teardown.h), so a failed create leaves nothing behind.  Then a monitor process stays with the guest to carry
 * out on_poweroff/on_reboot/on_crash (monitor.c), unless -e.
 * With the global -N it prints the libxl_domain_config JSON instead (and on
 * stderr the images it would create).
 */
#include "cli/command.h"
#include "host/host_config.h"
#include "images/images.h"
#include "xen/libxl_map.h"
#include "model/validate.h"
#include "xen/xen.h"

#include <libxl_utils.h>
#include "domain/guest_start.h"
#include "domain/monitor.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dry_run(const struct xyl_guest *g, struct diags *d)
{
    libxl_domain_config dc;
    char *json;
    int rc = XYL_EXIT_FAIL;

    if (guest_to_libxl(g, NULL, &dc, d) == 0) {
        json = libxl_domain_config_to_json(NULL, &dc);
        if (json) {
            fputs(json, stdout);
            free(json);
            rc = XYL_EXIT_OK;
        } else {
            fprintf(stderr, "xyl: libxl could not convert the configuration to JSON\n");
        }
    }
    libxl_domain_config_dispose(&dc);
    return rc;
}

static int create(const struct xyl_guest *g, bool paused, bool console, bool monitor,
                  int verbose, struct diags *d)
{
    struct image_list images = { 0 };       /* made by this run */
    struct xyl_xen x;
    libxl_domain_config dc;
    struct guest_extras extras = { &g->xenstore, g };
    uint32_t domid, existing;
    int rc = XYL_EXIT_FAIL;

    if (xyl_vbd_check(g) || xyl_vif_check(g))  /* backend: xyl, before anything exists */
        return XYL_EXIT_FAIL;
    if (xen_open(&x, verbose))
        return XYL_EXIT_FAIL;
    if (libxl_name_to_domid(x.ctx, g->name, &existing) == 0) {
        fprintf(stderr, "xyl: a domain named '%s' already exists (ID %u); "
                "destroy it first or rename this guest\n", g->name, existing);
        goto out_ctx;
    }
    if (images_create_missing(g, false, stdout, &images))  /* disks with size: */
        goto out_ctx;
    if (guest_to_libxl(g, x.ctx, &dc, d)) {
        diags_print(d, stderr);
        goto out;
    }
    /* recorded (for xyl plan) while still paused, then xyl's steps */
    if (guest_start(&x, &dc, &extras, GUEST_RECORD | (paused ? GUEST_PAUSED : 0), &domid))
        goto out;
    image_list_free(&images);       /* the guest runs on them now: kept */
    printf("created %s (domid %u)%s\n", g->name, domid, paused ? ", paused" : "");
    rc = XYL_EXIT_OK;
    if (monitor)        /* on_poweroff/on_reboot/on_crash, as xl's daemon */
        monitor_start(&x, domid, g->name, &extras);
    if (console) {
        /* replaces this process with xenconsole; returns only on failure */
        fflush(stdout);
        libxl_primary_console_exec(x.ctx, domid, -1);
        fprintf(stderr, "xyl: created %s but cannot attach to its console\n", g->name);
        rc = XYL_EXIT_FAIL;
    }
out:
    libxl_domain_config_dispose(&dc);
out_ctx:
    images_rollback(&images, stderr);   /* only if the guest did not start */
    image_list_free(&images);
    xen_close(&x);
    return rc;
}

int cmd_create(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    struct host_config hc;
    bool paused = arg_flag(a, "p"), console = arg_flag(a, "c"), monitor = !arg_flag(a, "e");
    bool dry = o->dryrun || arg_flag(a, "n");      /* xl spells dry run both ways */
    int rc;

    load_guest_file(a->pos[0], &g, &d);
    if (!d.errors) {
        if (host_config_load(&hc, o->config, &d) == 0)
            images_resolve(&g, hc.images, &d);  /* relative targets: the images folder */
        host_config_free(&hc);
    }
    if (d.errors) {
        diags_print(&d, stderr);
        rc = XYL_EXIT_FAIL;
    } else {
        diags_print(&d, stderr);        /* warnings */
        diags_free(&d);
        if (dry) {
            struct image_list none = { 0 };
            images_create_missing(&g, true, stderr, &none);    /* says, creates nothing */
        }
        rc = dry ? dry_run(&g, &d) : create(&g, paused, console, monitor, o->verbose, &d);
        if (dry && d.n)
            diags_print(&d, stderr);
    }
    guest_free(&g);
    diags_free(&d);
    return rc;
}
