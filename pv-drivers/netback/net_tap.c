/*
 * net_tap.c - see net_tap.h.
 */
#define _GNU_SOURCE
#include "net_tap.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <linux/virtio_net.h>
#include <sys/uio.h>

_Static_assert(sizeof(struct virtio_net_hdr) == NET_TAP_HDR, "virtio_net_hdr is 10 bytes");

/* fe:ff:ff:ff:ff:ff, as Xen's vifs: the bridge never takes a TAP's address
 * as its own (it takes the lowest), and guests never use it. */
static const unsigned char tap_mac[6] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };

static int ifreq_ioctl(int s, unsigned long req, struct ifreq *ifr, const char *name)
{
    snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
    return ioctl(s, req, ifr);
}

int net_tap_open(uint32_t domid, uint32_t devid, const char *bridge, unsigned mtu,
                 char *name, char *err, size_t errlen)
{
    struct ifreq ifr;
    int fd, s = -1;
    const char *step;

    if (snprintf(name, NET_TAP_NAME_MAX, "xylvif%u.%u", domid, devid) >= NET_TAP_NAME_MAX) {
        snprintf(err, errlen, "no interface name fits domain %u device %u", domid, devid);
        return -1;
    }
    if (!bridge || !*bridge || strlen(bridge) >= IFNAMSIZ || strchr(bridge, '/')) {
        snprintf(err, errlen, "bridge name '%s' is not an interface name", bridge ? bridge : "");
        return -1;
    }
    fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open /dev/net/tun (is the tun module loaded?): %s",
                 strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    /* IFF_VNET_HDR: each frame goes with a virtio_net_hdr, which carries
     * the guest's TSO (vif.c) one way and, once net_tap_offload switched
     * offloads on for a frontend that takes them, dom0's GSO and checksum
     * requests the other way */
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    step = "create the TAP";
    if (ifreq_ioctl(fd, TUNSETIFF, &ifr, name))
        goto fail;
    s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    step = "open a control socket";
    if (s < 0)
        goto fail;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, tap_mac, sizeof(tap_mac));
    step = "set the TAP's MAC address";
    if (ifreq_ioctl(s, SIOCSIFHWADDR, &ifr, name))
        goto fail;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_mtu = (int)mtu;
    step = "set the MTU";
    if (ifreq_ioctl(s, SIOCSIFMTU, &ifr, name))
        goto fail;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_ifindex = (int)if_nametoindex(name);
    if (!ifr.ifr_ifindex || ifreq_ioctl(s, SIOCBRADDIF, &ifr, bridge)) {
        snprintf(err, errlen, "cannot add %s to bridge %s (does the bridge exist?): %s",
                 name, bridge, strerror(errno));
        goto out;
    }
    memset(&ifr, 0, sizeof(ifr));
    step = "bring the TAP up";
    if (ifreq_ioctl(s, SIOCGIFFLAGS, &ifr, name))
        goto fail;
    ifr.ifr_flags |= IFF_UP;
    if (ifreq_ioctl(s, SIOCSIFFLAGS, &ifr, name))
        goto fail;
    close(s);
    return fd;
fail:
    snprintf(err, errlen, "%s: cannot %s: %s", name, step, strerror(errno));
out:
    if (s >= 0)
        close(s);
    close(fd);
    return -1;
}

int net_tap_write(int fd, const uint8_t *frame, size_t len, const struct net_gso *gso)
{
    struct virtio_net_hdr h;
    struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)frame, len } };

    memset(&h, 0, sizeof(h));
    if (gso) {
        h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
        h.hdr_len = gso->hdr_len;
        h.gso_size = gso->size;
        h.csum_start = gso->csum_start;
        h.csum_offset = gso->csum_offset;
    }
    /* a TAP write takes the whole frame or nothing; a full queue drops */
    return writev(fd, iov, 2) == (ssize_t)(sizeof(h) + len) ? 0 : -1;
}

int net_tap_offload(int fd, bool csum, bool tso4, bool tso6)
{
    unsigned long f = 0;

    if (csum)                   /* TSO without checksum offload is refused by tun */
        f = TUN_F_CSUM | (tso4 ? TUN_F_TSO4 : 0) | (tso6 ? TUN_F_TSO6 : 0);
    return ioctl(fd, TUNSETOFFLOAD, f) ? -1 : 0;
}

ssize_t net_tap_read(int fd, uint8_t *frame, size_t max, struct net_rx_meta *m)
{
    struct virtio_net_hdr h;
    struct iovec iov[2] = { { &h, sizeof(h) }, { frame, max } };
    ssize_t got = readv(fd, iov, 2);

    if (got < 0)
        return -1;
    memset(m, 0, sizeof(*m));
    if ((size_t)got <= sizeof(h))
        return 0;
    m->csum_partial = h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
    m->csum_valid = h.flags & VIRTIO_NET_HDR_F_DATA_VALID;
    m->csum_start = h.csum_start;
    m->csum_offset = h.csum_offset;
    m->gso_size = h.gso_size;
    /* the kinds the frontend may be told of; ECN, UDP and the rest are
     * none of them (net_rx_deliver drops them: they are never switched on) */
    if (h.gso_type == VIRTIO_NET_HDR_GSO_NONE)
        m->gso_type = XEN_NETIF_GSO_TYPE_NONE;
    else if (h.gso_type == VIRTIO_NET_HDR_GSO_TCPV4)
        m->gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
    else if (h.gso_type == VIRTIO_NET_HDR_GSO_TCPV6)
        m->gso_type = XEN_NETIF_GSO_TYPE_TCPV6;
    else
        m->gso_type = NET_GSO_OTHER;
    return got - (ssize_t)sizeof(h);
}
