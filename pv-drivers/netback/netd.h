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

#include "../common/pv_dev.h"

struct vif {
    struct pv_dev dev;          /* first: handshake, paths, port (pv_dev.h) */
    struct net_backend b;       /* rings, counters, tx frame buffer */
    xengnttab_handle *xgt;      /* the daemon's, for the grant copies */
    void *tx_page, *rx_page;    /* mapped grants, NULL when not connected */
    int tap;                    /* TAP fd, -1 when closed */
    char tapname[NET_TAP_NAME_MAX];
    uint8_t *rx_frame;          /* a frame read from the TAP ... */
    size_t rx_len;              /* ... waiting for rx buffers (0: none) */
    struct net_rx_meta rx_meta; /* ... and what dom0 said of it */
    RING_IDX rx_prod_seen;      /* the guest's rx req_prod at its last event */
    unsigned bad_logged;
    uint64_t bad_seen;
    char stats[640];            /* last value written to backend/xyl-stats */
    long stats_at;              /* when (ms) */
};

/* The xyl-vif device operations for struct pv_devs. */
extern const struct pv_dev_ops vif_ops;

/* Serve every device a batch; true if some have work left. */
bool vif_run(struct pv_devs *s);
/* The TAP fds to poll (those whose guest has rx buffers); returns how many
 * were put into fds/owners (at most max).  Each call starts where the last
 * one stopped, so past max devices every guest still gets its turn. */
int vif_poll_taps(struct pv_devs *s, struct pollfd *fds, struct vif **owners, int max);
/* poll() says this device's TAP has frames. */
void vif_tap_ready(struct pv_devs *s, struct vif *v);
/* Counters into each backend's xyl-stats node (at most once a second). */
void vif_publish_stats(struct pv_devs *s);
void vif_log_stats(struct pv_devs *s);

#endif
