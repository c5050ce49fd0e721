/*
 * clone.c - xyl clone: overlays, the machine-id reset, and NEW.yaml.
 *
 * NEW.yaml is the source's YAML tree written out again (libyaml's emitter)
 * with the name replaced, uuid and mac keys dropped and the cloned disks
 * pointed at their overlays; comments are not kept.  It is loaded back and
 * validated before it is written.  The output name is claimed with O_EXCL
 * first, so no existing file is ever overwritten.
 */
#include "images/clone.h"
#include "images/gfs.h"
#include "host/host_config.h"
#include "base/ident.h"
#include "images/images.h"
#include "xen/libxl_map.h"
#include "model/schema.h"
#include "model/schema_check.h"
#include "base/util.h"
#include "model/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

struct cloner {
    const struct clone_opts *o;
    struct xyl_guest g;
    char **overlay;             /* per disk: its overlay, or NULL if shared */
    struct image_list made;     /* overlays created so far */
    char *yaml_path;
    int yaml_fd;
};

/* ---- writing the YAML tree back ----------------------------------------- */

static int out_handler(void *data, unsigned char *buf, size_t size)
{
    sb_add(data, (const char *)buf, size);
    return 1;
}

static int ev(yaml_emitter_t *e, yaml_event_t *event)
{
    return yaml_emitter_emit(e, event) ? 0 : -1;
}

static int scalar(yaml_emitter_t *e, const char *s, bool plain)
{
    yaml_event_t event;

    if (plain && !*s)
        s = "~";            /* an empty plain scalar is null */
    yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
                                 plain ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    return ev(e, &event);
}

/* Start or end a block mapping or sequence. */
static int coll(yaml_emitter_t *e, bool seq, bool start)
{
    yaml_event_t event;

    if (seq && start)
        yaml_sequence_start_event_initialize(&event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
    else if (seq)
        yaml_sequence_end_event_initialize(&event);
    else if (start)
        yaml_mapping_start_event_initialize(&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
    else
        yaml_mapping_end_event_initialize(&event);
    return ev(e, &event);
}
#define map_start(e) coll((e), false, true)
#define map_end(e)   coll((e), false, false)
#define seq_start(e) coll((e), true, true)
#define seq_end(e)   coll((e), true, false)

static int pair(yaml_emitter_t *e, const char *k, const char *v)
{
    return scalar(e, k, true) || scalar(e, v, true) ? -1 : 0;
}

/* Any node as it was (aliases are written out expanded). */
static int node(yaml_emitter_t *e, const struct ynode *n)
{
    size_t i;

    switch (n->kind) {
    case Y_SCALAR:
        return scalar(e, n->str, n->plain);
    case Y_SEQ:
        if (seq_start(e))
            return -1;
        for (i = 0; i < n->n; i++)
            if (node(e, n->items[i]))
                return -1;
        return seq_end(e);
    case Y_MAP:
        if (map_start(e))
            return -1;
        for (i = 0; i < n->n; i++)
            if (node(e, n->keys[i]) || node(e, n->items[i]))
                return -1;
        return map_end(e);
    }
    return -1;
}

static bool key_is(const struct ynode *k, const char *name)
{
    return k->kind == Y_SCALAR && !strcmp(k->str, name);
}

/* A cloned disk: its overlay, qcow2, no size or backend choice. */
static int disk_item(yaml_emitter_t *e, const struct ynode *n, const struct xyl_disk *dk,
                     const char *overlay)
{
    const char *base = strrchr(overlay, '/');
    size_t i;

    /* overlays live in the images folder: a relative target says so */
    if (map_start(e) || pair(e, "target", base ? base + 1 : overlay))
        return -1;
    if (n->kind == Y_SCALAR) {      /* xl spec string: what libxlutil parsed */
        if (pair(e, "vdev", dk->parsed_vdev))
            return -1;
    } else {
        for (i = 0; i < n->n; i++) {
            const struct ynode *k = n->keys[i];
            if (key_is(k, "target") || key_is(k, "format") || key_is(k, "size") ||
                key_is(k, "backend"))
                continue;
            if (node(e, k) || node(e, n->items[i]))
                return -1;
        }
    }
    if (pair(e, "format", "qcow2"))
        return -1;
    return map_end(e);
}

/* A NIC without its mac, so the one derived from the new name applies. */
static int nic_item(yaml_emitter_t *e, const struct ynode *n)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p;
    size_t i;
    int rc;

    if (n->kind == Y_MAP) {
        if (map_start(e))
            return -1;
        for (i = 0; i < n->n; i++)
            if (!key_is(n->keys[i], "mac") && (node(e, n->keys[i]) || node(e, n->items[i])))
                return -1;
        return map_end(e);
    }
    if (n->kind != Y_SCALAR)
        return node(e, n);
    for (p = n->str; *p; ) {        /* "bridge=xenbr0,mac=..,model=e1000" */
        size_t len = strcspn(p, ",");
        const char *q = p;
        while (*q == ' ')
            q++;
        if (strncmp(q, "mac=", 4)) {
            if (sb.len)
                sb_addc(&sb, ',');
            sb_add(&sb, p, len);
        }
        p += len + (p[len] == ',');
    }
    rc = scalar(e, sb_str(&sb), n->plain);
    sb_free(&sb);
    return rc;
}

static int root_map(struct cloner *c, yaml_emitter_t *e, const struct ynode *root)
{
    size_t i, j;

    if (map_start(e))
        return -1;
    for (i = 0; i < root->n; i++) {
        const struct ynode *k = root->keys[i], *v = root->items[i];
        int rc = 0;

        if (key_is(k, "uuid"))
            continue;
        if (key_is(k, "name")) {
            rc = pair(e, "name", c->o->name);
        } else if (key_is(k, "disks") && v->kind == Y_SEQ && v->n == (size_t)c->g.n_disks) {
            rc = node(e, k) || seq_start(e);
            for (j = 0; j < v->n && !rc; j++)
                rc = c->overlay[j] ? disk_item(e, v->items[j], &c->g.disks[j], c->overlay[j])
                                   : node(e, v->items[j]);
            rc = rc || seq_end(e);
        } else if (key_is(k, "networks") && v->kind == Y_SEQ) {
            rc = node(e, k) || seq_start(e);
            for (j = 0; j < v->n && !rc; j++)
                rc = nic_item(e, v->items[j]);
            rc = rc || seq_end(e);
        } else {
            rc = node(e, k) || node(e, v);
        }
        if (rc)
            return -1;
    }
    return map_end(e);
}

/* The new definition's text, or NULL after one line. */
static char *new_yaml(struct cloner *c)
{
    struct strbuf sb = STRBUF_INIT;
    struct diags d = { 0 };
    struct ydoc doc;
    yaml_emitter_t e;
    yaml_event_t event;
    size_t len;
    char *src = read_file(c->o->src, YAML_MAX_FILE_SIZE, &len);
    int rc = -1;

    if (!src) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", c->o->src, strerror(errno));
        return NULL;
    }
    if (ydoc_load(&doc, c->o->src, src, len, &d)) {
        diags_print(&d, stderr);
        diags_free(&d);
        free(src);
        return NULL;
    }
    sb_addf(&sb, "# cloned from %s by xyl clone: new name, uuid and MACs derived from it,\n"
            "# read-write disks are qcow2 overlays on %s's images (keep those unchanged)\n",
            c->o->src, c->g.name);
    yaml_emitter_initialize(&e);
    yaml_emitter_set_output(&e, out_handler, &sb);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, 100);
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
    if (ev(&e, &event) == 0) {
        yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
        if (ev(&e, &event) == 0 && root_map(c, &e, doc.root) == 0) {
            yaml_document_end_event_initialize(&event, 1);
            if (ev(&e, &event) == 0) {
                yaml_stream_end_event_initialize(&event);
                rc = ev(&e, &event);
            }
        }
    }
    if (rc)
        fprintf(stderr, "xyl: cannot write the new definition: %s\n",
                e.problem ? e.problem : "libyaml emitter error");
    yaml_emitter_delete(&e);
    ydoc_free(&doc);
    free(src);
    if (rc) {
        sb_free(&sb);
        return NULL;
    }
    return sb_detach(&sb);
}

/* ---- the steps ---------------------------------------------------------- */

static int make_overlays(struct cloner *c, const char *images)
{
    int i;

    c->overlay = xcalloc((size_t)c->g.n_disks + 1, sizeof(*c->overlay));
    for (i = 0; i < c->g.n_disks; i++) {
        const struct xyl_disk *dk = &c->g.disks[i];
        struct stat st;

        if (!dk->target || !*dk->target || dk->parsed_readonly || dk->parsed_cdrom)
            continue;               /* shared as they are */
        if (dk->is_xyl_backend) {
            fprintf(stderr, "xyl: disk %s uses backend: xyl, which serves raw images only; "
                    "a qcow2 overlay cannot be cloned for it\n", dk->parsed_vdev);
            return -1;
        }
        if (stat(dk->target, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
            fprintf(stderr, "xyl: disk %s: source image %s %s\n", dk->parsed_vdev, dk->target,
                    errno == ENOENT ? "does not exist (create or start the source first)"
                                    : "is not a file or block device");
            return -1;
        }
        c->overlay[i] = xasprintf("%s/%s-%s.qcow2", images, c->o->name, dk->parsed_vdev);
        if (image_create(c->overlay[i], "qcow2", 0, dk->target, disk_qemu_format(dk)))
            return -1;
        ALLOC_GROW(c->made.paths, c->made.n, c->made.alloc);
        c->made.paths[c->made.n++] = xstrdup(c->overlay[i]);
    }
    return 0;
}

static int reset_machine_ids(struct cloner *c, FILE *out)
{
    struct gfs *g;
    int i, k = 0, done = 0, rc = -1;

    if (c->made.n == 0) {
        fprintf(out, "no read-write image files to clone: the disks are shared as they are\n");
        return 0;
    }
    if (c->o->keep_machine_id)
        return 0;
    if (c->made.n > 26) {
        fprintf(stderr, "xyl: more than 26 disks to clone\n");
        return -1;
    }
    g = gfs_open();
    if (!g)
        return -1;
    fprintf(out, "resetting the machine ID in the clone's disks (libguestfs appliance)...\n");
    fflush(out);
    for (i = 0; i < c->g.n_disks; i++)
        if (c->overlay[i] && gfs_add(g, c->overlay[i], "qcow2", false))
            goto out;
    if (gfs_launch(g))
        goto out;
    for (i = 0; i < c->g.n_disks; i++) {
        int m;
        if (!c->overlay[i])
            continue;
        m = gfs_mount_root(g, k++, false);
        if (m < 0)
            goto out;
        if (m == 0) {
            const char *base = strrchr(c->overlay[i], '/');
            if (gfs_reset_machine_id(g, base ? base + 1 : c->overlay[i], out) ||
                gfs_umount_all(g))
                goto out;
            done++;
        }
    }
    if (!done) {
        fprintf(stderr, "xyl: no operating system (no filesystem with /etc) on the cloned "
                "disks, so no machine ID to reset (--keep-machine-id clones anyway)\n");
        goto out;
    }
    rc = gfs_shutdown(g);
out:
    gfs_close(g);
    return rc;
}

static int write_yaml(struct cloner *c, FILE *out)
{
    struct diags d = { 0 };
    struct xyl_guest ng;
    char *text = new_yaml(c), mac[18];
    size_t len, off = 0;
    int i, rc = -1;

    if (!text)
        return -1;
    len = strlen(text);
    guest_init(&ng);
    if (guest_load_yaml(&ng, c->yaml_path, text, len, &d)) {
        fprintf(stderr, "xyl: the cloned definition would not be valid:\n");
        diags_print(&d, stderr);
        goto out;
    }
    while (off < len) {
        ssize_t w = write(c->yaml_fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fprintf(stderr, "xyl: cannot write %s: %s\n", c->yaml_path, strerror(errno));
            goto out;
        }
        off += (size_t)w;
    }
    if (fsync(c->yaml_fd) || close(c->yaml_fd)) {
        c->yaml_fd = -1;
        fprintf(stderr, "xyl: cannot write %s: %s\n", c->yaml_path, strerror(errno));
        goto out;
    }
    c->yaml_fd = -1;
    {
        char uuid[40];
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(ng.uuid));
        fprintf(out, "wrote %s: name %s, uuid %s (derived from the name)", c->yaml_path,
                ng.name, uuid);
    }
    for (i = 0; i < ng.n_nics; i++) {
        format_mac(ng.nics[i].macaddr, mac);
        fprintf(out, "%s%s", i ? ", " : ", mac ", mac);
    }
    fputc('\n', out);
    rc = 0;
out:
    guest_free(&ng);
    diags_free(&d);
    free(text);
    return rc;
}

/* NEW.yaml beside SRC unless -o; claimed now so nothing can be overwritten. */
static int claim_output(struct cloner *c)
{
    const char *slash;

    if (c->o->out) {
        c->yaml_path = xstrdup(c->o->out);
    } else if ((slash = strrchr(c->o->src, '/')) != NULL) {
        c->yaml_path = xasprintf("%.*s/%s.yaml", (int)(slash - c->o->src), c->o->src, c->o->name);
    } else {
        c->yaml_path = xasprintf("%s.yaml", c->o->name);
    }
    /* 0600: the definition may carry VNC/SPICE passwords (the source's
     * own mode is not known to be as strict) */
    c->yaml_fd = open(c->yaml_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (c->yaml_fd < 0) {
        fprintf(stderr, "xyl: cannot create %s: %s%s\n", c->yaml_path, strerror(errno),
                errno == EEXIST ? " (never overwritten: pick another name or -o PATH)" : "");
        free(c->yaml_path);
        c->yaml_path = NULL;
        return -1;
    }
    return 0;
}

int clone_guest(const struct clone_opts *o, FILE *out)
{
    struct cloner c = { .o = o, .yaml_fd = -1 };
    struct host_config hc = { 0 };
    struct diags d = { 0 };
    const char *why = guest_name_problem(o->name);
    int i, rc = -1;

    if (why) {
        fprintf(stderr, "xyl: '%s' cannot be a guest name: %s\n", o->name, why);
        return -1;
    }
    load_guest_file(o->src, &c.g, &d);
    if (!d.errors && host_config_load(&hc, o->config, &d) == 0)
        images_resolve(&c.g, hc.images, &d);
    if (d.errors) {
        diags_print(&d, stderr);
        goto out;
    }
    diags_print(&d, stderr);    /* warnings */
    if (c.g.name && !strcmp(c.g.name, o->name)) {
        fprintf(stderr, "xyl: the clone needs a name other than '%s'\n", o->name);
        goto out;
    }
    if (claim_output(&c) || make_overlays(&c, hc.images) || reset_machine_ids(&c, out) ||
        write_yaml(&c, out))
        goto out;
    for (i = 0; i < c.g.n_disks; i++)
        if (c.overlay[i])
            fprintf(out, "disk %s: %s, a qcow2 overlay on %s (do not write to %s while the "
                    "clone exists: start %s from a clone of its own)\n", c.g.disks[i].parsed_vdev,
                    c.overlay[i], c.g.disks[i].target, c.g.disks[i].target, c.g.name);
    rc = 0;
out:
    if (rc) {
        if (c.yaml_fd >= 0)
            close(c.yaml_fd);
        if (c.yaml_path && unlink(c.yaml_path) == 0)
            fprintf(out, "removed %s (created by this run)\n", c.yaml_path);
        images_rollback(&c.made, out);
    }
    for (i = 0; c.overlay && i < c.g.n_disks; i++)
        free(c.overlay[i]);
    free(c.overlay);
    free(c.yaml_path);
    image_list_free(&c.made);
    host_config_free(&hc);
    guest_free(&c.g);
    diags_free(&d);
    return rc;
}
