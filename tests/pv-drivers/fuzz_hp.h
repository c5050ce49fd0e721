/*
 * fuzz_hp.h - what the hotplug helpers' fuzzers (fuzz_vifreq,
 * fuzz_blockreq) share: the invariant check, the reference number rule,
 * the check of a raw xenstore value made a C string, and the harness that
 * splits an input into '\n'-separated fields: a value, the environment,
 * argv.  Header-only: each fuzzer is built in one clang command from its
 * few sources (tests/fuzz/fuzz.mk).  A fuzzer defines FUZZ_NAME (its name,
 * for the invariant messages) before it includes this.
 */
#ifndef XYL_FUZZ_HP_H
#define XYL_FUZZ_HP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c, what) do { if (!(c)) { \
        fprintf(stderr, FUZZ_NAME ": invariant broken: %s\n", what); abort(); } } while (0)

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

/* the reference command: libxl's first argv word without '=' (NULL when
 * none) */
static inline const char *ref_command(int argc, char *argv[])
{
    int i;

    for (i = 1; i < argc; i++)
        if (!strchr(argv[i], '='))
            return argv[i];
    return NULL;
}

/* The answers of two parses of the same input (e with why, e2 with
 * why2, whylen bytes each): the same, 0 or -1, a refusal with a reason
 * (why was filled with junk before). */
static inline void check_answers(int e, int e2, const char *why, const char *why2, size_t whylen)
{
    CHECK(e == e2, "the same input gave another answer");
    CHECK(e == 0 || e == -1, "the parse returned neither 0 nor -1");
    CHECK(e == 0 || (memchr(why, '\0', whylen) && why[0] && !strcmp(why, why2)),
          "a refusal without a reason");
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

/* The raw xenstore value p (len bytes) made a C string by made (which
 * cuts at max), checked against the rule: every byte kept but NUL, made
 * DEL, cut at max, terminated (what the terminator replaces is not NUL).
 * Returns it (free it), *had_nul set when its bytes held a NUL. */
static inline char *fuzz_hp_value(const uint8_t *p, size_t len, size_t max,
                                  size_t (*made)(char *v, size_t len), int *had_nul)
{
    char *v = malloc(len + 1);
    size_t n, i, cut = len > max ? max : len;

    CHECK(v, "malloc");
    memcpy(v, p, len);
    v[len] = 'x';                      /* the terminator must be written */
    n = made(v, len);
    CHECK(n == cut && strlen(v) == cut, "xenstore value: length");
    *had_nul = 0;
    for (i = 0; i < cut; i++) {
        *had_nul |= p[i] == 0;
        CHECK((unsigned char)v[i] == (p[i] ? p[i] : 0x7f), "xenstore value: byte changed");
    }
    return v;
}

/* what each fuzzer's input holds after field 0: at most FUZZ_HP_MAX_ENV
 * environment variables, then at most FUZZ_HP_MAX_ARGS argv words */
#define FUZZ_HP_MAX_ENV 4
#define FUZZ_HP_MAX_ARGS 8

/* The harness: data split into fields (split_fields; field 0 to
 * first_value), fields 1..nenv into env (NULL when missing: an unset
 * variable), the rest the argv words after prog; req(argc, argv) on them,
 * then the fields freed. */
static inline void fuzz_hp_input(const uint8_t *data, size_t size, const char *prog,
                                 const char **env, size_t nenv,
                                 void (*first_value)(const uint8_t *p, size_t len),
                                 void (*req)(int argc, char *argv[]))
{
    char *field[1 + FUZZ_HP_MAX_ENV + FUZZ_HP_MAX_ARGS] = { 0 };
    char *argv[FUZZ_HP_MAX_ARGS + 1];
    size_t i, nf;
    int argc = 1;

    CHECK(nenv <= FUZZ_HP_MAX_ENV, "more environment than the harness holds");
    nf = split_fields(data, size, field, 1 + nenv + FUZZ_HP_MAX_ARGS, first_value);
    for (i = 0; i < nenv; i++)
        env[i] = field[1 + i];
    argv[0] = (char *)prog;
    for (i = 1 + nenv; i < nf && argc <= FUZZ_HP_MAX_ARGS; i++)
        argv[argc++] = field[i];
    req(argc, argv);
    for (i = 0; i < nf; i++)
        free(field[i]);
}

#endif
