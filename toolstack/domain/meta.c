/*
 * meta.c - xyl's own record of the guests it created (see meta.h).
 */
#include "domain/meta.h"
#include "xen/xs_data.h"
#include "base/gitref.h"
#include "base/sha256.h"
#include "images/cloudinit.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

#define MAX_DEF_BYTES (16u << 20)       /* as the YAML loader allows at most */

int meta_file_sha256(const char *file, char *hex)
{
    size_t len;
    char *s = read_file(file, MAX_DEF_BYTES, &len);

    if (!s) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", file, strerror(errno));
        return -1;
    }
    sha256_hex(s, len, hex);
    free(s);
    return 0;
}

int meta_guest_sha256(const struct xyl_guest *g, const char *file, char *hex)
{
    struct cloudinit_seed s;
    char seed[SHA256_HEX_LEN + 1], *both;

    if (meta_file_sha256(file, hex))
        return -1;
    if (!g->cloud_init.user_data.path && !g->cloud_init.user_data.text)
        return 0;
    if (cloudinit_guest_seed(g, &s))
        return -1;
    cloudinit_seed_hash(&s, seed);
    cloudinit_seed_free(&s);
    both = xasprintf("%s cloud-init %s", hex, seed);
    sha256_hex(both, strlen(both), hex);
    free(both);
    return 0;
}

static struct xs_handle *meta_open(void)
{
    struct xs_handle *xs = xs_open(0);

    if (!xs)
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
    return xs;
}

/* mkdir path with permissions "n0" (dom0 owns it, nobody else may look) */
static bool mkdir_private(struct xs_handle *xs, xs_transaction_t t, const char *path)
{
    struct xs_permissions perm = { .id = 0, .perms = XS_PERM_NONE };

    return xs_mkdir(xs, t, path) && xs_set_permissions(xs, t, path, &perm, 1);
}

static bool put(struct xs_handle *xs, xs_transaction_t t, const char *dir,
                const char *key, const char *value)
{
    char *path = xasprintf("%s/%s", dir, key);
    bool ok = xs_write(xs, t, path, value, (unsigned)strlen(value));

    free(path);
    return ok;
}

struct record {
    const char *dir, *domid, *name, *file, *sha256, *keys, *git, *stop;
};

/* The parents first, so every node below inherits "n0". */
static bool write_record(struct xs_handle *xs, xs_transaction_t t, void *arg)
{
    const struct record *r = arg;
    bool ok = mkdir_private(xs, t, "/local/domain/0/xyl") && mkdir_private(xs, t, XYL_META_ROOT);

    if (ok)
        xs_rm(xs, t, r->dir);               /* keys of an earlier record go */
    ok = ok && mkdir_private(xs, t, r->dir) &&
         put(xs, t, r->dir, "domid", r->domid) && put(xs, t, r->dir, "name", r->name) &&
         put(xs, t, r->dir, "file", r->file) && put(xs, t, r->dir, "sha256", r->sha256) &&
         put(xs, t, r->dir, "data-keys", r->keys) &&
         (!r->git || put(xs, t, r->dir, "git", r->git)) &&
         (!r->stop || put(xs, t, r->dir, "stop-timeout", r->stop)) &&
         put(xs, t, r->dir, "managed-by", "xyl");
    if (!ok)
        fprintf(stderr, "xyl: cannot record '%s' in xenstore %s: %s\n",
                r->name, r->dir, strerror(errno));
    return ok;
}

int meta_record(uint32_t domid, const struct xyl_guest *g)
{
    char uuid[LIBXL_UUID_FMTLEN + 1], hex[SHA256_HEX_LEN + 1], file[PATH_MAX], num[16], stop[24];
    struct strbuf keys = STRBUF_INIT;
    struct xs_handle *xs;
    char *dir, *git;
    int i, rc = -1;

    if (!g->file || !realpath(g->file, file)) {
        fprintf(stderr, "xyl: cannot find the definition file of '%s' to record it\n", g->name);
        return -1;
    }
    if (meta_guest_sha256(g, file, hex))
        return -1;
    git = git_commit_of(file);
    for (i = 0; i < g->xenstore.n; i++)
        sb_addf(&keys, "%s%s", i ? " " : "", g->xenstore.v[i].key);
    snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(g->uuid));
    snprintf(num, sizeof(num), "%u", domid);
    dir = xasprintf(XYL_META_ROOT "/%s", uuid);
    xs = meta_open();
    if (xs) {
        struct record r = { dir, num, g->name, file, hex, sb_str(&keys), git, NULL };

        if (g->stop_timeout != XYL_UNSET) {
            snprintf(stop, sizeof(stop), "%ld", g->stop_timeout);
            r.stop = stop;
        }
        rc = xs_transact(xs, write_record, &r);
        xs_close(xs);
    }
    free(dir);
    free(git);
    sb_free(&keys);
    return rc;
}

long meta_parse_stop_timeout(const char *s)
{
    char *end;
    long v;

    if (!s || !isdigit((unsigned char)s[0]))
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    return errno || *end || v < 1 || v > STOP_TIMEOUT_MAX ? 0 : v;
}

static char *get(struct xs_handle *xs, const char *dir, const char *key)
{
    char *path = xasprintf("%s/%s", dir, key), *v;
    unsigned len;

    v = xs_read(xs, XBT_NULL, path, &len);
    free(path);
    return v;
}

int meta_read_all(struct xyl_meta **out, int *n)
{
    struct xs_handle *xs;
    struct xyl_meta *v = NULL;
    char **ents, *dir, *s, *end;
    unsigned i, nents = 0;
    int alloc = 0;
    unsigned long id;

    *out = NULL;
    *n = 0;
    if (!(xs = meta_open()))
        return -1;
    ents = xs_directory(xs, XBT_NULL, XYL_META_ROOT, &nents);
    for (i = 0; ents && i < nents; i++) {
        struct xyl_meta *m;

        if (strlen(ents[i]) != LIBXL_UUID_FMTLEN)
            continue;
        dir = xasprintf(XYL_META_ROOT "/%s", ents[i]);
        s = get(xs, dir, "domid");
        errno = 0;
        id = s ? strtoul(s, &end, 10) : 0;
        if (!s || errno || *end || end == s || id >= 0x7FF0) {
            free(s);
            free(dir);
            continue;                   /* not one of ours, or half-written */
        }
        free(s);
        ALLOC_GROW(v, *n, alloc);
        m = &v[(*n)++];
        memset(m, 0, sizeof(*m));
        memcpy(m->uuid, ents[i], LIBXL_UUID_FMTLEN + 1);
        m->domid = (uint32_t)id;
        m->name = get(xs, dir, "name");
        m->file = get(xs, dir, "file");
        m->sha256 = get(xs, dir, "sha256");
        m->git = get(xs, dir, "git");
        m->data_keys = get(xs, dir, "data-keys");
        s = get(xs, dir, "stop-timeout");
        m->stop_timeout = meta_parse_stop_timeout(s);
        free(s);
        s = get(xs, dir, "managed-by");
        m->managed = s && !strcmp(s, "xyl");
        free(s);
        free(dir);
    }
    free(ents);
    xs_close(xs);
    *out = v;
    return 0;
}

void meta_free(struct xyl_meta *v, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].file);
        free(v[i].sha256);
        free(v[i].git);
        free(v[i].data_keys);
    }
    free(v);
}

int meta_remove(const libxl_uuid *uuid)
{
    char u[LIBXL_UUID_FMTLEN + 1], *dir;
    struct xs_handle *xs;
    int rc = 0;

    snprintf(u, sizeof(u), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*uuid));
    dir = xasprintf(XYL_META_ROOT "/%s", u);
    if (!(xs = meta_open())) {
        free(dir);
        return -1;
    }
    if (!xs_rm(xs, XBT_NULL, dir) && errno != ENOENT) {
        fprintf(stderr, "xyl: cannot remove xenstore %s: %s\n", dir, strerror(errno));
        rc = -1;
    }
    xs_close(xs);
    free(dir);
    return rc;
}

/* The node apply writes before it asks a guest to shut down: the monitor
 * then leaves the stopped guest to apply instead of restarting it. */
static char *stopping_path(const libxl_uuid *uuid)
{
    return xasprintf(XYL_META_ROOT "/" LIBXL_UUID_FMT "/stopping", LIBXL_UUID_BYTES(*uuid));
}

int meta_set_stopping(const libxl_uuid *uuid)
{
    struct xs_handle *xs = meta_open();
    char *path = stopping_path(uuid);
    int rc = -1;

    if (xs) {
        if (xs_write(xs, XBT_NULL, path, "apply", 5))
            rc = 0;
        else
            fprintf(stderr, "xyl: cannot write %s: %s\n", path, strerror(errno));
        xs_close(xs);
    }
    free(path);
    return rc;
}

bool meta_stopping(const libxl_uuid *uuid)
{
    struct xs_handle *xs = meta_open();
    char *path = stopping_path(uuid), *v = NULL;
    unsigned len;

    if (xs) {
        v = xs_read(xs, XBT_NULL, path, &len);
        xs_close(xs);
    }
    free(path);
    free(v);
    return v != NULL;
}

/* The record rides in a save file's (or migration stream's) xyl-data pairs
 * under this prefix: a data key could be named so only on purpose, and an
 * older xyl that reads the pairs writes them as data keys, harmlessly. */
#define META_KV_PREFIX "@xyl-meta/"

static const char *const meta_kv_keys[] = { "name", "file", "sha256", "git", "data-keys",
                                             "stop-timeout" };

static void kv_add(struct xyl_kvlist *kv, const char *key, const char *value)
{
    kv->v = xrealloc(kv->v, (size_t)(kv->n + 1) * sizeof(*kv->v));
    memset(&kv->v[kv->n], 0, sizeof(kv->v[0]));
    kv->v[kv->n].key = xasprintf(META_KV_PREFIX "%s", key);
    kv->v[kv->n].value = xstrdup(value);
    kv->n++;
}

int meta_to_kv(const libxl_uuid *uuid, struct xyl_kvlist *kv)
{
    char u[LIBXL_UUID_FMTLEN + 1];
    struct xyl_meta *m;
    int n, i;

    if (meta_read_all(&m, &n))
        return -1;
    snprintf(u, sizeof(u), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*uuid));
    for (i = 0; i < n; i++) {
        const char *vals[6];
        char stop[24];
        bool fits = true;
        size_t k;

        if (strcmp(m[i].uuid, u) || !m[i].managed || !m[i].file)
            continue;
        vals[0] = m[i].name;
        vals[1] = m[i].file;
        vals[2] = m[i].sha256;
        vals[3] = m[i].git;
        vals[4] = m[i].data_keys;
        snprintf(stop, sizeof(stop), "%ld", m[i].stop_timeout);
        vals[5] = m[i].stop_timeout ? stop : NULL;
        for (k = 0; k < ARRAY_SIZE(meta_kv_keys) && fits; k++)
            fits = !vals[k] || strlen(vals[k]) <= XS_DATA_VALUE_MAX;
        if (!fits)              /* the pairs' limit: the whole record stays behind, said */
            fprintf(stderr, "xyl: note: xyl's record of %s is too long to carry; "
                    "the guest is not xyl's on the other side\n", m[i].name ? m[i].name : u);
        for (k = 0; fits && k < ARRAY_SIZE(meta_kv_keys); k++)
            if (vals[k])
                kv_add(kv, meta_kv_keys[k], vals[k]);
        break;
    }
    meta_free(m, n);
    return 0;
}

int meta_from_kv(uint32_t domid, const libxl_uuid *uuid, struct xyl_kvlist *kv)
{
    const char *vals[6] = { 0 };
    size_t plen = strlen(META_KV_PREFIX), k;
    char u[LIBXL_UUID_FMTLEN + 1], num[16], *dir;
    struct xs_handle *xs;
    int i, j, rc = 0;

    for (i = 0; i < kv->n; i++)
        for (k = 0; k < ARRAY_SIZE(meta_kv_keys); k++)
            if (!strncmp(kv->v[i].key, META_KV_PREFIX, plen) &&
                !strcmp(kv->v[i].key + plen, meta_kv_keys[k]))
                vals[k] = kv->v[i].value;
    if (vals[0] && vals[1] && vals[2]) {
        snprintf(u, sizeof(u), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*uuid));
        snprintf(num, sizeof(num), "%u", domid);
        dir = xasprintf(XYL_META_ROOT "/%s", u);
        rc = -1;
        if ((xs = meta_open())) {
            struct record r = { dir, num, vals[0], vals[1], vals[2], vals[4] ? vals[4] : "", vals[3],
                                meta_parse_stop_timeout(vals[5]) ? vals[5] : NULL };
            rc = xs_transact(xs, write_record, &r);
            xs_close(xs);
        }
        free(dir);
    }
    /* the pairs are xyl's, not the guest's data/ keys */
    for (i = j = 0; i < kv->n; i++) {
        if (!strncmp(kv->v[i].key, META_KV_PREFIX, plen)) {
            free(kv->v[i].key);
            free(kv->v[i].value);
        } else {
            kv->v[j++] = kv->v[i];
        }
    }
    kv->n = j;
    return rc;
}
