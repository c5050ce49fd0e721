/*
 * fake_net.h - a netfront in memory for the netback tests and the fuzzer:
 * tx and rx ring pages driven through the public FRONT_RING macros,
 * granted pages indexed by grant reference (copies checked as Xen checks
 * them), and the frames the backend emits collected.
 */
#ifndef XYL_FAKE_NET_H
#define XYL_FAKE_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "pv-drivers/netback/net_be.h"

#define FAKE_NET_PAGES 64       /* grant refs 0..63 are valid */

struct fake_net {
    void *tx_page, *rx_page;
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    uint8_t (*pages)[PV_PAGE];
    unsigned frames;            /* emitted */
    uint64_t frame_bytes;
    uint8_t last[NET_MAX_FRAME];
    size_t last_len;
    bool last_gso_set;          /* the last frame went out as TSO ... */
    struct net_gso last_gso;    /* ... cut like this */
    int copies;
    void (*on_copy)(struct fake_net *f);    /* runs during a copy (hostile guest) */
    void (*on_emit)(struct fake_net *f);    /* runs before a frame goes out */
    uint64_t frame_sum;         /* the emitted frames' fake_net_sum, added up */
    bool emit_fails;
    struct net_backend b;
};

/* mtu: the device's; rx_sg: the frontend said feature-sg. */
void fake_net_init(struct fake_net *f, unsigned mtu, bool rx_sg);
void fake_net_free(struct fake_net *f);

/* Queue a tx slot (visible after push). */
netif_tx_request_t *fake_net_tx(struct fake_net *f);
void fake_net_tx_push(struct fake_net *f);
bool fake_net_tx_rsp(struct fake_net *f, netif_tx_response_t *rsp);
/* Post an rx buffer (grant ref gref) with this id, visible at once. */
void fake_net_rx_post(struct fake_net *f, uint16_t id, grant_ref_t gref);
bool fake_net_rx_rsp(struct fake_net *f, netif_rx_response_t *rsp);

/* A checksum of a frame's bytes (FNV-1a). */
uint64_t fake_net_sum(const uint8_t *p, size_t len);

int fake_net_copy(void *ctx, const struct pv_gseg *seg, unsigned n, uint8_t *buf, bool to_guest);
int fake_net_emit(void *ctx, const uint8_t *frame, size_t len, const struct net_gso *gso);

#endif
