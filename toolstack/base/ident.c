/*
 * ident.c - name-derived MACs and UUIDs (FNV-1a; collisions inside one lab
 * folder are caught by the folder rules in validate.c).
 */
#include "base/ident.h"

#include <stdio.h>
#include <string.h>

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len--) {
        h ^= *p++;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t hash_name(const char *purpose, const char *name, uint64_t extra)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv1a(h, purpose, strlen(purpose) + 1);
    h = fnv1a(h, name, strlen(name) + 1);
    h = fnv1a(h, &extra, sizeof(extra));
    /* final avalanche (splitmix64) so similar names spread out */
    h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27; h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

void derive_mac(const char *name, int index, uint8_t mac[6])
{
    uint64_t h = hash_name("xyl-mac", name, (uint64_t)index);
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    mac[3] = (uint8_t)(h & 0x7f);   /* as libxl does for its random MACs */
    mac[4] = (uint8_t)(h >> 8);
    mac[5] = (uint8_t)(h >> 16);
}

void derive_uuid(const char *name, libxl_uuid *uuid)
{
    uint64_t a = hash_name("xyl-uuid", name, 1), b = hash_name("xyl-uuid", name, 2);
    uint8_t *u = libxl_uuid_bytearray(uuid);
    int i;

    for (i = 0; i < 8; i++) {
        u[i] = (uint8_t)(a >> (8 * i));
        u[8 + i] = (uint8_t)(b >> (8 * i));
    }
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x80);     /* version 8 */
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);     /* RFC variant */
}

void format_mac(const uint8_t mac[6], char out[18])
{
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
