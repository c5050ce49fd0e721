/*
 * xb_parse.c - strict parsers for frontend-written xenstore values.
 *
 * Why not strtoul: it skips leading space, accepts a sign ("-1" becomes
 * ULONG_MAX), a "0x" prefix with base 0, stops at the first non-digit, and
 * only sees up to the first NUL.  A guest controls every byte here, so the
 * parser looks at exactly `len` bytes and accepts digits and nothing else.
 */
#include "xb_parse.h"

#include <string.h>
#include <xen/io/protocols.h>

int xb_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (!s || len == 0 || len > XB_MAX_DIGITS)
        return -1;
    for (i = 0; i < len; i++) {
        unsigned d;

        if (s[i] < '0' || s[i] > '9')
            return -1;
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)      /* v * 10 + d would wrap */
            return -1;
        v = v * 10 + d;
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

int xb_parse_u32(const char *s, size_t len, uint32_t max, uint32_t *out)
{
    uint64_t v;

    if (xb_parse_uint(s, len, max, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int xb_parse_state(const char *s, size_t len)
{
    uint64_t v;

    /* XenbusStateUnknown (0) .. XenbusStateReconfigured (8) */
    if (xb_parse_uint(s, len, 8, &v))
        return -1;
    return (int)v;
}

int xb_parse_bool(const char *s, size_t len)
{
    uint64_t v;

    if (xb_parse_uint(s, len, 1, &v))
        return -1;
    return (int)v;
}

static bool is(const char *s, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(s, name, len) == 0;
}

enum xb_proto xb_parse_protocol(const char *s, size_t len)
{
    if (!s)
        return XB_PROTO_NATIVE;
    if (is(s, len, XEN_IO_PROTO_ABI_X86_64))
        return XB_PROTO_X86_64;
    if (is(s, len, XEN_IO_PROTO_ABI_X86_32))
        return XB_PROTO_X86_32;
    return XB_PROTO_UNKNOWN;
}

bool xb_proto_supported(enum xb_proto p)
{
#if defined(__x86_64__)
    return p == XB_PROTO_NATIVE || p == XB_PROTO_X86_64;
#else
    return p == XB_PROTO_NATIVE;
#endif
}
