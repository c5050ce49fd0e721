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
/* Towards the guest: a GSO frame from the TAP is at most a 64 KiB IP
 * packet behind an Ethernet header and one VLAN tag: 17 data slots, below
 * netfront's 18, plus one slot for its GSO extra. */
#define NET_RX_MAX_FRAME (NET_MAX_FRAME + NET_ETH_HLEN + NET_VLAN_HLEN)
#define NET_RX_MAX_SLOTS ((NET_RX_MAX_FRAME + PV_PAGE - 1) / PV_PAGE + 1)

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

/* What dom0's kernel says of a frame for the guest (the TAP's
 * virtio_net_hdr, net_tap_read): net_rx_deliver checks it before use. */
#define NET_GSO_OTHER 0xff      /* a GSO kind the netif protocol has no name for */
struct net_rx_meta {
    bool csum_partial;          /* the L4 checksum at csum_start + csum_offset holds
                                 * only the pseudo-header sum (to be completed) */
    bool csum_valid;            /* dom0's kernel verified the checksum */
    uint8_t gso_type;           /* XEN_NETIF_GSO_TYPE_NONE/TCPV4/TCPV6, NET_GSO_OTHER */
    uint16_t gso_size;          /* payload bytes per segment */
    uint16_t csum_start, csum_offset;
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
    uint64_t rx_bad_offload;    /* a GSO/checksum request from dom0 the guest cannot take */
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
    /* what the frontend takes on rx (its xenstore features, read at connect) */
    uint8_t rx_gso;             /* 1 << XEN_NETIF_GSO_TYPE_*: feature-gso-tcpv4/-tcpv6 */
    bool rx_csum4;              /* csum_blank on IPv4 (no feature-no-csum-offload) */
    bool rx_csum6;              /* csum_blank on IPv6 (feature-ipv6-csum-offload) */
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
    /* net_resume: the first tx packet may hold the old daemon's
     * responses, written but not published (net_tx.c: answered_before) */
    bool tx_resumed;
    struct net_rx_round *rxr;   /* an rx round under way (may be every device's) */
};

/* An rx round: frames for the guest, placed one after the other in mem,
 * their slots taken from the ring, copied to the guest with one grant copy
 * (one gntdev ioctl per 64 segments) when the round is pushed.  The daemon
 * has one for all its devices (it serves one at a time, and every round
 * ends with net_rx_push); a round still holding another device's frames is
 * finished for that device first, so no guest ever gets another's bytes. */
#define NET_RX_BATCH      64                    /* frames per round */
#define NET_RX_TURN_BYTES (256u << 10)          /* a round takes frames while below */
#define NET_RX_BUF        (NET_RX_TURN_BYTES + NET_RX_MAX_FRAME)
struct net_rx_round {
    struct net_backend *owner;  /* whose frames these are (NULL: none) */
    uint8_t *mem;               /* NET_RX_BUF bytes */
    size_t used;
    unsigned k, nsegs;
    struct {
        RING_IDX first;         /* its first slot (request and response) */
        unsigned nslots;        /* data slots and the GSO extra */
        unsigned seg0, nseg;
        size_t off, len;
        uint16_t flags;         /* NETRXF_* of its first slot */
        uint8_t gso_type;       /* NONE, or an extra slot after the first */
        uint16_t gso_size;
    } f[NET_RX_BATCH];
    struct pv_gseg seg[NET_RX_BATCH * NET_RX_MAX_SLOTS];
    uint16_t id[NET_RX_BATCH * NET_RX_MAX_SLOTS];      /* request ids, by slot */
};

/* Attach to the two shared pages (indexes as the frontend set them). */
void net_attach(struct net_backend *b, void *tx_page, void *rx_page);
/* Re-attach (a restarted daemon): every packet's responses were published
 * as they were written, so carrying on from the published responses takes
 * the requests not answered yet, and only those; the first tx round then
 * notifies the frontend (test_net: killed_mid_round_resumes_exactly).  A
 * daemon killed between a tx packet's response stores and their
 * publication left that packet answered in place: it is answered again,
 * as then, and not sent twice (killed_between_response_and_publish). */
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
/* Rx slots a frame of len bytes needs, its GSO extra included (0: it can
 * never be delivered). */
unsigned net_rx_need(const struct net_backend *b, size_t len, bool gso);
/* Where the round wants the next frame (room for NET_RX_MAX_FRAME bytes,
 * so a TAP read lands in place), or NULL when this round is full (frames
 * or bytes: push it first). */
uint8_t *net_rx_room(struct net_backend *b);
/* Put one frame into the guest's posted buffers (m: NULL, or what dom0
 * said of it).  frame is best where net_rx_room said (else it is copied
 * there; a full round is copied to the guest first).  Returns 0 (queued
 * for the round, or dropped and counted), 1 when the guest has not posted
 * enough buffers (the frame is untouched: the caller keeps it),
 * NET_BROKEN.  The frame reaches the guest, and the guest sees its
 * responses, only after net_rx_push: a round of frames is copied with one
 * grant copy, each frame's responses published as written (see
 * rx_notify), and the guest notified once. */
int net_rx_deliver(struct net_backend *b, uint8_t *frame, size_t len,
                   const struct net_rx_meta *m);
/* Copy the round's frames to the guest and publish every response written
 * since the last push; true: the frontend wants an event. */
bool net_rx_push(struct net_backend *b);
/* net_resume's rx half: a daemon killed between a frame's response stores
 * and their publication left them in the slots of requests it had taken;
 * read back as requests, their grant references would be garbage (or, for
 * a GSO extra, the guest's xenstore ring).  A whole frame's responses are
 * published as written (its bytes were copied before them), a frame cut
 * short answered as errors, slot by slot; either way the buffers after
 * them are the next ones taken (test_net: rx_killed_between_response_and_publish). */
void net_rx_resume(struct net_backend *b);
/* Forget b's frames in the round, never copied nor answered (a restart,
 * net_resume; a broken ring): their requests are taken again. */
void net_rx_forget(struct net_backend *b);

/* A frame with NETTXF_csum_blank: fill in its TCP/UDP checksum (the field
 * holds the pseudo-header sum, as Linux leaves it for offload).  -1 when
 * the frame is not IPv4/IPv6 TCP/UDP we can parse (plus one 802.1Q tag). */
int net_csum_fill(uint8_t *f, size_t len);
/* The same where the sender said: the sum over f[start..len) (the field at
 * start + off holding the pseudo-header sum) goes into that field.  -1 when
 * the field is not inside the frame. */
int net_csum_at(uint8_t *f, size_t len, size_t start, size_t off);
/* The frame's EtherType after one optional 802.1Q tag (0: too short). */
uint16_t net_ethertype(const uint8_t *f, size_t len);

/* A TSO frame's headers: IPv4 (not a fragment) carrying TCP, plus one
 * optional 802.1Q tag.  0 with the TCP header's offset and the length of
 * all headers, or -1. */
int net_tcp4_headers(const uint8_t *f, size_t len, size_t *l4, size_t *hdr_len);

#endif
