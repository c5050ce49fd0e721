/*
 * hp_xs.c - the hotplug programs' xenstore: libxenstore behind struct
 * hp_xs (hp_util.h), so that their work is tested on a table.
 */
#include "hp_util.h"

#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

static size_t value_max;

/* a node's value as a C string (hp_xs_value); xs_read's buffer has room
 * for the terminator */
static char *xs_get(void *ctx, const char *path)
{
    unsigned len = 0;
    char *v = xs_read(ctx, XBT_NULL, path, &len);

    if (v)
        hp_xs_value(v, len, value_max);
    return v;
}

static int xs_put(void *ctx, const char *path, const char *value)
{
    return xs_write(ctx, XBT_NULL, path, value, (unsigned)strlen(value)) ? 0 : -1;
}

static char **xs_list(void *ctx, const char *path, unsigned *n)
{
    *n = 0;
    return xs_directory(ctx, XBT_NULL, path, n);
}

int hp_xs_open(struct hp_xs *xs, size_t max)
{
    value_max = max;
    xs->read = xs_get;
    xs->write = xs_put;
    xs->list = xs_list;
    xs->ctx = xs_open(0);
    return xs->ctx ? 0 : -1;
}

void hp_xs_close(struct hp_xs *xs)
{
    if (xs->ctx)
        xs_close(xs->ctx);
    xs->ctx = NULL;
}
