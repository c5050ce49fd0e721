/*
 * xyl screenshot [-f] NAME|ID FILE.png - an HVM guest's screen as a PNG
 * xyl vnc [--json] [--viewer] NAME|ID   - how to reach its VNC server
 *
 * Both ask the guest's qemu-xen over libxl's QMP socket; the work is in
 * hvm/screenshot.c and hvm/vnc.c.  Only HVM guests have a device model
 * with a screen (a PV/PVH framebuffer is served by a different QEMU).
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "hvm/screenshot.h"
#include "hvm/vnc.h"
#include "base/interrupt.h"

#include <libxl.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* the running HVM domain a->pos[0] names, into dom (x left open) */
static int find_hvm(struct xyl_xen *x, const char *what, struct hp_dom *dom, const char *verb)
{
    if (hp_find_domain(x, what, dom))
        return -1;
    if (dom->type != XYL_HVM) {
        fprintf(stderr, "xyl: %s is a %s guest: only hvm guests have a screen to %s "
                "(their device model is QEMU)\n", dom->name, gtype_name(dom->type), verb);
        return -1;
    }
    return 0;
}

int cmd_screenshot(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    struct shot_info si;
    const char *dest = a->pos[1];
    int rc = XYL_EXIT_FAIL;
    size_t n = strlen(dest);

    if (n < 5 || strcmp(dest + n - 4, ".png"))
        return usage_error(a->cmd, "FILE must end in .png (the file is a PNG image)");
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    interrupt_catch();
    if (!find_hvm(&x, a->pos[0], &dom, "capture") &&
        !hvm_screenshot(dom.domid, dom.name, dest, arg_flag(a, "f"), &si)) {
        printf("%s: %ldx%ld screen of %s written%s\n", dest, si.width, si.height, dom.name,
               si.blank ? " (blank: one colour)" : "");
        rc = XYL_EXIT_OK;
    }
    interrupt_default();
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}

int cmd_vnc(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    struct hvm_vnc v;
    char host[256] = "THIS-HOST";
    int rc = XYL_EXIT_FAIL;

    if (arg_flag(a, "json") && arg_flag(a, "viewer"))
        return usage_error(a->cmd, "--json and --viewer do not go together");
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (find_hvm(&x, a->pos[0], &dom, "show") || hvm_vnc_get(dom.domid, dom.name, &v))
        goto out;
    if (gethostname(host, sizeof(host) - 1))
        strcpy(host, "THIS-HOST");
    if (arg_flag(a, "json"))
        hvm_vnc_print_json(&v, dom.name, dom.domid, host);
    else
        hvm_vnc_print(stdout, &v, dom.name, host);
    rc = XYL_EXIT_OK;
    if (arg_flag(a, "viewer")) {
        if (!v.enabled) {
            fprintf(stderr, "xyl: %s has no VNC server to view\n", dom.name);
            rc = XYL_EXIT_FAIL;
        } else {
            fflush(stdout);
            /* libxl's own launcher (xl vncviewer): execs vncviewer, returns on failure */
            libxl_vncviewer_exec(x.ctx, dom.domid, 0);
            fprintf(stderr, "xyl: cannot start vncviewer (is a VNC viewer installed, "
                    "e.g. tigervnc-viewer?)\n");
            rc = XYL_EXIT_FAIL;
        }
    }
    hvm_vnc_free(&v);
out:
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}
