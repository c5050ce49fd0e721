/*
 * blkd.h - the xyl-blkback daemon: one process serving every xyl-vbd
 * device of every guest.  Single-threaded: poll() on xenstore watches,
 * event channels and signals; each device's requests run synchronously in
 * ring order, a bounded batch at a time so no guest starves the others.
 */
#ifndef XYL_BLKD_H
#define XYL_BLKD_H

#include <stdbool.h>
#include <stdint.h>

#include "blk_io.h"
#include "blk_gnt.h"

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "../xenbus/xb_path.h"

struct vbd {
    struct vbd *next;
    uint32_t domid, devid;
    char be[XB_PATH_MAX], fe[XB_PATH_MAX];
    char fe_token[40];          /* watch token on fe/state */
    bool watching;

    struct blk_backend b;       /* ring + disk + bounce buffer */
    struct blk_gnt gnt;
    void *ring_page;            /* mapped grant, NULL when not connected */
    evtchn_port_t port;         /* our end of the event channel */
    bool connected;
    bool runnable;              /* requests left after a batch */
    bool failed;                /* gave up (error in backend/error) until removed */
    unsigned bad_logged;        /* refused requests logged so far */
    uint64_t bad_seen;
};

struct blkd {
    struct xs_handle *xs;
    xengnttab_handle *xgt;
    xenevtchn_handle *xce;
    xc_interface *xch;
    struct vbd *vbds;
};

/* A device under our backend tree: create it (if new) and run its state
 * machine until it settles. */
void vbd_event(struct blkd *d, uint32_t domid, uint32_t devid);
/* Look at every device directory (start-up, or a whole guest's directory
 * changed) and every known device. */
void vbd_scan(struct blkd *d);
/* Frontend state watch fired. */
void vbd_fe_event(struct blkd *d, const char *token);
/* @releaseDomain: release and remove the devices of dead guests. */
void vbd_reap_dead(struct blkd *d);
/* An event channel fired. */
void vbd_kick(struct blkd *d, evtchn_port_t port);
/* Serve devices with requests left; true if some still have more. */
bool vbd_run(struct blkd *d);
/* Shutdown: stop serving, sync and close every image, release rings;
 * xenstore is left as it is so a restarted daemon re-attaches. */
void vbd_shutdown_all(struct blkd *d);
void vbd_log_stats(struct blkd *d);

#endif
