/*
 * net_be.h - the data path of one xyl-vif network device: the backend ends
 * of its tx ring (guest -> host) and rx ring (host -> guest), with no Xen
 * library and no TAP in sight: grant copies and frame output go through
 * struct net_io_ops (the daemon: Xen's grant copy and the TAP; tests and
 * the fuzzer: pages in memory).
 *
 * Everything in the rings is written by the guest at any moment, so as for
 * the block rings (ring/blk_ring.h): each producer index is read once per
 * batch and checked, each request is copied once (RING_COPY_REQUEST) and
 * only the copy is looked at, and responses are built in private memory.
 *
 * A tx packet is a chain of slots: the first one (size = the whole frame),
 * optional extra-info slots (NETTXF_extra_info, chained with
 * XEN_NETIF_EXTRA_FLAG_MORE), then fragments while NETTXF_more_data.  Each
 * data slot must stay within its page; the fragments may not add up to more
 * than the first slot says; at most NET_MAX_SLOTS data slots (netback's
 * XEN_NETBK_LEGACY_SLOTS_MAX).  A packet that breaks one of these rules is
 * dropped (its slots answered with an error) and counted; a frontend that
 * breaks the ring itself (producer index out of range, a chain that does
 * not end within what it produced, absurdly long chains) is cut off: the
 * ring is marked broken and nothing else is affected.
 */
#ifndef XYL_NET_BE_H
#define XYL_NET_BE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ring/pv_ring.h"
#include <xen/io/netif.h>

#include "../common/pv_gnt.h"

#define NET_RING_PAGE   4096u
#define NET_MAX_SLOTS   XEN_NETIF_NR_SLOTS_MIN  /* 18 data slots: more is dropped */
#define NET_FATAL_SLOTS 20                      /* more is a broken frontend */
#define NET_MAX_EXTRAS  4                       /* extra-info slots per packet */
#define NET_MAX_FRAME   65535u                  /* XEN_NETIF_MAX_TX_SIZE */
#define NET_ETH_HLEN    14u
#define NET_VLAN_HLEN   4u
#define NET_MIN_FRAME   NET_ETH_HLEN
#define NET_TX_BUF      (4u * 65536u)           /* the daemon's b->pkt: a round's frames */

/* A TCP segmentation offload frame (the guest's GSO extra, checked
 * against the frame's own headers): the TAP (IFF_VNET_HDR) or the kernel
 * behind it cuts it into size-byte segments and completes the checksum at
 * csum_start + csum_offset (the field holds the pseudo-header sum). */
struct net_gso {
    uint16_t size;              /* TCP payload bytes per segment (MSS) */
    uint16_t hdr_len;           /* Ethernet + IPv4 + TCP headers */
    uint16_t csum_start;        /* the TCP header */
    uint16_t csum_offset;       /* its checksum field, from csum_start */
};

struct net_io_ops {
    /* Copy segments, in order, between the guest's pages and buf.
     * to_guest: buf -> guest.  0 only if every segment was copied. */
    int (*copy)(void *ctx, const struct pv_gseg *seg, unsigned n, uint8_t *buf, bool to_guest);
    /* One frame the guest sent (to the TAP); gso: NULL, or how to cut it.
     * 0 on success. */
    int (*emit)(void *ctx, const uint8_t *frame, size_t len, const struct net_gso *gso);
    void *ctx;
};

/* Every drop has its counter (shown by `xyl network-list`). */
struct net_stats {
    uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
    uint64_t tx_bad_slots;      /* more than NET_MAX_SLOTS data slots */
    uint64_t tx_bad_size;       /* fragments larger than the frame, runt */
    uint64_t tx_too_big;        /* frame larger than the MTU allows */
    uint64_t tx_bad_offset;     /* a slot crossing its page */
    uint64_t tx_bad_extra;      /* unknown extra-info, GSO not offered or not matching the frame */
    uint64_t tx_grant_err;      /* Xen refused a grant (bad ref, not granted) */
    uint64_t tx_csum_err;       /* csum_blank on a packet we cannot parse */
    uint64_t tx_out_err;        /* the TAP did not take the frame */
    uint64_t rx_too_big;        /* frame larger than the guest's buffers */
    uint64_t rx_grant_err;
    uint64_t rx_no_buffer;      /* times the guest had no rx buffer posted */
    const char *last_why;       /* the last drop's reason */
};

struct net_backend {
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    bool broken;                /* the frontend broke a ring: no more service */
    const char *broken_why;
    unsigned max_frame;         /* MTU + Ethernet header + one VLAN tag */
    bool rx_sg;                 /* the frontend takes frames over several rx slots */
    bool gso;                   /* feature-gso-tcpv4 offered: TSO frames up to NET_MAX_FRAME */
    struct net_io_ops ops;
    struct net_stats st;
    uint8_t *pkt;               /* pkt_size bytes (>= NET_MAX_FRAME): a round's tx frames */
    size_t pkt_size;
    /* A packet's responses are published as soon as they are written (a
     * response takes the slot of a request already taken: unpublished, a
     * daemon killed then would read it back as a request after its
     * restart); whether the frontend wants an event is gathered here and
     * it is notified once per round. */
    bool tx_notify, rx_notify;
};

/* Attach to the two shared pages (indexes as the frontend set them). */
void net_attach(struct net_backend *b, void *tx_page, void *rx_page);
/* Re-attach (a restarted daemon): every packet's responses were published
 * as they were written, so carrying on from the published responses takes
 * the requests not answered yet, and only those; the first tx round then
 * notifies the frontend (test_net: killed_mid_round_resumes_exactly). */
void net_resume(struct net_backend *b, void *tx_page, void *rx_page);

enum { NET_DONE = 0, NET_MORE = 1, NET_BROKEN = -1 };

/* Frame bytes one device may send per turn (besides the packet budget):
 * 64 frames of 64 KiB would hold the single thread far longer than 64 of
 * 1500 bytes. */
#define NET_TX_TURN_BYTES (256u << 10)

/* Transmit up to `budget` packets (and NET_TX_TURN_BYTES; a round that
 * found nothing counts as a packet) from the tx ring.  *notify: the frontend
 * wants an event.  NET_MORE: requests are left (call again), NET_DONE: the
 * ring is empty and notifications are re-armed, NET_BROKEN: see above. */
int net_tx_serve(struct net_backend *b, int budget, bool *notify);

/* Free rx slots the guest posted; when there are none, re-arm its
 * notification (so posting one raises an event) and look again. */
unsigned net_rx_slots(struct net_backend *b);
/* Rx slots a frame of len bytes needs (0: it can never be delivered). */
unsigned net_rx_need(const struct net_backend *b, size_t len);
/* Put one frame into the guest's posted buffers.  Returns 0 (delivered, or
 * dropped and counted), 1 when the guest has not posted enough buffers (the
 * caller keeps the frame), NET_BROKEN.  Its responses are published at
 * once (see tx_notify); the guest is notified after net_rx_push, once per
 * round. */
int net_rx_deliver(struct net_backend *b, uint8_t *frame, size_t len);
/* The end of a round: true when the frontend wants an event for the
 * responses published since the last call. */
bool net_rx_push(struct net_backend *b);

/* A frame with NETTXF_csum_blank: fill in its TCP/UDP checksum (the field
 * holds the pseudo-header sum, as Linux leaves it for offload).  -1 when
 * the frame is not IPv4/IPv6 TCP/UDP we can parse (plus one 802.1Q tag). */
int net_csum_fill(uint8_t *f, size_t len);

/* A TSO frame's headers: IPv4 (not a fragment) carrying TCP, plus one
 * optional 802.1Q tag.  0 with the TCP header's offset and the length of
 * all headers, or -1. */
int net_tcp4_headers(const uint8_t *f, size_t len, size_t *l4, size_t *hdr_len);

#endif
