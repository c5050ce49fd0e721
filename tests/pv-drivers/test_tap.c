/*
 * test_tap.c - xyl-netback's TAP against the running kernel, in a network
 * namespace of its own: net_tap_open puts the TAP (IFF_VNET_HDR) into a
 * bridge that holds an address, net_tap_write sends a 9000-byte TSO frame
 * that dom0's TCP must take as one segment with its checksum (it answers
 * the unknown connection with a reset), and a datagram the kernel sends
 * out reads back behind an all-zero virtio_net_hdr, which vif.c drops.
 * With the offloads a GSO frontend gets (net_tap_offload): dom0's TCP,
 * connected to a peer behind the TAP, sends frames larger than the MTU
 * that net_tap_read reports as TCPv4 GSO with a partial checksum, and
 * switched off again, frames within the MTU with complete ones.
 *
 * Needs root, /dev/net/tun and iproute2 (a namespace, a bridge); skipped,
 * and says so, without.
 * Nothing leaves the namespace: it goes away with the process.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* unshare */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pv-drivers/netback/net_tap.h"
#include "inet_sum.h"
#include "tap_peer.h"

static int tap = -1;
static uint8_t br_mac[6];

/* One counter of /proc/net/snmp ("Tcp", "OutRsts"), in this namespace. */
static long snmp(const char *proto, const char *name)
{
    char head[1024], vals[1024], *h, *v, *hs, *vs;
    size_t plen = strlen(proto);
    FILE *f = fopen("/proc/net/snmp", "r");
    long r = -1;

    assert_non_null(f);
    while (fgets(head, sizeof(head), f) && fgets(vals, sizeof(vals), f)) {
        if (strncmp(head, proto, plen) || head[plen] != ':')
            continue;
        for (h = strtok_r(head, " \n", &hs), v = strtok_r(vals, " \n", &vs); h && v;
             h = strtok_r(NULL, " \n", &hs), v = strtok_r(NULL, " \n", &vs))
            if (!strcmp(h, name))
                r = atol(v);
    }
    fclose(f);
    return r;
}

static int setup(void **st)
{
    char name[NET_TAP_NAME_MAX], err[256];
    struct ifreq ifr;
    int s;

    (void)st;
    if (tap_peer_netns("test_tap"))
        return 0;               /* the tests skip */
    tap = net_tap_open(7, 0, "xbr0", 1500, name, err, sizeof(err));
    if (tap < 0) {
        fprintf(stderr, "test_tap: %s\n", err);
        return -1;
    }
    if (tap_peer_neigh())
        return -1;
    s = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "xbr0");
    if (s < 0 || ioctl(s, SIOCGIFHWADDR, &ifr) != 0)
        return -1;
    memcpy(br_mac, ifr.ifr_hwaddr.sa_data, 6);
    close(s);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    if (tap >= 0)
        close(tap);
    return 0;
}

/* Ethernet + IPv4 + TCP (ACK, 20-byte header) from 10.77.0.2:12345 to
 * 10.77.0.1:80, len bytes, the TCP checksum field holding the
 * pseudo-header sum as a guest's csum_blank leaves it. */
static void tcp_frame(uint8_t *f, size_t len)
{
    uint32_t sum = 0;
    size_t i;

    memset(f, 0, 54);
    memcpy(f, br_mac, 6);
    f[6] = 0x02, f[11] = 0x02;
    f[12] = 0x08;
    f[14] = 0x45;
    f[16] = (uint8_t)((len - 14) >> 8), f[17] = (uint8_t)(len - 14);
    f[22] = 64, f[23] = 6;
    f[26] = 10, f[27] = 77, f[29] = 2;
    f[30] = 10, f[31] = 77, f[33] = 1;
    for (i = 14; i < 34; i += 2)
        sum += (uint32_t)(f[i] << 8 | f[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    f[24] = (uint8_t)(~sum >> 8), f[25] = (uint8_t)~sum;
    f[34] = 0x30, f[35] = 0x39, f[37] = 80;
    f[41] = 1;
    f[46] = 0x50, f[47] = 0x10, f[48] = 0x20;
    for (i = 54; i < len; i++)
        f[i] = (uint8_t)(i * 7);
    sum = 0x0a4d + 0x0002 + 0x0a4d + 0x0001 + 6 + (uint32_t)(len - 34);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    f[50] = (uint8_t)(sum >> 8), f[51] = (uint8_t)sum;
}

static void tso_reaches_tcp_as_one_segment(void **st)
{
    static uint8_t f[9000];
    struct net_gso gso = { 1448, 54, 34, 16 };
    long segs, rsts, csum;

    (void)st;
    if (tap < 0)
        skip();
    tcp_frame(f, sizeof(f));
    segs = snmp("Tcp", "InSegs");
    rsts = snmp("Tcp", "OutRsts");
    csum = snmp("Tcp", "InCsumErrors");
    assert_int_equal(net_tap_write(tap, f, sizeof(f), &gso), 0);
    usleep(200000);
    assert_int_equal(snmp("Tcp", "InSegs"), segs + 1);
    assert_int_equal(snmp("Tcp", "OutRsts"), rsts + 1);     /* no such connection */
    assert_int_equal(snmp("Tcp", "InCsumErrors"), csum);
}

static void plain_frame_too(void **st)
{
    uint8_t f[600];
    long segs;

    (void)st;
    if (tap < 0)
        skip();
    tcp_frame(f, sizeof(f));
    f[50] = f[51] = 0;          /* no offload: a real checksum is needed ... */
    segs = snmp("Tcp", "InCsumErrors");
    assert_int_equal(net_tap_write(tap, f, sizeof(f), NULL), 0);
    usleep(200000);
    assert_int_equal(snmp("Tcp", "InCsumErrors"), segs + 1);   /* ... and is checked */
}

/* What the kernel sends to the guest: the header, all zeros, then the frame. */
static void read_has_zero_header(void **st)
{
    static const uint8_t zero[NET_TAP_HDR];
    uint8_t buf[2048];
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
    struct pollfd p = { .events = POLLIN };
    int s;
    ssize_t got;

    (void)st;
    if (tap < 0)
        skip();
    while (read(tap, buf, sizeof(buf)) > 0)
        ;                       /* what the kernel sent on its own (IPv6 ND, ...) */
    inet_pton(AF_INET, "10.77.0.2", &to.sin_addr);
    s = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(s >= 0);
    assert_int_equal(sendto(s, "hello", 5, 0, (struct sockaddr *)&to, sizeof(to)), 5);
    close(s);
    p.fd = tap;
    for (;;) {
        assert_int_equal(poll(&p, 1, 2000), 1);
        got = read(tap, buf, sizeof(buf));
        assert_true(got > NET_TAP_HDR + 14);
        if (buf[NET_TAP_HDR + 12] == 0x08 && buf[NET_TAP_HDR + 13] == 0x00)
            break;              /* the IPv4 datagram, not IPv6 chatter */
    }
    assert_memory_equal(buf, zero, NET_TAP_HDR);
    assert_int_equal(got, NET_TAP_HDR + 14 + 20 + 8 + 5);
    assert_int_equal(buf[NET_TAP_HDR + 5], 0x02);               /* to the neighbour */
}


/* The next TCP frame from the TAP to the peer (10.77.0.2:80), within 2 s;
 * its length (the frame), or fails. */
static size_t next_tcp(uint8_t *buf, size_t max, struct net_rx_meta *m)
{
    struct pollfd p = { .fd = tap, .events = POLLIN };
    ssize_t got;

    for (;;) {
        assert_int_equal(poll(&p, 1, 2000), 1);
        got = net_tap_read(tap, buf, max, m);
        if (got >= 54 && buf[12] == 0x08 && buf[13] == 0 && buf[23] == 6 && buf[37] == 80)
            return (size_t)got;
    }
}

/* dom0's TCP sends 30000 bytes to the peer; the first data frame. */
static size_t tcp_send_first_data(uint8_t *buf, size_t max, struct net_rx_meta *m, int *sock)
{
    static char data[30000];
    struct pollfd p = { .events = POLLOUT };
    uint16_t port;
    size_t len;
    int err = 0;
    socklen_t el = sizeof(err);

    *sock = tap_peer_connect(&port);
    do                                                  /* the SYN (not an older connection's end) */
        len = next_tcp(buf, max, m);
    while ((buf[47] & 0x17) != 0x02 || memcmp(buf + 34, &port, 2));
    tap_peer_syn_ack(tap, buf);
    p.fd = *sock;
    assert_int_equal(poll(&p, 1, 2000), 1);
    assert_int_equal(getsockopt(*sock, SOL_SOCKET, SO_ERROR, &err, &el), 0);
    assert_int_equal(err, 0);
    assert_true(send(*sock, data, sizeof(data), 0) > 1460);
    do
        len = next_tcp(buf, max, m);
    while (len <= 54 || memcmp(buf + 34, &port, 2));   /* past the handshake's ACK */
    return len;
}

static void gso_read_from_kernel(void **st)
{
    static uint8_t buf[NET_RX_MAX_FRAME];
    struct net_rx_meta m;
    size_t len;
    int sock;

    (void)st;
    if (tap < 0)
        skip();
    while (read(tap, buf, sizeof(buf)) > 0)
        ;
    assert_int_equal(net_tap_offload(tap, true, true, false), 0);
    len = tcp_send_first_data(buf, sizeof(buf), &m, &sock);
    if (len <= 1514)
        fail_msg("dom0's TCP sent %zu bytes per frame with TSO on", len);
    assert_int_equal(m.gso_type, XEN_NETIF_GSO_TYPE_TCPV4);
    assert_int_equal(m.gso_size, 1460);
    assert_true(m.csum_partial);
    assert_int_equal(m.csum_start, 34);
    assert_int_equal(m.csum_offset, 16);
    close(sock);
    /* off again (a frontend without GSO): frames within the MTU, summed */
    assert_int_equal(net_tap_offload(tap, false, false, false), 0);
    while (read(tap, buf, sizeof(buf)) > 0)
        ;
    len = tcp_send_first_data(buf, sizeof(buf), &m, &sock);
    assert_true(len <= 1514);
    assert_int_equal(m.gso_type, XEN_NETIF_GSO_TYPE_NONE);
    assert_false(m.csum_partial);
    assert_int_equal(inet_sum(buf + 34, len - 34, inet_sum((const uint8_t[]){ 10, 77, 0, 1, 10, 77, 0, 2, 0, 6,
                                                     (uint8_t)((len - 34) >> 8), (uint8_t)(len - 34) }, 12, 0)),
                     0xffff);
    close(sock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tso_reaches_tcp_as_one_segment),
        cmocka_unit_test(plain_frame_too),
        cmocka_unit_test(read_has_zero_header),
        cmocka_unit_test(gso_read_from_kernel),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
