/*
 * fuzz_hp.h - what the hotplug helpers' fuzzers (fuzz_vifreq,
 * fuzz_blockreq) share: the reference number rule, and the split of an
 * input into '\n'-separated fields.  Header-only: each fuzzer is built in
 * one clang command from its few sources (tests/fuzz/fuzz.mk).
 */
#ifndef XYL_FUZZ_HP_H
#define XYL_FUZZ_HP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a canonical decimal of at most max, from s up to end (exclusive) */
static inline int ref_num(const char *s, const char *end, unsigned long max, unsigned long *out)
{
    char buf[16], back[16];
    size_t n = (size_t)(end - s), i;
    unsigned long x = 0;

    if (n < 1 || n > 10)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (i = 0; i < n; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return 0;
        x = x * 10 + (unsigned long)(buf[i] - '0');
    }
    snprintf(back, sizeof(back), "%lu", x);
    if (strcmp(back, buf) || x > max)
        return 0;
    *out = x;
    return 1;
}

/* Split data at '\n' into at most max malloc'd C strings (a NUL inside a
 * field ends it, as in a real argv or environment); first_value sees the
 * raw bytes of field 0.  Returns the count; free each field. */
static inline size_t split_fields(const uint8_t *data, size_t size, char **field, size_t max,
                                  void (*first_value)(const uint8_t *p, size_t len))
{
    size_t start = 0, i, nf = 0;

    for (i = 0; i <= size && nf < max; i++) {
        if (i == size || data[i] == '\n') {
            if (nf == 0)
                first_value(data, i);
            field[nf] = malloc(i - start + 1);
            if (!field[nf])
                abort();
            memcpy(field[nf], data + start, i - start);
            field[nf][i - start] = '\0';
            nf++;
            start = i + 1;
        }
    }
    return nf;
}

#endif
