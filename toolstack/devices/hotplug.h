/*
 * hotplug.h - what the device commands (block-*, network-*, cd-*) share:
 * a running domain seen as a guest (its name and type, so device items are
 * checked by the same rules as in a definition), device arguments parsed as
 * one disks:/networks: item, and errors that point into the argument.
 */
#ifndef XYL_HOTPLUG_H
#define XYL_HOTPLUG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/json_out.h"
#include "model/guest.h"
#include "xen/xen.h"

/* Diagnostics about a command-line argument are reported as
 * "<argument>:LINE:COL: error: ...". */
#define HP_ARG "<argument>"

struct hp_dom {
    uint32_t domid;
    char *name;
    int type;               /* XYL_PV, XYL_PVH or XYL_HVM */
};

/* NAME or ID -> domid, name and type; prints one line and returns -1 if
 * there is no such domain (or it is Domain-0, which has no frontends). */
int hp_find_domain(struct xyl_xen *x, const char *what, struct hp_dom *dom);
void hp_dom_free(struct hp_dom *dom);

/*
 * Parse arg (YAML: a mapping item such as '{target: /img, vdev: xvdb}' or
 * an xl spec string) as one item of the guest key 'list' ("disks" or
 * "networks") of a temporary guest g named and typed like dom, then run the
 * device rules (check_devices).  g is initialised here; the caller frees it.
 * Returns 0, or -1 with the diagnostics in d.
 */
int hp_parse_item(const struct hp_dom *dom, const char *list, const char *arg,
                  struct xyl_guest *g, struct diags *d);

/* Whether the domain has a disk VDEV / a NIC with this device ID or MAC,
 * asked through the device lists: libxl's own lookups log an error line
 * when there is none, and xyl says it better. */
bool hp_has_disk(struct xyl_xen *x, uint32_t domid, const char *vdev);
int hp_find_nic(struct xyl_xen *x, uint32_t domid, int devid, const uint8_t *mac);  /* devid or -1 */

/* What block-attach and network-attach hold, and their first half written
 * once: open libxl, find the domain, parse the argument as one item of
 * the list "disks" or "networks" (into g; NULL: "{}", every default).
 * hp_attach_begin returns 0, or -1 (said, with the item's diagnostics
 * printed); the caller checks g's item against dom (adding to d), then
 * hp_attach_checked prints d and returns -1 if it holds errors.
 * hp_attach_end frees everything, whatever happened. */
struct hp_attach {
    struct xyl_xen x;
    struct hp_dom dom;
    struct xyl_guest g;
    struct diags d;
};
int hp_attach_begin(struct hp_attach *h, int verbose, const char *what, const char *list,
                    const char *arg);
int hp_attach_checked(struct hp_attach *h);
void hp_attach_end(struct hp_attach *h);
/* -N: the device's libxl JSON (json is freed), as xl -N prints it. */
void hp_print_json(char *json);

/* The listing of block-list and network-list, written once: open libxl,
 * the JSON array (json) or the column header (header), each(x, dom, g)
 * for every domain named in names[n] (g NULL for text), the array
 * printed.  0, or -1 when libxl did not open or a name was not a domain
 * (said; the others are listed). */
int hp_list(int verbose, char **names, int n, bool json, const char *header,
            void (*each)(struct xyl_xen *x, const struct hp_dom *dom, yajl_gen g));

/* Where needle first occurs in arg (1-based line and column), else dflt. */
struct ymark hp_arg_mark(const char *arg, const char *needle, struct ymark dflt);

/* Add an error about the argument (or, with no argument, about the command). */
void hp_err(struct diags *d, const char *arg, struct ymark m, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
