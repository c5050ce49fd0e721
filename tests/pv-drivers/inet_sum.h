/*
 * inet_sum.h - the Internet checksum's ones' complement sum, written
 * independently of net_csum.c so the netback tests check it against
 * something else (test_net, test_tap).
 */
#ifndef XYL_TEST_INET_SUM_H
#define XYL_TEST_INET_SUM_H

#include <stddef.h>
#include <stdint.h>

/* s plus the 16-bit big-endian words of p[0..n) (an odd last byte padded),
 * folded to 16 bits. */
static inline uint32_t inet_sum(const uint8_t *p, size_t n, uint32_t s)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        s += (uint32_t)p[n - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return s;
}

#endif
