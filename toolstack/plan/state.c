/*
 * state.c - the observed host as JSON and back (see state.h).
 *
 * A state file comes from elsewhere (a CI artifact): every value is
 * checked for its type and range before it reaches the planner, and a
 * wrong one is refused with the domain it belongs to.
 */
#include "plan/state.h"
#include "base/json_out.h"
#include "base/util.h"
#include "model/guest.h"

#include <libxl_utils.h>
#include <yajl/yajl_tree.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a state file of a host with thousands of guests is a few MiB */
#define STATE_MAX_BYTES (64u << 20)

static void put_str(yajl_gen g, const char *key, const char *v)
{
    json_str(g, key);
    if (v)
        json_str(g, v);
    else
        yajl_gen_null(g);
}

static void put_int(yajl_gen g, const char *key, long long v)
{
    json_str(g, key);
    yajl_gen_integer(g, v);
}

static void put_bool(yajl_gen g, const char *key, bool v)
{
    json_str(g, key);
    yajl_gen_bool(g, v);
}

/* `backend: xyl` devices: [{KEY: .., TARGET: .., "devid": N}] */
static void put_xdevs(yajl_gen g, const char *name, const struct plan_xdevs *l,
                      const char *key, const char *target)
{
    int i;

    json_str(g, name);
    yajl_gen_array_open(g);
    for (i = 0; l && i < l->n; i++) {
        yajl_gen_map_open(g);
        put_str(g, key, l->v[i].key);
        put_str(g, target, l->v[i].target);
        put_int(g, "devid", l->v[i].idx);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void put_domain(yajl_gen g, const struct plan_have *h, const libxl_uuid *uuid)
{
    const libxl_domain_config *dc = h->dc;
    const libxl_domain_build_info *b = &dc->b_info;
    char buf[LIBXL_UUID_FMTLEN + 1], *copy, *k, *save = NULL;
    int i;

    yajl_gen_map_open(g);
    put_str(g, "name", h->name);
    put_int(g, "domid", h->domid);
    snprintf(buf, sizeof(buf), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*uuid));
    put_str(g, "uuid", buf);
    put_bool(g, "stopped", h->stopped);
    put_bool(g, "managed", h->managed);
    if (h->managed) {
        put_str(g, "file", h->file);
        put_str(g, "sha256", h->sha256);
        json_str(g, "data_keys");
        yajl_gen_array_open(g);
        if (h->data_keys) {
            copy = xstrdup(h->data_keys);
            for (k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
                json_str(g, k);
            free(copy);
        }
        yajl_gen_array_close(g);
    }
    json_str(g, "xenstore");
    yajl_gen_map_open(g);
    for (i = 0; h->xs && i < h->xs->n; i++)
        if (h->xs->v[i].value)
            put_str(g, h->xs->v[i].key, h->xs->v[i].value);
    yajl_gen_map_close(g);
    put_str(g, "type", libxl_domain_type_to_string(dc->c_info.type));
    snprintf(buf, sizeof(buf), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(dc->c_info.uuid));
    put_str(g, "config_uuid", buf);
    put_str(g, "kernel", b->kernel);
    put_str(g, "ramdisk", b->ramdisk);
    put_str(g, "cmdline", b->cmdline);
    put_str(g, "bootloader", b->bootloader);
    put_str(g, "on_poweroff", libxl_action_on_shutdown_to_string(dc->on_poweroff));
    put_str(g, "on_reboot", libxl_action_on_shutdown_to_string(dc->on_reboot));
    put_str(g, "on_crash", libxl_action_on_shutdown_to_string(dc->on_crash));
    put_int(g, "memory_kb", (long long)b->target_memkb);
    put_int(g, "maxmem_kb", (long long)b->max_memkb);
    put_int(g, "vcpus", libxl_bitmap_count_set(&b->avail_vcpus));
    put_int(g, "maxvcpus", b->max_vcpus);
    json_str(g, "disks");
    yajl_gen_array_open(g);
    for (i = 0; i < dc->num_disks; i++) {
        const libxl_device_disk *d = &dc->disks[i];

        yajl_gen_map_open(g);
        put_str(g, "vdev", d->vdev);
        put_str(g, "target", d->pdev_path);
        put_str(g, "format", libxl_disk_format_to_string(d->format));
        put_bool(g, "readwrite", d->readwrite);
        put_bool(g, "cdrom", d->is_cdrom);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    json_str(g, "nics");
    yajl_gen_array_open(g);
    for (i = 0; i < dc->num_nics; i++) {
        const uint8_t *m = dc->nics[i].mac;

        snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
        yajl_gen_map_open(g);
        put_str(g, "mac", buf);
        put_str(g, "bridge", dc->nics[i].bridge);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    put_xdevs(g, "xyl_disks", h->xdisks, "vdev", "target");
    put_xdevs(g, "xyl_nics", h->xnics, "mac", "bridge");
    yajl_gen_map_close(g);
}

char *state_json(const struct observed *o)
{
    yajl_gen g = json_gen_new();
    const unsigned char *buf;
    size_t len;
    char *out;
    int i;

    yajl_gen_map_open(g);
    put_str(g, "format", STATE_FORMAT);
    put_int(g, "version", STATE_VERSION);
    json_str(g, "domains");
    yajl_gen_array_open(g);
    for (i = 0; i < o->n; i++)
        put_domain(g, &o->v[i], &o->uuid[i]);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    yajl_gen_get_buf(g, &buf, &len);
    out = xstrndup((const char *)buf, len);
    yajl_gen_free(g);
    return out;
}

int state_print(const struct observed *o)
{
    char *s = state_json(o);
    int rc = 0;

    if (fputs(s, stdout) == EOF || fflush(stdout)) {
        fprintf(stderr, "xyl: cannot write the state: %s\n", strerror(errno));
        rc = -1;
    }
    free(s);
    return rc;
}

/* ---- reading ---- */

struct rd {
    const char *what;           /* the file, for messages */
    const char *dom;            /* the domain being read, NULL before */
    int bad;
};

static void bad(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(struct rd *r, const char *fmt, ...)
{
    va_list ap;

    if (r->bad++)
        return;                 /* one line: the first problem */
    fprintf(stderr, "xyl: %s: ", r->what);
    if (r->dom)
        fprintf(stderr, "domain '%s': ", r->dom);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static yajl_val get(yajl_val obj, const char *key)
{
    const char *path[] = { key, NULL };

    return yajl_tree_get(obj, path, yajl_t_any);
}

/* A string or null (-> NULL); required: absent or null is an error. */
static char *get_str(struct rd *r, yajl_val obj, const char *key, bool required)
{
    yajl_val v = get(obj, key);

    if (!v || YAJL_IS_NULL(v)) {
        if (required)
            bad(r, "'%s' is missing", key);
        return NULL;
    }
    if (!YAJL_IS_STRING(v)) {
        bad(r, "'%s' is not a string", key);
        return NULL;
    }
    return xstrdup(YAJL_GET_STRING(v));
}

static long long get_int(struct rd *r, yajl_val obj, const char *key, long long lo, long long hi)
{
    yajl_val v = get(obj, key);

    if (!v) {
        bad(r, "'%s' is missing", key);
        return lo;
    }
    if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < lo || YAJL_GET_INTEGER(v) > hi) {
        bad(r, "'%s' is not a whole number from %lld to %lld", key, lo, hi);
        return lo;
    }
    return YAJL_GET_INTEGER(v);
}

static bool get_bool(struct rd *r, yajl_val obj, const char *key)
{
    yajl_val v = get(obj, key);

    if (!v)
        return false;           /* every flag defaults to false */
    if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v)) {
        bad(r, "'%s' is not true or false", key);
        return false;
    }
    return YAJL_IS_TRUE(v);
}

static yajl_val get_array(struct rd *r, yajl_val obj, const char *key)
{
    yajl_val v = get(obj, key);

    if (v && !YAJL_IS_ARRAY(v)) {
        bad(r, "'%s' is not a list", key);
        return NULL;
    }
    return v;
}

static void get_action(struct rd *r, yajl_val obj, const char *key, libxl_action_on_shutdown *out)
{
    char *s = get_str(r, obj, key, false);

    *out = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    if (s && libxl_action_on_shutdown_from_string(s, out))
        bad(r, "'%s' is not a libxl shutdown action: '%s'", key, s);
    free(s);
}

static void get_uuid(struct rd *r, yajl_val obj, const char *key, libxl_uuid *out)
{
    char *s = get_str(r, obj, key, true);

    libxl_uuid_clear(out);
    if (s && libxl_uuid_from_string(out, s))
        bad(r, "'%s' is not a UUID: '%s'", key, s);
    free(s);
}

static void read_disks(struct rd *r, yajl_val list, libxl_domain_config *dc)
{
    size_t i;

    if (!list)
        return;
    dc->disks = xcalloc(list->u.array.len ? list->u.array.len : 1, sizeof(*dc->disks));
    for (i = 0; i < list->u.array.len; i++) {
        yajl_val d = list->u.array.values[i];
        libxl_device_disk *k = &dc->disks[dc->num_disks++];
        char *fmt;

        libxl_device_disk_init(k);
        if (!YAJL_IS_OBJECT(d)) {
            bad(r, "disk %zu is not a mapping", i + 1);
            continue;
        }
        k->vdev = get_str(r, d, "vdev", true);
        k->pdev_path = get_str(r, d, "target", false);
        fmt = get_str(r, d, "format", false);
        if (fmt && libxl_disk_format_from_string(fmt, &k->format))
            bad(r, "disk %zu: 'format' is not a libxl disk format: '%s'", i + 1, fmt);
        free(fmt);
        k->readwrite = get_bool(r, d, "readwrite");
        k->is_cdrom = get_bool(r, d, "cdrom");
    }
}

static void read_nics(struct rd *r, yajl_val list, libxl_domain_config *dc)
{
    size_t i;

    if (!list)
        return;
    dc->nics = xcalloc(list->u.array.len ? list->u.array.len : 1, sizeof(*dc->nics));
    for (i = 0; i < list->u.array.len; i++) {
        yajl_val n = list->u.array.values[i];
        libxl_device_nic *k = &dc->nics[dc->num_nics++];
        unsigned m[6];
        char *mac, end;
        int j;

        libxl_device_nic_init(k);
        if (!YAJL_IS_OBJECT(n)) {
            bad(r, "nic %zu is not a mapping", i + 1);
            continue;
        }
        mac = get_str(r, n, "mac", true);
        if (mac && sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3], &m[4],
                          &m[5], &end) != 6)
            bad(r, "nic %zu: 'mac' is not a MAC address: '%s'", i + 1, mac);
        else
            for (j = 0; mac && j < 6; j++)
                k->mac[j] = (uint8_t)m[j];
        free(mac);
        k->bridge = get_str(r, n, "bridge", false);
    }
}

static void read_xdevs(struct rd *r, yajl_val list, const char *what, const char *key,
                       const char *target, struct plan_xdevs *l)
{
    size_t i;

    for (i = 0; list && i < list->u.array.len; i++) {
        yajl_val d = list->u.array.values[i];
        char *k, *t;
        long long devid;

        if (!YAJL_IS_OBJECT(d)) {
            bad(r, "%s %zu is not a mapping", what, i + 1);
            continue;
        }
        k = get_str(r, d, key, true);
        t = get_str(r, d, target, false);
        devid = get_int(r, d, "devid", 0, 0xffff);     /* xenstore device numbers */
        if (k)
            plan_xdevs_add(l, k, t, (int)devid);
        free(k);
        free(t);
    }
}

static void read_xenstore(struct rd *r, yajl_val obj, struct xyl_kvlist *kv)
{
    yajl_val v = get(obj, "xenstore");
    size_t i;

    if (!v)
        return;
    if (!YAJL_IS_OBJECT(v)) {
        bad(r, "'xenstore' is not a mapping");
        return;
    }
    kv->v = xcalloc(v->u.object.len ? v->u.object.len : 1, sizeof(*kv->v));
    for (i = 0; i < v->u.object.len; i++) {
        yajl_val val = v->u.object.values[i];

        if (!YAJL_IS_STRING(val)) {
            bad(r, "xenstore key '%s' is not a string", v->u.object.keys[i]);
            continue;
        }
        kv->v[kv->n].key = xstrdup(v->u.object.keys[i]);
        kv->v[kv->n].value = xstrdup(YAJL_GET_STRING(val));
        kv->n++;
    }
}

/* data_keys: a list of strings, kept as the record keeps them (space-separated) */
static char *read_data_keys(struct rd *r, yajl_val obj)
{
    yajl_val v = get_array(r, obj, "data_keys");
    struct strbuf sb = STRBUF_INIT;
    size_t i;

    for (i = 0; v && i < v->u.array.len; i++) {
        const char *k = YAJL_GET_STRING(v->u.array.values[i]);

        if (!k || !xs_data_key_ok(k)) {
            bad(r, "data_keys %zu is not a key", i + 1);
            continue;
        }
        if (sb.len)
            sb_addc(&sb, ' ');
        sb_adds(&sb, k);
    }
    return sb.len ? sb_detach(&sb) : NULL;
}

static void read_domain(struct rd *r, yajl_val d, struct observed *o)
{
    int i = o->n;
    struct plan_have *h = &o->v[i];
    libxl_domain_config *dc = &o->dc[i];
    libxl_domain_build_info *b = &dc->b_info;
    char *type;
    long long vcpus, k;

    libxl_domain_config_init(dc);
    o->n++;                     /* owned from here: observe_free frees it */
    o->names[i] = get_str(r, d, "name", true);
    if (!o->names[i])
        return;
    r->dom = o->names[i];
    h->name = o->names[i];
    h->dc = dc;
    h->xs = &o->xs[i];
    h->domid = (uint32_t)get_int(r, d, "domid", 1, 0x7fef);   /* DOMID_FIRST_RESERVED - 1 */
    get_uuid(r, d, "uuid", &o->uuid[i]);
    h->stopped = get_bool(r, d, "stopped");
    h->managed = get_bool(r, d, "managed");
    if (h->managed) {
        struct xyl_meta *m = &o->meta[o->n_meta++];

        memset(m, 0, sizeof(*m));
        m->managed = true;
        m->domid = h->domid;
        m->name = xstrdup(h->name);
        snprintf(m->uuid, sizeof(m->uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(o->uuid[i]));
        m->file = get_str(r, d, "file", true);
        m->sha256 = get_str(r, d, "sha256", true);
        m->data_keys = read_data_keys(r, d);
        h->file = m->file;
        h->sha256 = m->sha256;
        h->data_keys = m->data_keys;
    }
    read_xenstore(r, d, &o->xs[i]);

    type = get_str(r, d, "type", true);
    if (type && (libxl_domain_type_from_string(type, &dc->c_info.type) ||
                 dc->c_info.type == LIBXL_DOMAIN_TYPE_INVALID))
        bad(r, "'type' is not pv, pvh or hvm: '%s'", type);
    free(type);
    libxl_domain_build_info_init_type(b, dc->c_info.type == LIBXL_DOMAIN_TYPE_INVALID ?
                                      LIBXL_DOMAIN_TYPE_PV : dc->c_info.type);
    dc->c_info.name = xstrdup(h->name);
    if (get(d, "config_uuid"))
        get_uuid(r, d, "config_uuid", &dc->c_info.uuid);
    else
        dc->c_info.uuid = o->uuid[i];
    b->kernel = get_str(r, d, "kernel", false);
    b->ramdisk = get_str(r, d, "ramdisk", false);
    b->cmdline = get_str(r, d, "cmdline", false);
    b->bootloader = get_str(r, d, "bootloader", false);
    get_action(r, d, "on_poweroff", &dc->on_poweroff);
    get_action(r, d, "on_reboot", &dc->on_reboot);
    get_action(r, d, "on_crash", &dc->on_crash);
    /* 1 TiB of KiB per guest is far above any Xen guest's memory */
    b->target_memkb = (uint64_t)get_int(r, d, "memory_kb", 0, 1LL << 40);
    b->max_memkb = (uint64_t)get_int(r, d, "maxmem_kb", 0, 1LL << 40);
    b->max_vcpus = (int)get_int(r, d, "maxvcpus", 1, 4096);    /* HVM_MAX_VCPUS is far below */
    vcpus = get_int(r, d, "vcpus", 0, 4096);
    /* the same layout as libxl_cpu_bitmap_alloc, without a ctx (libxl_map.c) */
    b->avail_vcpus.size = (uint32_t)((vcpus + 7) / 8);
    b->avail_vcpus.map = xcalloc(b->avail_vcpus.size ? b->avail_vcpus.size : 1, 1);
    for (k = 0; k < vcpus; k++)
        libxl_bitmap_set(&b->avail_vcpus, (int)k);
    read_disks(r, get_array(r, d, "disks"), dc);
    read_nics(r, get_array(r, d, "nics"), dc);
    read_xdevs(r, get_array(r, d, "xyl_disks"), "xyl disk", "vdev", "target", &o->xd[i]);
    read_xdevs(r, get_array(r, d, "xyl_nics"), "xyl nic", "mac", "bridge", &o->xn[i]);
    h->xdisks = &o->xd[i];
    h->xnics = &o->xn[i];
    r->dom = NULL;
}

int state_parse(const char *text, const char *what, struct observed *o)
{
    char err[256];
    yajl_val root, doms, v;
    const char *fmt;
    struct rd r = { .what = what };
    size_t i, n;
    int j;

    memset(o, 0, sizeof(*o));
    root = yajl_tree_parse(text, err, sizeof(err));
    if (!root) {
        fprintf(stderr, "xyl: %s: not JSON: %s\n", what, strtok(err, "\n"));
        return -1;
    }
    v = get(root, "format");
    fmt = v ? YAJL_GET_STRING(v) : NULL;
    if (!YAJL_IS_OBJECT(root) || !fmt || strcmp(fmt, STATE_FORMAT)) {
        bad(&r, "not a state file of xyl ('format' is not \"" STATE_FORMAT "\"; "
            "it is written by 'xyl state')");
        goto out;
    }
    if (get_int(&r, root, "version", 0, 1000) != STATE_VERSION) {
        bad(&r, "state version %d is the only one this xyl reads", STATE_VERSION);
        goto out;
    }
    doms = get_array(&r, root, "domains");
    if (!doms) {
        bad(&r, "'domains' is missing");
        goto out;
    }
    n = doms->u.array.len;
    o->v = xcalloc(n ? n : 1, sizeof(*o->v));
    o->dc = xcalloc(n ? n : 1, sizeof(*o->dc));
    o->names = xcalloc(n ? n : 1, sizeof(*o->names));
    o->xs = xcalloc(n ? n : 1, sizeof(*o->xs));
    o->uuid = xcalloc(n ? n : 1, sizeof(*o->uuid));
    o->meta = xcalloc(n ? n : 1, sizeof(*o->meta));
    o->xd = xcalloc(n ? n : 1, sizeof(*o->xd));
    o->xn = xcalloc(n ? n : 1, sizeof(*o->xn));
    for (i = 0; i < n && !r.bad; i++) {
        if (!YAJL_IS_OBJECT(doms->u.array.values[i])) {
            bad(&r, "domain %zu is not a mapping", i + 1);
            break;
        }
        read_domain(&r, doms->u.array.values[i], o);
    }
    for (i = 0; i < (size_t)o->n && !r.bad; i++)
        for (j = 0; j < (int)i; j++)
            if (o->names[i] && o->names[j] && !strcmp(o->names[i], o->names[j]))
                bad(&r, "two domains are named '%s'", o->names[i]);
out:
    yajl_tree_free(root);
    if (r.bad) {
        observe_free(o);
        return -1;
    }
    return 0;
}

int state_load(const char *file, struct observed *o)
{
    char *text;
    int rc;

    memset(o, 0, sizeof(*o));
    text = read_file(!strcmp(file, "-") ? "/dev/stdin" : file, STATE_MAX_BYTES, NULL);
    if (!text) {
        fprintf(stderr, "xyl: cannot read the state file %s: %s\n", file, strerror(errno));
        return -1;
    }
    rc = state_parse(text, file, o);
    free(text);
    return rc;
}
