/*
 * netd.h - the xyl-netback daemon: one process serving every xyl-vif
 * network device of every guest.  Two threads (common/pv_hand.h): the
 * xenbus thread does every handshake; the ring thread polls event
 * channels, the TAPs and signals; each device gets a bounded
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

/* Ownership as in struct pv_dev (pv_dev.h): everything but dev is the
 * device owner's (the ring thread's while lent); the TAP (tap, tapname)
 * is opened and closed by the xenbus thread while the device is not lent,
 * and read by the ring thread. */
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
};

/* The xyl-vif device operations for struct pv_devs. */
extern const struct pv_dev_ops vif_ops;

/* The ring thread: serve every device a batch; true if some have work left. */
bool vif_run(struct pv_devs *s);
/* The TAP fds to poll (those whose guest has rx buffers); returns how many
 * were put into fds/owners (at most max).  Each call starts where the last
 * one stopped, so past max devices every guest still gets its turn. */
int vif_poll_taps(struct pv_devs *s, struct pollfd *fds, struct vif **owners, int max);
/* poll() says this device's TAP has frames. */
void vif_tap_ready(struct pv_devs *s, struct vif *v);

#endif
