/*
 * net_tap.h - the dom0 side of an xyl-vif: a TAP interface, named
 * xylvif<domid>.<devid>, up, with the device's MTU, in its bridge.  All by
 * ioctl (no ip/brctl run).  Closing the fd removes the interface (and so
 * takes it out of the bridge).
 */
#ifndef XYL_NET_TAP_H
#define XYL_NET_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>

#include "net_be.h"             /* struct net_gso */

#define NET_TAP_NAME_MAX 16     /* IFNAMSIZ */

/* Returns the TAP's fd (non-blocking), or -1 with one line in err. */
int net_tap_open(uint32_t domid, uint32_t devid, const char *bridge, unsigned mtu,
                 char *name, char *err, size_t errlen);

/* The TAP has IFF_VNET_HDR: every frame goes with a virtio_net_hdr.  Write
 * one frame (gso: NULL, or a TSO frame and how the kernel is to cut it and
 * complete its checksum); 0 if the TAP took it whole. */
int net_tap_write(int fd, const uint8_t *frame, size_t len, const struct net_gso *gso);
/* Bytes of that header before each frame a read returns. */
#define NET_TAP_HDR 10          /* sizeof(struct virtio_net_hdr) */

/* What the kernel may hand us whole (TUNSETOFFLOAD), from what the guest's
 * frontend takes: csum, frames with the TCP/UDP checksum left to complete;
 * tso4/tso6, TCP frames up to 64 KiB to be cut by the guest.  Nothing
 * (0, 0, 0): checksummed frames within the MTU, as before.  0 or -1. */
int net_tap_offload(int fd, bool csum, bool tso4, bool tso6);
/* Read one frame (at most max bytes) into frame and what its header says
 * into m.  The frame's length; 0 for a read that held no frame, -1 when
 * there is nothing to read (or an error). */
ssize_t net_tap_read(int fd, uint8_t *frame, size_t max, struct net_rx_meta *m);

#endif
