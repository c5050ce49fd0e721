/*
 * fake_hpxs.c - see fake_hpxs.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hpxs.h"

#define XS_MAX 64
static struct { char path[192], value[512]; } xs_tab[XS_MAX];
static int xs_n;
int hpxs_fail_writes;

void hpxs_reset(void)
{
    xs_n = 0;
    hpxs_fail_writes = 0;
}

static int xs_find(const char *path)
{
    int i;
    for (i = 0; i < xs_n; i++)
        if (!strcmp(xs_tab[i].path, path))
            return i;
    return -1;
}

const char *hpxs_val(const char *path)
{
    int i = xs_find(path);
    return i < 0 ? NULL : xs_tab[i].value;
}

void hpxs_put(const char *path, const char *value)
{
    int i = xs_find(path);
    if (i < 0) {
        assert_true(xs_n < XS_MAX);
        i = xs_n++;
        snprintf(xs_tab[i].path, sizeof(xs_tab[i].path), "%s", path);
    }
    snprintf(xs_tab[i].value, sizeof(xs_tab[i].value), "%s", value);
}

static char *tab_read(void *ctx, const char *path)
{
    const char *v = hpxs_val(path);
    (void)ctx;
    return v ? strdup(v) : NULL;
}

static int tab_write(void *ctx, const char *path, const char *value)
{
    (void)ctx;
    if (hpxs_fail_writes)
        return -1;
    hpxs_put(path, value);
    return 0;
}

/* the distinct next components below path, packed as xs_directory's */
static char **tab_list(void *ctx, const char *path, unsigned *n)
{
    const char *names[XS_MAX];
    size_t plen = strlen(path), room = 0, len[XS_MAX];
    unsigned k = 0, j;
    char **out, *p;
    int i;

    (void)ctx;
    for (i = 0; i < xs_n; i++) {
        const char *rest = xs_tab[i].path + plen, *end;
        if (strncmp(xs_tab[i].path, path, plen) || rest[0] != '/' || !rest[1])
            continue;
        rest++;
        end = strchr(rest, '/');
        len[k] = end ? (size_t)(end - rest) : strlen(rest);
        for (j = 0; j < k; j++)
            if (len[j] == len[k] && !strncmp(names[j], rest, len[k]))
                break;
        if (j == k) {
            names[k] = rest;
            room += len[k++] + 1;
        }
    }
    *n = k;
    if (!k)
        return NULL;
    out = malloc(k * sizeof(char *) + room);
    assert_non_null(out);
    p = (char *)(out + k);
    for (j = 0; j < k; j++) {
        memcpy(p, names[j], len[j]);
        p[len[j]] = '\0';
        out[j] = p;
        p += len[j] + 1;
    }
    return out;
}

const struct hp_xs hpxs_tab = { tab_read, tab_write, tab_list, NULL };
