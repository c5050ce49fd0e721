/*
 * block.c - see block.h.  The steps, their order and the messages follow
 * the scripts; the values they read are checked first (block_req.h).
 */
#define _GNU_SOURCE
#include "block.h"
#include "hp_lock.h"
#include "loop_dev.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* loop devices bound to one file that the sharing check looks at */
#define SHARED_MAX 64

struct run {
    const struct block_req *r;
    const struct hp_xs *xs;
    const struct block_sys *sys;
    char *why;
    size_t whylen;
    const char *status;         /* a failure's hotplug-status: error or busy */
    struct hp_lock lock;
    unsigned fe;                /* the frontend's domain */
    char *fe_vm;                /* its /vm path, or "unknown" */
    char mode;                  /* block_mode() of `mode` */
};

/* a failure: the reason in why, the hotplug-status it gets; -1 */
static int fail(struct run *x, const char *status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct run *x, const char *status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(x->why, x->whylen, fmt, ap);
    va_end(ap);
    x->status = status;
    return -1;
}

/* fatal() of xen-hotplug-common.sh, ebusy() of block-common.sh */
#define fatal(x, ...) fail((x), "error", __VA_ARGS__)
#define ebusy(x, ...) fail((x), "busy", __VA_ARGS__)

static char *be_read(struct run *x, const char *node)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", x->r->be, node);
    return x->xs->read(x->xs->ctx, path);
}

/* The backend nodes add and remove read, each checked before it is
 * used: its rule (0 with the result in out, or -1) and, for a value the
 * rule refuses, the message's "NODE 'VALUE' is not WHAT" (VALUE cut to
 * shown bytes). */
struct node_rule {
    const char *node;
    bool need;          /* missing or empty: xenstore_read failed (else: nothing to do) */
    int (*check)(const char *v, void *out);
    int shown;
    const char *what;
};

static int rule_domid(const char *v, void *out)
{
    return hp_domid(v, out);
}

static int rule_mode(const char *v, void *out)
{
    *(char *)out = block_mode(v);
    return 0;
}

static int rule_target(const char *v, void *out)
{
    return block_target(v, out, PATH_MAX);
}

static int rule_loop(const char *v, void *out)
{
    return block_loop_node(v, out);
}

enum { NODE_FRONTEND, NODE_MODE, NODE_PARAMS, NODE_LOOP };
static const struct node_rule node_rules[] = {
    [NODE_FRONTEND] = { "frontend-id", true, rule_domid, 16, "a domain id" },
    [NODE_MODE] = { "mode", true, rule_mode, 0, NULL },
    [NODE_PARAMS] = { "params", true, rule_target, 64, "an absolute path nor a device name" },
    [NODE_LOOP] = { "node", false, rule_loop, 64, "a loop device" },
};

/* The node of rule k read and checked: 0 with its result in out, 1 for
 * an optional node missing or empty, or -1 (fatal). */
static int be_checked(struct run *x, int k, void *out)
{
    const struct node_rule *c = &node_rules[k];
    char *v = be_read(x, c->node);
    int e;

    if (!v || !*v) {
        free(v);
        return c->need ? fatal(x, "xenstore-read %s/%s failed.", x->r->be, c->node) : 1;
    }
    e = c->check(v, out);
    if (e)
        fatal(x, "%s '%.*s' is not %s", c->node, c->shown, v, c->what);
    free(v);
    return e ? -1 : 0;
}

static int be_write(struct run *x, const char *node, const char *value)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", x->r->be, node);
    if (x->xs->write(x->xs->ctx, path, value))
        return fatal(x, "Writing %s %s to xenstore failed.", path, value);
    return 0;
}

/* xenstore_read_default: the value, or a copy of def */
static char *read_default(struct run *x, const char *path, const char *def)
{
    char *v = x->xs->read(x->xs->ctx, path);

    return v ? v : strdup(def);
}

/* /local/domain/D/NODE, def when missing */
static char *dom_read(struct run *x, unsigned dom, const char *node, const char *def)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", dom, node);
    return read_default(x, path, def);
}

/* the vm of the domain whose device model dom serves (its `target`),
 * else def */
static char *target_vm(struct run *x, unsigned dom, const char *def)
{
    char *t = dom_read(x, dom, "target", "-1"), *vm;
    unsigned td;

    vm = t && hp_domid(t, &td) == 0 ? dom_read(x, td, "vm", def) : strdup(def);
    free(t);
    return vm;
}

static bool same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* same_vm of block-common.sh (Xen 4.17.5 on, Debian's 4.17.7): the other domain is our
 * frontend's VM, or the device model of it, or the other way round.  A
 * domain gone from /local/domain counts as ours (it is being destroyed). */
static bool same_vm(struct run *x, unsigned other)
{
    char *othervm = dom_read(x, other, "vm", x->fe_vm);
    char *targetvm = target_vm(x, x->fe, "No Target");
    char *otvm = target_vm(x, other, "No Other Target");
    char fu[256];
    size_t n;
    bool r;

    snprintf(fu, sizeof(fu), "%s", x->fe_vm);
    n = strlen(fu);
    if (n >= 2 && !strcmp(fu + n - 2, "-1"))
        fu[n - 2] = '\0';
    r = same(fu, othervm) || same(targetvm, othervm) || same(fu, otvm) || same(targetvm, otvm);
    free(othervm);
    free(targetvm);
    free(otvm);
    return r;
}

static void mm_str(dev_t d, char *out, size_t len)
{
    snprintf(out, len, "%x:%x", major(d), minor(d));
}

static bool in_list(const dev_t *devs, int n, const char *mm)
{
    char s[24];
    int i;

    for (i = 0; i < n; i++) {
        mm_str(devs[i], s, sizeof(s));
        if (!strcmp(s, mm))
            return true;
    }
    return false;
}

/* dom0's mounts (mode r: the read-write ones only): 1 and the device in d
 * when one of devs is mounted, else 0 */
static int mounted(struct run *x, const dev_t *devs, int n, char *d, size_t dlen)
{
    FILE *f = fopen(x->sys->mounts, "re");
    char *line = NULL, *src, *opts, *save;
    size_t cap = 0;
    struct stat st;
    int hit = 0, k;

    if (!f)
        return 0;
    while (!hit && getline(&line, &cap, f) > 0) {
        src = strtok_r(line, " \n", &save);
        for (k = 0, opts = NULL; k < 3; k++)
            opts = strtok_r(NULL, " \n", &save);
        if (!src || !opts || src[0] != '/')
            continue;
        if (x->mode != 'w' && !strncmp(opts, "ro", 2) && (opts[2] == ',' || !opts[2]))
            continue;
        if (stat(src, &st) == 0 && S_ISBLK(st.st_mode)) {
            mm_str(st.st_rdev, d, dlen);
            hit = in_list(devs, n, d);
        }
    }
    free(line);
    fclose(f);
    return hit;
}

/* another VM's vbd on one of devs (mode r: a read-write one): 1 and its
 * physical-device in d, else 0 */
static int guest_has(struct run *x, const dev_t *devs, int n, char *d, size_t dlen)
{
    char **doms, **vbds, path[192], *pd, *m;
    unsigned nd = 0, nv, i, j, dom, id;
    int hit = 0;

    doms = x->xs->list(x->xs->ctx, x->r->base, &nd);
    for (i = 0; doms && i < nd && !hit; i++) {
        if (hp_domid(doms[i], &dom))
            continue;
        snprintf(path, sizeof(path), "%s/%u", x->r->base, dom);
        nv = 0;
        vbds = x->xs->list(x->xs->ctx, path, &nv);
        for (j = 0; vbds && j < nv && !hit; j++) {
            if (hp_uint(vbds[j], strlen(vbds[j]), 0x7fffffff, &id))
                continue;
            snprintf(path, sizeof(path), "%s/%u/%u/physical-device", x->r->base, dom, id);
            pd = x->xs->read(x->xs->ctx, path);
            if (pd && *pd && in_list(devs, n, pd)) {
                bool writer = x->mode == 'w';
                if (!writer) {
                    snprintf(path, sizeof(path), "%s/%u/%u/mode", x->r->base, dom, id);
                    m = x->xs->read(x->xs->ctx, path);
                    writer = block_mode(m) == 'w';
                    free(m);
                }
                if (writer && !same_vm(x, dom)) {
                    snprintf(d, dlen, "%s", pd);
                    hit = 1;
                }
            }
            free(pd);
        }
        free(vbds);
    }
    free(doms);
    return hit;
}

/* check_sharing + do_ebusy: 0 when the devices may be used in x->mode,
 * else ebusy with the script's message (what names prefix's %s) */
static int check_sharing(struct run *x, const dev_t *devs, int n, bool file, const char *what)
{
    bool guest;
    char d[256], prefix[PATH_MAX + 320];

    if (mounted(x, devs, n, d, sizeof(d)))
        guest = false;
    else if (guest_has(x, devs, n, d, sizeof(d)))
        guest = true;
    else
        return 0;
    if (file)
        snprintf(prefix, sizeof(prefix), "File %s is loopback-mounted through %s,\nwhich is mounted ",
                 what, d);
    else
        snprintf(prefix, sizeof(prefix), "Device %s is mounted ", what);
    return ebusy(x, "%s%sin %sdomain,\nand so cannot be mounted %s%s.", prefix,
                 x->mode == 'w' ? "" : "read-write ", guest ? "a guest " : "the privileged ",
                 x->mode == 'w' ? "" : "read-only ", guest ? "now" : "by a guest");
}

/* write_dev + success */
static int write_dev(struct run *x, const char *path, dev_t rdev)
{
    char mm[24];

    mm_str(rdev, mm, sizeof(mm));
    if (be_write(x, "physical-device", mm) || be_write(x, "physical-device-path", path))
        return -1;
    return be_write(x, "hotplug-status", "connected");
}

static int claim(struct run *x)
{
    int e = hp_lock_claim(&x->lock, x->sys->lock_dir, "block");

    return e ? fatal(x, "cannot take the lock %s/block: %s", x->sys->lock_dir, strerror(-e)) : 0;
}

static int add_phy(struct run *x, const char *target)
{
    char dev[PATH_MAX];
    struct stat st;

    if (lstat(target, &st) == 0 && S_ISLNK(st.st_mode)) {
        if (!realpath(target, dev))
            return fatal(x, "%s link does not exist.", target);
    } else {
        snprintf(dev, sizeof(dev), "%s", target);
    }
    if (stat(dev, &st))
        return fatal(x, "%s does not exist.", dev);
    if (!S_ISBLK(st.st_mode))
        return fatal(x, "%s is not a block device.", dev);
    if (claim(x))
        return -1;
    if (x->mode != '!' && check_sharing(x, &st.st_rdev, 1, false, dev))
        return -1;
    return write_dev(x, dev, st.st_rdev);
}

static int add_file(struct run *x, const char *target)
{
    char file[PATH_MAX], *state, node[32];
    dev_t shared[SHARED_MAX], rdev;
    struct stat st, fst;
    unsigned n;
    int fd, k;

    if (!realpath(target, file))
        return fatal(x, "%s does not exist.", target);
    if (stat(file, &st) || !S_ISREG(st.st_mode))
        return fatal(x, "%s does not exist.", file);
    if (claim(x))
        return -1;
    /* a remove racing us: the backend left InitWait (a timeout) */
    state = be_read(x, "state");
    if (!state || strcmp(state, "2")) {
        fatal(x, "Path closed or removed during hotplug add: %s state: %.16s", x->r->be,
              state ? state : "unknown");
        free(state);
        return -1;
    }
    free(state);
    if (x->mode == 'w' && !(st.st_mode & 0222))
        return ebusy(x, "File %s is read-only, and so I will not\nmount it read-write in a guest "
                     "domain.", file);
    if (x->mode != '!') {
        k = loop_find(st.st_dev, st.st_ino, shared, SHARED_MAX);
        if (k < 0)
            return fatal(x, "cannot list the loop devices: %s", strerror(-k));
        if (k > 0 && check_sharing(x, shared, k, true, file))
            return -1;
    }
    fd = open(file, (x->mode == 'r' ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fatal(x, "cannot open %s %s: %s", file, x->mode == 'r' ? "read-only" : "read-write",
                     strerror(errno));
    /* what was checked is what is bound */
    if (fstat(fd, &fst) || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
        close(fd);
        return fatal(x, "%s changed while it was checked", file);
    }
    k = loop_attach(fd, x->mode == 'r', file, &n, &rdev);
    close(fd);
    if (k == -EBUSY || k == -ENODEV)
        return fatal(x, "Failed to find an unused loop device");
    if (k)
        return fatal(x, "cannot bind a loop device to %s: %s", file, strerror(-k));
    snprintf(node, sizeof(node), "/dev/loop%u", n);
    if (be_write(x, "node", node) || write_dev(x, node, rdev)) {
        loop_detach(n, false, 0, 0);     /* nothing half-done */
        return -1;
    }
    return 0;
}

static int add(struct run *x)
{
    char *v, target[PATH_MAX];
    struct stat st;

    v = be_read(x, "physical-device");
    if (v) {                /* called twice: done already */
        free(v);
        return 0;
    }
    if (be_checked(x, NODE_FRONTEND, &x->fe) || be_checked(x, NODE_MODE, &x->mode) ||
        be_checked(x, NODE_PARAMS, target))
        return -1;
    x->fe_vm = dom_read(x, x->fe, "vm", "unknown");
    if (!x->fe_vm)
        return fatal(x, "out of memory");
    if (stat(target, &st))
        return fatal(x, "%s does not exist.", target);
    if (S_ISBLK(st.st_mode))
        return add_phy(x, target);
    if (S_ISREG(st.st_mode))
        return add_file(x, target);
    return fatal(x, "%s is neither a block device nor a file", target);
}

/* the identity of params' file, when it is still one */
static bool params_file(struct run *x, struct stat *st)
{
    char *v = be_read(x, "params"), target[PATH_MAX];
    bool ok = v && block_target(v, target, sizeof(target)) == 0 && stat(target, st) == 0 &&
              S_ISREG(st->st_mode);

    free(v);
    return ok;
}

static int remove_dev(struct run *x)
{
    struct stat st;
    unsigned n;
    bool check;
    int e;

    if (claim(x))
        return -1;
    e = be_checked(x, NODE_LOOP, &n);
    if (e)                      /* 1: a block device, or nothing bound */
        return e < 0 ? -1 : 0;
    check = params_file(x, &st);
    e = loop_detach(n, check, check ? st.st_dev : 0, check ? st.st_ino : 0);
    if (e < 0)
        return fatal(x, "cannot detach /dev/loop%u: %s", n, strerror(-e));
    if (e == 1)     /* a note, not a failure */
        snprintf(x->why, x->whylen, "/dev/loop%u is bound to another file now: left alone", n);
    return 0;
}

int block_run(const struct block_req *r, const struct hp_xs *xs, const struct block_sys *sys,
              char *why, size_t whylen)
{
    struct run x = { r, xs, sys, why, whylen, NULL, { -1, "" }, 0, NULL, 'r' };
    int e;

    why[0] = '\0';
    e = r->cmd == BLOCK_ADD ? add(&x) : remove_dev(&x);
    hp_lock_release(&x.lock);
    free(x.fe_vm);
    if (e && x.status) {
        char path[192];
        snprintf(path, sizeof(path), "%s/hotplug-error", r->be);
        (void)xs->write(xs->ctx, path, why);
        snprintf(path, sizeof(path), "%s/hotplug-status", r->be);
        (void)xs->write(xs->ctx, path, x.status);
    }
    return e;
}
