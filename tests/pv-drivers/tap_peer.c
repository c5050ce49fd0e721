/*
 * tap_peer.c - see tap_peer.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* unshare */
#endif
#include "tap_peer.h"
#include "inet_sum.h"
#include "pv-drivers/netback/net_tap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int tap_peer_netns(const char *who)
{
    if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0 ||
        access("/proc/net/snmp", R_OK) != 0 || unshare(CLONE_NEWNET) != 0 ||
        system("ip link add xbr0 type bridge && ip link set xbr0 up && "
               "ip addr add 10.77.0.1/24 dev xbr0") != 0) {
        fprintf(stderr, "%s: skipped: needs root, /dev/net/tun, /proc, a network namespace "
                "and ip\n", who);
        return -1;
    }
    return 0;
}

int tap_peer_neigh(void)
{
    return system("ip neigh replace 10.77.0.2 lladdr 02:00:00:00:00:02 dev xbr0") ? -1 : 0;
}

int tap_peer_connect(uint16_t *port)
{
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(80) };
    struct sockaddr_in me;
    socklen_t ml = sizeof(me);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

    inet_pton(AF_INET, "10.77.0.2", &to.sin_addr);
    if (s < 0 || connect(s, (struct sockaddr *)&to, sizeof(to)) == 0 || errno != EINPROGRESS ||
        getsockname(s, (struct sockaddr *)&me, &ml) != 0)
        abort();
    *port = me.sin_port;
    return s;
}

void tap_peer_syn_ack(int fd, const uint8_t *syn)
{
    uint8_t f[58];
    uint32_t seq = (uint32_t)syn[38] << 24 | (uint32_t)syn[39] << 16 | (uint32_t)syn[40] << 8 | syn[41];
    uint8_t pseudo[12] = { 10, 77, 0, 2, 10, 77, 0, 1, 0, 6, 0, 24 };
    uint32_t s;

    seq++;
    memset(f, 0, sizeof(f));
    memcpy(f, syn + 6, 6);
    f[6] = 0x02, f[11] = 0x02;
    f[12] = 0x08;
    f[14] = 0x45, f[17] = 44, f[22] = 64, f[23] = 6;
    f[26] = 10, f[27] = 77, f[29] = 2, f[30] = 10, f[31] = 77, f[33] = 1;
    s = ~inet_sum(f + 14, 20, 0);
    f[24] = (uint8_t)(s >> 8), f[25] = (uint8_t)s;
    f[35] = 80, f[36] = syn[34], f[37] = syn[35];       /* ports */
    f[41] = 1;                                          /* our seq */
    f[42] = (uint8_t)(seq >> 24), f[43] = (uint8_t)(seq >> 16), f[44] = (uint8_t)(seq >> 8), f[45] = (uint8_t)seq;
    f[46] = 0x60, f[47] = 0x12, f[48] = 0xff, f[49] = 0xff;
    f[54] = 2, f[55] = 4, f[56] = 0x05, f[57] = 0xb4;   /* MSS 1460 */
    s = ~inet_sum(f + 34, 24, inet_sum(pseudo, 12, 0));
    f[50] = (uint8_t)(s >> 8), f[51] = (uint8_t)s;
    if (net_tap_write(fd, f, sizeof(f), NULL) != 0)
        abort();
}
