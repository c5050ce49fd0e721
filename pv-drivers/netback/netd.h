/*
 * netd.h - the xyl-netback daemon: one process serving every xyl-vif
 * network device of every guest.  Single-threaded: poll() on xenstore
 * watches, event channels, the TAPs and signals; each device gets a bounded
 * batch per round so no guest starves the others.
 */
#ifndef XYL_NETD_H
#define XYL_NETD_H

#include <stdbool.h>
#include <stdint.h>
#include <poll.h>

#include "net_be.h"
#include "net_tap.h"

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "../xenbus/xb_path.h"

struct vif {
    struct vif *next;
    uint32_t domid, devid;
    char be[XB_PATH_MAX], fe[XB_PATH_MAX];
    char fe_token[40];          /* watch token on fe/state */
    bool watching;

    struct net_backend b;       /* rings, counters, tx frame buffer */
    xengnttab_handle *xgt;      /* the daemon's, for the grant copies */
    void *tx_page, *rx_page;    /* mapped grants, NULL when not connected */
    evtchn_port_t port;         /* our end of the event channel */
    int tap;                    /* TAP fd, -1 when closed */
    char tapname[NET_TAP_NAME_MAX];
    bool connected;
    bool tx_runnable;           /* tx requests left after a batch */
    bool failed;                /* gave up (error in backend/error) until removed */
    uint8_t *rx_frame;          /* a frame read from the TAP ... */
    size_t rx_len;              /* ... waiting for rx buffers (0: none) */
    unsigned bad_logged;
    uint64_t bad_seen;
    char stats[512];            /* last value written to backend/xyl-stats */
    long stats_at;              /* when (ms) */
};

struct netd {
    struct xs_handle *xs;
    xengnttab_handle *xgt;
    xenevtchn_handle *xce;
    xc_interface *xch;
    struct vif *vifs;
};

void vif_event(struct netd *d, uint32_t domid, uint32_t devid);
void vif_scan(struct netd *d);
void vif_fe_event(struct netd *d, const char *token);
void vif_reap_dead(struct netd *d);
void vif_kick(struct netd *d, evtchn_port_t port);
/* Serve every device a batch; true if some have work left. */
bool vif_run(struct netd *d);
/* The TAP fds to poll (those whose guest has rx buffers); returns how many
 * were put into fds/owners (at most max). */
int vif_poll_taps(struct netd *d, struct pollfd *fds, struct vif **owners, int max);
/* poll() says this device's TAP has frames. */
void vif_tap_ready(struct netd *d, struct vif *v);
/* Counters into each backend's xyl-stats node (at most once a second). */
void vif_publish_stats(struct netd *d);
void vif_shutdown_all(struct netd *d);
void vif_log_stats(struct netd *d);

#endif
