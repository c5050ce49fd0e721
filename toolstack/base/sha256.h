/*
 * sha256.h - SHA-256 (FIPS 180-4) of a buffer, as 64 lowercase hex digits:
 * the fingerprint xyl keeps of every definition file it created a guest
 * from, so `xyl plan` can tell "unchanged" exactly and cheaply.
 */
#ifndef XYL_SHA256_H
#define XYL_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* hex must have room for SHA256_HEX_LEN + 1 bytes. */
void sha256_hex(const void *data, size_t len, char *hex);

#endif
