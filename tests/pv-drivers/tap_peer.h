/*
 * tap_peer.h - the kernel side of the TAP tests (test_tap, test_vif_tap):
 * a network namespace of the test's own with a bridge xbr0 holding
 * 10.77.0.1/24 and a neighbour 10.77.0.2 (02:00:00:00:00:02) that the test
 * plays itself behind a TAP: dom0's TCP connects to it, the test answers
 * the SYN, and what dom0 sends after is what the TAP hands over.
 */
#ifndef XYL_TEST_TAP_PEER_H
#define XYL_TEST_TAP_PEER_H

#include <stdint.h>

/* Into a new network namespace with the bridge.  0, or -1 after a line
 * saying why who's tests skip (not root, no tun, no ip). */
int tap_peer_netns(const char *who);
/* The neighbour, once the TAP is in the bridge.  0 or -1. */
int tap_peer_neigh(void);
/* A non-blocking TCP socket connecting to 10.77.0.2:80; its local port
 * (network order) in *port.  Aborts the test on failure. */
int tap_peer_connect(uint16_t *port);
/* Answer dom0's SYN (an Ethernet frame) through the TAP fd: SYN-ACK with
 * MSS 1460, window 65535, complete checksums. */
void tap_peer_syn_ack(int fd, const uint8_t *syn);

#endif
