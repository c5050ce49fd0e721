/*
 * net_csum.c - checksum offload for frames from the guest (NETTXF_csum_blank).
 *
 * Linux's netfront offloads TCP/UDP checksums whenever it can: the packet
 * arrives with the checksum field holding only the pseudo-header sum.  The
 * TAP takes finished frames, so the sum over the L4 header and payload is
 * added here.  Every offset is checked against the frame's length: the
 * frame's bytes are the guest's.  The same parsing checks a TSO frame's
 * headers against its GSO extra (net_tcp4_headers).
 */
#include "net_be.h"

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* The Ethernet header, with one optional 802.1Q tag: the EtherType and
 * where the L3 header starts, or -1 if the frame is too short. */
static int l3_of(const uint8_t *f, size_t len, uint16_t *type, size_t *l3)
{
    *l3 = NET_ETH_HLEN;
    if (len < NET_ETH_HLEN)
        return -1;
    *type = rd16(f + 12);
    if (*type == 0x8100) {              /* one 802.1Q tag */
        if (len < NET_ETH_HLEN + NET_VLAN_HLEN)
            return -1;
        *type = rd16(f + 16);
        *l3 += NET_VLAN_HLEN;
    }
    return 0;
}

int net_csum_fill(uint8_t *f, size_t len)
{
    size_t l3, l4, field;
    uint16_t type;
    uint8_t proto;

    if (l3_of(f, len, &type, &l3))
        return -1;
    if (type == 0x0800) {
        size_t ihl;

        if (len < l3 + 20 || (f[l3] >> 4) != 4)
            return -1;
        ihl = (size_t)(f[l3] & 0x0f) * 4;
        if (ihl < 20 || len < l3 + ihl)
            return -1;
        if (rd16(f + l3 + 6) & 0x3fff)  /* a fragment: no L4 header to fill */
            return -1;
        proto = f[l3 + 9];
        l4 = l3 + ihl;
    } else if (type == 0x86dd) {
        if (len < l3 + 40 || (f[l3] >> 4) != 6)
            return -1;
        proto = f[l3 + 6];              /* no extension headers */
        l4 = l3 + 40;
    } else {
        return -1;
    }
    if (proto == 6)
        field = l4 + 16;
    else if (proto == 17)
        field = l4 + 6;
    else
        return -1;
    if (len < field + 2 || (proto == 6 && len < l4 + 20) || (proto == 17 && len < l4 + 8))
        return -1;
    return net_csum_at(f, len, l4, field - l4) ? -1 : 0;
}

uint16_t net_ethertype(const uint8_t *f, size_t len)
{
    uint16_t type;
    size_t l3;

    return l3_of(f, len, &type, &l3) ? 0 : type;
}

int net_csum_at(uint8_t *f, size_t len, size_t start, size_t off)
{
    size_t i, field = start + off;
    uint32_t sum = 0;

    if (start < NET_ETH_HLEN || start > len || off > len - start || len - start - off < 2)
        return -1;
    /* ones' complement sum from the L4 header to the end; the field's
     * pseudo-header sum is part of it */
    for (i = start; i + 1 < len; i += 2)
        sum += rd16(f + i);
    if (i < len)
        sum += (uint32_t)f[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    sum = ~sum & 0xffff;
    if (sum == 0)
        sum = 0xffff;   /* the same in ones' complement; for UDP 0 means "none" */
    f[field] = (uint8_t)(sum >> 8);
    f[field + 1] = (uint8_t)sum;
    return 0;
}

int net_tcp4_headers(const uint8_t *f, size_t len, size_t *l4, size_t *hdr_len)
{
    size_t l3, ihl, thl;
    uint16_t type;

    if (l3_of(f, len, &type, &l3))
        return -1;
    if (type != 0x0800 || len < l3 + 20 || (f[l3] >> 4) != 4)
        return -1;
    ihl = (size_t)(f[l3] & 0x0f) * 4;
    if (ihl < 20 || len < l3 + ihl || (rd16(f + l3 + 6) & 0x3fff) || f[l3 + 9] != 6)
        return -1;                      /* short, a fragment, or not TCP */
    if (len < l3 + ihl + 20)
        return -1;
    thl = (size_t)(f[l3 + ihl + 12] >> 4) * 4;
    if (thl < 20 || len < l3 + ihl + thl)
        return -1;
    *l4 = l3 + ihl;
    *hdr_len = l3 + ihl + thl;
    return 0;
}
