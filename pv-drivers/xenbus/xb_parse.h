/*
 * xb_parse.h - parsing values that a frontend wrote into xenstore.
 *
 * Everything under a guest's device/ directory is written by the guest and
 * is hostile input: any length, any bytes (embedded NULs included), any
 * value, and it may change between two reads.  So each value is read once,
 * parsed here strictly from (pointer, length), and only the parsed number is
 * used afterwards.
 */
#ifndef XYL_XB_PARSE_H
#define XYL_XB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest decimal we accept: UINT64_MAX has 20 digits. */
#define XB_MAX_DIGITS 20

/* Decimal digits only (no sign, space, hex or trailing bytes), value <= max.
 * Returns 0, or -1 for anything else (NULL, empty, too long, out of range). */
int xb_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *out);
int xb_parse_u32(const char *s, size_t len, uint32_t max, uint32_t *out);

/* A XenbusState 0..8 (xen/io/xenbus.h); -1 when absent or malformed. */
int xb_parse_state(const char *s, size_t len);

/* "0" or "1"; -1 otherwise. */
int xb_parse_bool(const char *s, size_t len);

/* The ring ABI a frontend asks for in its `protocol` node. */
enum xb_proto {
    XB_PROTO_NATIVE = 0,        /* absent, or the native name */
    XB_PROTO_X86_32 = 1,        /* 32-bit x86 layout: different struct offsets */
    XB_PROTO_X86_64 = 2,
    XB_PROTO_UNKNOWN = -1,
};
/* s == NULL (node absent) means native, as blkif.h specifies. */
enum xb_proto xb_parse_protocol(const char *s, size_t len);

/* The protocol this build serves: the native one (x86_64 on x86_64). */
bool xb_proto_supported(enum xb_proto p);

#endif
