/*
 * create.c - xyl create's work, for a validated guest: create the missing
 * images of disks with 'size' (removed again if the guest does not
 * start); libxl creates the domain paused (and destroys it itself if its
 * own steps fail); then xyl records the guest (for xyl plan), adds what
 * libxl does not (the xenstore data keys, xyl disks) and unpauses
 * (guest_start.c).  If any xyl step fails the domain is torn down
 * (teardown.h), so a failed create leaves nothing behind.  Then a monitor
 * process stays with the guest to carry out on_poweroff/on_reboot/on_crash
 * (monitor.c), unless CREATE_NO_MONITOR.
 */
#include "domain/create.h"
#include "domain/guest_start.h"
#include "base/interrupt.h"
#include "domain/monitor.h"
#include "base/progress.h"
#include "images/images.h"
#include "xen/libxl_map.h"
#include "model/pvgrub.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <unistd.h>

int domain_create(const struct xyl_guest *g, unsigned flags, int verbose, struct diags *d)
{
    bool paused = flags & CREATE_PAUSED, console = flags & CREATE_CONSOLE;
    bool monitor = !(flags & CREATE_NO_MONITOR);
    struct image_list images = { 0 };       /* made by this run */
    struct xyl_xen x;
    libxl_domain_config dc;
    struct guest_extras extras = { .xenstore = &g->xenstore, .g = g };
    uint32_t domid, existing;
    int rc = -1;

    if (xyl_vbd_check(g) || xyl_vif_check(g))  /* backend: xyl, before anything exists */
        return -1;
    if (pvgrub_image(g->type, g->firmware) && access(pvgrub_image(g->type, g->firmware), R_OK)) {
        fprintf(stderr, "xyl: firmware %s needs %s: apt-get install " PVGRUB_PACKAGE "\n",
                g->firmware, pvgrub_image(g->type, g->firmware));
        return -1;
    }
    interrupt_catch();          /* until the guest runs: SIGINT/SIGTERM undo it */
    if (xen_open(&x, verbose))
        return -1;
    xyl_trace("libxl open");
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
    xyl_trace("name checked, images made, libxl configuration built");
    /* recorded (for xyl plan) while still paused, then xyl's steps */
    if (guest_start(&x, &dc, &extras, GUEST_RECORD | (paused ? GUEST_PAUSED : 0), &domid))
        goto out;
    image_list_free(&images);       /* the guest runs on them now: kept */
    interrupt_default();            /* it runs: nothing left to undo */
    printf("created %s (domid %u)%s\n", g->name, domid, paused ? ", paused" : "");
    rc = 0;
    if (monitor) {      /* on_poweroff/on_reboot/on_crash, as xl's daemon */
        monitor_start(&x, domid, g->name, &extras);
        xyl_trace("monitor started");
    }
    if (console) {
        /* replaces this process with xenconsole; returns only on failure */
        fflush(stdout);
        libxl_primary_console_exec(x.ctx, domid, -1);
        fprintf(stderr, "xyl: created %s but cannot attach to its console\n", g->name);
        rc = -1;
    }
out:
    libxl_domain_config_dispose(&dc);
out_ctx:
    images_rollback(&images, stderr);   /* only if the guest did not start */
    image_list_free(&images);
    xen_close(&x);
    xyl_trace("libxl closed");
    return rc;
}
