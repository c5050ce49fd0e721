/*
 * net_tap.h - the dom0 side of an xyl-vif: a TAP interface, named
 * xylvif<domid>.<devid>, up, with the device's MTU, in its bridge.  All by
 * ioctl (no ip/brctl run).  Closing the fd removes the interface (and so
 * takes it out of the bridge).
 */
#ifndef XYL_NET_TAP_H
#define XYL_NET_TAP_H

#include <stddef.h>
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
/* Bytes of that header before each frame a read returns (all zeros: no
 * offload is switched on for that direction). */
#define NET_TAP_HDR 10          /* sizeof(struct virtio_net_hdr) */

#endif
