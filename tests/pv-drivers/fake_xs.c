/*
 * fake_xs.c - see fake_xs.h.  One handle, one transaction at a time (all
 * xb_dev.c needs); a transaction is a snapshot that abort restores.  Every
 * entry point holds one lock, so a daemon's two threads and a test may
 * call in at once (test_hand.c).
 */
#define _GNU_SOURCE
#include "fake_xs.h"
#include "fake_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXN 8192
#define MAXP 4

struct node {
    char *path, *val;
    unsigned hash;              /* of path: most lookups end here */
    unsigned len;
    struct xs_permissions perms[MAXP];
    int nperms;
};

struct db {
    struct node n[MAXN];
    int count;
};

static struct db db;
/* Open transactions by id (1..MAXT): a snapshot each, put back on an abort
 * or a conflict only if the transaction wrote (a daemon may hold an empty
 * one open beside the ones it writes in: pv_dev.c's write rate limit). */
#define MAXT 4
static struct tx { bool open, wrote; struct db snap; } txs[MAXT];
static int fail_after, conflicts, watches, pipefd[2] = { -1, -1 };
static bool fail_rm;
static struct xs_handle *const the_handle = (struct xs_handle *)&db;

/* Registered watches and the events they fired (like xenstored: a write
 * fires every watch at or above the path, an rm also those below it). */
#define MAXW 512
struct watch { char *path, *token; };
static struct watch wl[MAXW];
static int nw;
struct event { char *path, *token; };
static struct event *evq;
static size_t evq_head, evq_len, evq_cap;
static long reads, writes;

static pthread_mutex_t fx_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/* the test API's entry points; the libxenstore ones also count a call
 * from a thread that fake_xs_count_thread() marked */
#define GUARD FAKE_GUARD(fx_lock)
static __thread bool marked;
static long marked_calls;
#define XS_GUARD GUARD; \
    if (marked) \
        marked_calls++

/* Reads of paths under blocked_prefix wait until it is cleared (a
 * xenstored that does not answer); own lock, not held by a waiting read. */
static pthread_mutex_t block_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t block_cond = PTHREAD_COND_INITIALIZER;
static char blocked_prefix[256];
static int blocked_now;

static void maybe_block(const char *path)
{
    pthread_mutex_lock(&block_lock);
    if (blocked_prefix[0] && !strncmp(path, blocked_prefix, strlen(blocked_prefix))) {
        blocked_now++;
        pthread_cond_broadcast(&block_cond);
        while (blocked_prefix[0] && !strncmp(path, blocked_prefix, strlen(blocked_prefix)))
            pthread_cond_wait(&block_cond, &block_lock);
        blocked_now--;
    }
    pthread_mutex_unlock(&block_lock);
}

void fake_xs_block_reads(const char *prefix)
{
    pthread_mutex_lock(&block_lock);
    snprintf(blocked_prefix, sizeof(blocked_prefix), "%s", prefix ? prefix : "");
    pthread_cond_broadcast(&block_cond);
    pthread_mutex_unlock(&block_lock);
}

bool fake_xs_wait_blocked(int n, int ms)
{
    struct timespec until;
    bool ok;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&block_lock);
    while (blocked_now != n && pthread_cond_timedwait(&block_cond, &block_lock, &until) == 0)
        ;
    ok = blocked_now == n;
    pthread_mutex_unlock(&block_lock);
    return ok;
}

int fake_xs_blocked(void)
{
    int n;

    pthread_mutex_lock(&block_lock);
    n = blocked_now;
    pthread_mutex_unlock(&block_lock);
    return n;
}

void fake_xs_count_thread(bool on) { marked = on; }
long fake_xs_thread_calls(void) { GUARD; return marked_calls; }

bool fake_xs_is(const char *path, const char *value)
{
    GUARD;
    const char *v = fake_xs_value(path);

    return v ? value && !strcmp(v, value) : !value;
}

/* The watch pipe is readable while events are queued (like libxenstore's). */
static void pipe_signal(bool readable)
{
    char c = 0;

    if (pipefd[0] < 0)
        return;
    if (readable)
        (void)!write(pipefd[1], &c, 1);
    else
        while (read(pipefd[0], &c, 1) == 1)
            ;
}

static void queue_event(const char *path, const char *token)
{
    if (evq_len == evq_head)
        pipe_signal(true);
    if (evq_len == evq_cap) {
        evq_cap = evq_cap ? evq_cap * 2 : 64;
        evq = realloc(evq, evq_cap * sizeof(*evq));
    }
    evq[evq_len].path = strdup(path);
    evq[evq_len].token = strdup(token);
    evq_len++;
}

static bool below(const char *path, const char *prefix);

static void fire(const char *path, bool rm)
{
    int i;

    for (i = 0; i < nw; i++)
        if (below(path, wl[i].path) || (rm && below(wl[i].path, path)))
            queue_event(path, wl[i].token);
}

static void db_free(struct db *d)
{
    int i;

    for (i = 0; i < d->count; i++) {
        free(d->n[i].path);
        free(d->n[i].val);
    }
    d->count = 0;
}

static void db_copy(struct db *to, const struct db *from)
{
    int i;

    db_free(to);
    for (i = 0; i < from->count; i++) {
        to->n[i] = from->n[i];
        to->n[i].path = strdup(from->n[i].path);
        to->n[i].val = malloc(from->n[i].len + 1);
        memcpy(to->n[i].val, from->n[i].val, from->n[i].len + 1);
    }
    to->count = from->count;
}

static unsigned hash(const char *s)
{
    unsigned h = 5381;

    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static struct node *find(const char *path)
{
    unsigned h = hash(path);
    int i;

    for (i = 0; i < db.count; i++)
        if (db.n[i].hash == h && !strcmp(db.n[i].path, path))
            return &db.n[i];
    return NULL;
}

static bool below(const char *path, const char *prefix)
{
    size_t l = strlen(prefix);

    return !strncmp(path, prefix, l) && (path[l] == '\0' || path[l] == '/');
}

/* Create path (and missing parents), each inheriting its parent's perms. */
static struct node *create(const char *path)
{
    struct node *n = find(path), *parent = NULL;
    char *up, *slash;

    if (n)
        return n;
    up = strdup(path);
    slash = strrchr(up, '/');
    if (slash && slash != up) {
        *slash = '\0';
        parent = create(up);
    } else {
        parent = find("/");
    }
    free(up);
    if (db.count == MAXN)
        abort();
    n = &db.n[db.count++];
    memset(n, 0, sizeof(*n));
    n->path = strdup(path);
    n->hash = hash(path);
    n->val = calloc(1, 1);
    if (parent) {
        memcpy(n->perms, parent->perms, sizeof(n->perms));
        n->nperms = parent->nperms;
    } else {
        n->perms[0].id = 0;
        n->perms[0].perms = XS_PERM_NONE;
        n->nperms = 1;
    }
    return n;
}

static bool injected_failure(void)
{
    if (fail_after > 0 && --fail_after == 0) {
        errno = EACCES;
        return true;
    }
    return false;
}

void fake_xs_reset(void)
{
    GUARD;
    db_free(&db);
    for (int i = 0; i < MAXT; i++) {
        db_free(&txs[i].snap);
        txs[i].open = txs[i].wrote = false;
    }
    fail_after = conflicts = watches = 0;
    fail_rm = false;
    fake_xs_drop_events();
    while (nw > 0) {
        nw--;
        free(wl[nw].path);
        free(wl[nw].token);
    }
    reads = writes = 0;
    marked_calls = 0;
    create("/")->perms[0].perms = XS_PERM_NONE;
}

void fake_xs_fail_after(int n) { GUARD; fail_after = n; }
void fake_xs_conflicts(int n) { GUARD; conflicts = n; }
void fake_xs_fail_rm(bool on) { GUARD; fail_rm = on; }
int fake_xs_watches(void) { GUARD; return watches; }
long fake_xs_reads(void) { GUARD; return reads; }
long fake_xs_writes(void) { GUARD; return writes; }
size_t fake_xs_events_queued(void) { GUARD; return evq_len - evq_head; }

void fake_xs_drop_events(void)
{
    GUARD;
    while (evq_head < evq_len) {
        free(evq[evq_head].path);
        free(evq[evq_head].token);
        evq_head++;
    }
    evq_head = evq_len = 0;
    pipe_signal(false);
}
int fake_xs_transactions_open(void)
{
    GUARD;
    int i, n = 0;

    for (i = 0; i < MAXT; i++)
        n += txs[i].open;
    return n;
}

/* A change made inside transaction t: an abort of t puts the snapshot back. */
static void tx_wrote(xs_transaction_t t)
{
    if (t != XBT_NULL && t <= MAXT && txs[t - 1].open)
        txs[t - 1].wrote = true;
}

int fake_xs_count(const char *prefix)
{
    GUARD;
    int i, c = 0;

    for (i = 0; i < db.count; i++)
        c += below(db.n[i].path, prefix);
    return c;
}

bool fake_xs_exists(const char *path) { GUARD; return find(path) != NULL; }

const char *fake_xs_value(const char *path)
{
    GUARD;
    struct node *n = find(path);

    return n ? n->val : NULL;
}

int fake_xs_perms(const char *path, struct xs_permissions *p, int max)
{
    GUARD;
    struct node *n = find(path);

    if (!n)
        return -1;
    memcpy(p, n->perms, sizeof(*p) * (size_t)(n->nperms < max ? n->nperms : max));
    return n->nperms;
}

void fake_xs_set_perms(const char *path, const struct xs_permissions *p, int n)
{
    GUARD;
    struct node *nd = create(path);

    memcpy(nd->perms, p, sizeof(*p) * (size_t)n);
    nd->nperms = n;
}

void fake_xs_set(const char *path, const char *value)
{
    GUARD;
    struct node *n = create(path);

    free(n->val);
    n->val = strdup(value);
    n->len = (unsigned)strlen(value);
}

/* ---- the libxenstore API ---- */

struct xs_handle *xs_open(unsigned long flags)
{
    XS_GUARD;
    (void)flags;
    return the_handle;
}

void xs_close(struct xs_handle *h) { XS_GUARD; (void)h; }

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
{
    maybe_block(path);
    XS_GUARD;
    struct node *n = find(path);
    char *v;

    (void)h; (void)t;
    reads++;
    if (!n) {
        errno = ENOENT;
        return NULL;
    }
    v = malloc(n->len + 1);
    memcpy(v, n->val, n->len + 1);
    if (len)
        *len = n->len;
    return v;
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
              unsigned int len)
{
    XS_GUARD;
    struct node *n;

    (void)h;
    writes++;
    if (injected_failure())
        return false;
    tx_wrote(t);
    n = create(path);
    free(n->val);
    n->val = malloc(len + 1);
    memcpy(n->val, data, len);
    n->val[len] = '\0';
    n->len = len;
    fire(path, false);
    return true;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    XS_GUARD;
    (void)h;
    if (injected_failure())
        return false;
    tx_wrote(t);
    create(path);
    fire(path, false);
    return true;
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    XS_GUARD;
    int i, j = 0;

    (void)h;
    if (injected_failure())
        return false;
    tx_wrote(t);
    if (fail_rm) {
        errno = EIO;
        return false;
    }
    if (!find(path)) {
        /* like xenstored: ENOENT only if the parent exists, else EINVAL */
        char *up = strdup(path), *slash = strrchr(up, '/');

        if (slash)
            *slash = '\0';
        errno = slash && slash != up && !find(up) ? EINVAL : ENOENT;
        free(up);
        return false;
    }
    for (i = 0; i < db.count; i++) {
        if (below(db.n[i].path, path)) {
            free(db.n[i].path);
            free(db.n[i].val);
        } else {
            db.n[j++] = db.n[i];
        }
    }
    db.count = j;
    fire(path, true);
    return true;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
{
    XS_GUARD;
    size_t l = strlen(path), size = 0;
    int i;
    unsigned k = 0;
    char **v, *s;

    (void)h; (void)t;
    if (!find(path)) {
        errno = ENOENT;
        return NULL;
    }
    *num = 0;
    for (i = 0; i < db.count; i++) {
        const char *p = db.n[i].path;
        if (!strncmp(p, path, l) && p[l] == '/' && !strchr(p + l + 1, '/')) {
            (*num)++;
            size += strlen(p + l + 1) + 1;
        }
    }
    /* one block, like libxenstore: the caller frees only the array */
    v = malloc((*num + 1) * sizeof(char *) + size);
    s = (char *)(v + *num + 1);
    for (i = 0; i < db.count; i++) {
        const char *p = db.n[i].path;
        if (!strncmp(p, path, l) && p[l] == '/' && !strchr(p + l + 1, '/')) {
            v[k++] = s;
            strcpy(s, p + l + 1);
            s += strlen(s) + 1;
        }
    }
    v[k] = NULL;
    return v;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t,
                                          const char *path, unsigned int *num)
{
    XS_GUARD;
    struct node *n = find(path);
    struct xs_permissions *p;

    (void)h; (void)t;
    if (!n) {
        errno = ENOENT;
        return NULL;
    }
    p = malloc(sizeof(*p) * (size_t)n->nperms);
    memcpy(p, n->perms, sizeof(*p) * (size_t)n->nperms);
    *num = (unsigned)n->nperms;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
                        struct xs_permissions *perms, unsigned int num)
{
    XS_GUARD;
    struct node *n = find(path);

    (void)h;
    if (injected_failure())
        return false;
    tx_wrote(t);
    if (!n || num == 0 || num > MAXP) {
        errno = n ? EINVAL : ENOENT;
        return false;
    }
    memcpy(n->perms, perms, num * sizeof(*perms));
    n->nperms = (int)num;
    return true;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    XS_GUARD;
    int i;

    (void)h;
    for (i = 0; i < MAXT && txs[i].open; i++)
        ;
    if (i == MAXT)
        abort();            /* more open at once than any caller holds */
    db_copy(&txs[i].snap, &db);
    txs[i].open = true;
    txs[i].wrote = false;
    return (xs_transaction_t)i + 1;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort_it)
{
    XS_GUARD;
    struct tx *x;

    (void)h;
    if (t == XBT_NULL || t > MAXT || !txs[t - 1].open)
        abort();
    x = &txs[t - 1];
    x->open = false;
    if (!abort_it && conflicts > 0) {
        conflicts--;
        errno = EAGAIN;
        if (x->wrote)
            db_copy(&db, &x->snap);
        return false;
    }
    if (abort_it && x->wrote)
        db_copy(&db, &x->snap);
    return true;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    XS_GUARD;
    (void)h;
    watches++;
    if (nw < MAXW) {
        wl[nw].path = strdup(path);
        wl[nw].token = strdup(token);
        nw++;
    }
    queue_event(path, token);       /* xenstored fires a new watch once */
    return true;
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    XS_GUARD;
    int i;

    (void)h;
    watches--;
    for (i = 0; i < nw; i++) {
        if (!strcmp(wl[i].path, path) && !strcmp(wl[i].token, token)) {
            free(wl[i].path);
            free(wl[i].token);
            wl[i] = wl[--nw];
            break;
        }
    }
    return true;
}

int xs_fileno(struct xs_handle *h)
{
    XS_GUARD;
    (void)h;
    if (pipefd[0] < 0 && pipe2(pipefd, O_NONBLOCK | O_CLOEXEC))
        return -1;
    if (evq_len != evq_head)
        pipe_signal(true);
    return pipefd[0];
}

char **xs_check_watch(struct xs_handle *h)
{
    XS_GUARD;
    struct event *e;
    size_t lp, lt;
    char **v;

    (void)h;
    if (evq_head == evq_len) {
        evq_head = evq_len = 0;
        pipe_signal(false);
        errno = EAGAIN;
        return NULL;
    }
    e = &evq[evq_head++];
    /* one block, like libxenstore: the caller frees only the array */
    lp = strlen(e->path) + 1;
    lt = strlen(e->token) + 1;
    v = malloc(2 * sizeof(char *) + lp + lt);
    v[XS_WATCH_PATH] = (char *)(v + 2);
    v[XS_WATCH_TOKEN] = v[XS_WATCH_PATH] + lp;
    memcpy(v[XS_WATCH_PATH], e->path, lp);
    memcpy(v[XS_WATCH_TOKEN], e->token, lt);
    free(e->path);
    free(e->token);
    return v;
}
