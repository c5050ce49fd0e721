/*
 * unit.h - what every unit test program includes: cmocka (which needs
 * these system headers first) and helpers to load a guest from a string.
 */
#ifndef XYL_TEST_UNIT_H
#define XYL_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"
#include "model/guest.h"
#include "model/schema.h"

/* Load YAML text as guest file "t.yaml"; returns the number of errors. */
static inline int load(struct xyl_guest *g, struct diags *d, const char *yaml)
{
    guest_init(g);
    return guest_load_yaml(g, "t.yaml", yaml, strlen(yaml), d);
}

/* Everything diags_print() would print, as one string (caller frees). */
static inline char *diag_text(struct diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    diags_print(d, f);
    fclose(f);
    return buf;
}

/* Assert that printed diagnostics contain want (a FILE:LINE:COL line part). */
#define assert_diag(d, want) do {                                           \
        char *txt_ = diag_text(d);                                          \
        if (!strstr(txt_, (want)))                                          \
            fail_msg("diagnostics lack \"%s\"; got:\n%s", (want), txt_);    \
        free(txt_);                                                         \
    } while (0)

/* A loaded guest and its diagnostics, freed together. */
static inline void done(struct xyl_guest *g, struct diags *d)
{
    guest_free(g);
    diags_free(d);
}

/* Write text to path (created or truncated). */
static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Remove a temporary folder made by a test (mkdtemp) and what is in it. */
static inline int rm_tmpdir(const char *dir)
{
    char cmd[256];

    assert_true(strncmp(dir, "/tmp/xyl-", 9) == 0 && !strchr(dir, '\''));
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd);
}

#endif
