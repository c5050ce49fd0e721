/*
 * nl_link.h - the few rtnetlink link operations Xen's vif-bridge script
 * does with `ip link` and `brctl`: look a link up (index, flags, MTU,
 * master, whether it is a bridge), find the first bridge, and change a
 * link (name, address, MTU, master, up/down) with RTM_NEWLINK.  Plain
 * NETLINK_ROUTE sockets: one request, one acknowledgement.
 */
#ifndef XYL_NL_LINK_H
#define XYL_NL_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

struct nl {
    int fd;
    uint32_t seq;
};

/* 0, or -errno (the socket could not be made). */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

struct nl_link {
    int index;
    char name[IFNAMSIZ];
    unsigned flags;         /* IFF_* */
    unsigned mtu;
    int master;             /* ifindex of its master, 0 for none */
    bool bridge;            /* its kind is "bridge" */
};

/* The link called name: 0 and *l filled, -ENODEV when there is none, or
 * another -errno. */
int nl_link_get(struct nl *nl, const char *name, struct nl_link *l);

/* The bridge `brctl show` lists first (bridges in name order): 0 and *l,
 * -ENODEV when the host has no bridge, or another -errno. */
int nl_first_bridge(struct nl *nl, struct nl_link *l);

/* What one RTM_NEWLINK changes; the fields left at NL_KEEP (or NULL) are
 * not sent.  The kernel applies name, address, MTU, master, then flags, in
 * that order, and fails the whole message at the first refusal. */
#define NL_KEEP (-1)
struct nl_set {
    const char *name;               /* new name (the link must be down) */
    const unsigned char *addr;      /* 6-byte MAC address */
    long mtu;                       /* NL_KEEP or a value */
    int master;                     /* NL_KEEP, 0 (no master) or an ifindex */
    int up;                         /* NL_KEEP, 0 down, 1 up */
};
#define NL_SET_NONE { NULL, NULL, NL_KEEP, NL_KEEP, NL_KEEP }

/* 0 or -errno (the kernel's answer). */
int nl_link_set(struct nl *nl, int index, const struct nl_set *s);

#endif
