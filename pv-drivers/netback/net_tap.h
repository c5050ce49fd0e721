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

#define NET_TAP_NAME_MAX 16     /* IFNAMSIZ */

/* Returns the TAP's fd (non-blocking), or -1 with one line in err. */
int net_tap_open(uint32_t domid, uint32_t devid, const char *bridge, unsigned mtu,
                 char *name, char *err, size_t errlen);

#endif
