/*
 * savefile.c - xl's save-file header, robust fd I/O and the byte pump.
 */
#define _GNU_SOURCE     /* splice */
#include "domain/savefile.h"
#include "base/util.h"
#include "xen/xs_data.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char xl_savefile_magic[32] = "Xen saved domain, xl format\n \0 \r";

#define MAX_OPTDATA (16u << 20)     /* a domain config is a few KiB */

int fd_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    ssize_t w;

    while (n) {
        w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd pfd = { fd, POLLOUT, 0 };
                poll(&pfd, 1, -1);
                continue;
            }
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int fd_read_exact(int fd, void *buf, size_t n)
{
    char *p = buf;
    ssize_t r;

    while (n) {
        r = read(fd, p, n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd pfd = { fd, POLLIN, 0 };
                poll(&pfd, 1, -1);
                continue;
            }
            return -1;
        }
        if (r == 0)
            return 1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int fd_read_line(int fd, char *buf, size_t len)
{
    size_t i = 0;
    int r;

    for (;;) {
        char c;
        r = fd_read_exact(fd, &c, 1);
        if (r)
            return r;
        if (c == '\n')
            break;
        if (i + 1 >= len) {
            errno = EMSGSIZE;
            return -1;
        }
        buf[i++] = c;
    }
    buf[i] = '\0';
    return 0;
}

int savefile_config_json(libxl_ctx *ctx, uint32_t domid, char **json, char **name)
{
    libxl_domain_config dc;
    int rc = -1;

    *json = *name = NULL;
    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc, NULL)) {
        fprintf(stderr, "xyl: cannot retrieve the configuration of domain %u from libxl\n", domid);
        goto out;
    }
    dc.c_info.domid = 0;        /* like xl save without -D: a fresh domid on restore */
    *json = libxl_domain_config_to_json(ctx, &dc);
    if (!*json) {
        fprintf(stderr, "xyl: libxl could not convert the configuration of domain %u to JSON\n", domid);
        goto out;
    }
    *name = xstrdup(dc.c_info.name ? dc.c_info.name : "");
    rc = 0;
out:
    libxl_domain_config_dispose(&dc);
    return rc;
}

/* The data/ keys as "key\0value\0" pairs, each key checked again here so
 * that what we write we would also accept on reading. */
static int encode_data(struct strbuf *sb, const struct xyl_kvlist *data)
{
    int i;

    if (data && data->n > SAVEFILE_MAX_PAIRS) {
        errno = E2BIG;          /* never a file whose pairs a reader refuses */
        return -1;
    }
    for (i = 0; data && i < data->n; i++) {
        if (!xs_data_key_ok(data->v[i].key) || strlen(data->v[i].value) > XS_DATA_VALUE_MAX)
            continue;
        sb_add(sb, data->v[i].key, strlen(data->v[i].key) + 1);
        sb_add(sb, data->v[i].value, strlen(data->v[i].value) + 1);
    }
    return 0;
}

int savefile_write_header(int fd, const char *json, const struct xyl_kvlist *data)
{
    struct xl_savefile_header h;
    struct strbuf ext = STRBUF_INIT;
    uint32_t clen = (uint32_t)strlen(json) + 1;     /* with its NUL, as xl */
    uint32_t elen;
    int rc = 0;

    if (encode_data(&ext, data))
        return -1;
    elen = (uint32_t)ext.len;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, xl_savefile_magic, sizeof(h.magic));
    h.byteorder = XL_SAVEFILE_BYTEORDER;
    h.mandatory_flags = XL_MANDATORY_FLAG_STREAMv2 | XL_MANDATORY_FLAG_JSON;
    h.optional_flags = 0;
    h.optional_data_len = (uint32_t)sizeof(clen) + clen;
    if (elen)
        h.optional_data_len += XYL_EXT_TAG_LEN + (uint32_t)sizeof(elen) + elen;
    if (fd_write_all(fd, &h, sizeof(h)) || fd_write_all(fd, &clen, sizeof(clen)) ||
        fd_write_all(fd, json, clen))
        rc = -1;
    else if (elen && (fd_write_all(fd, XYL_EXT_TAG, XYL_EXT_TAG_LEN) ||
                      fd_write_all(fd, &elen, sizeof(elen)) || fd_write_all(fd, ext.buf, elen)))
        rc = -1;
    sb_free(&ext);
    return rc;
}

int savefile_parse_data(const unsigned char *p, size_t n, struct xyl_kvlist *out)
{
    const unsigned char *end = p + n;
    int alloc = 0;

    out->v = NULL;
    out->n = 0;
    while (p < end) {
        const unsigned char *k = p, *v, *z;

        z = memchr(k, 0, (size_t)(end - k));
        if (!z)
            goto bad;
        v = z + 1;
        z = v < end ? memchr(v, 0, (size_t)(end - v)) : NULL;
        if (!z)
            goto bad;
        if (out->n >= SAVEFILE_MAX_PAIRS || !xs_data_key_ok((const char *)k) ||
            strlen((const char *)v) > XS_DATA_VALUE_MAX)
            goto bad;
        ALLOC_GROW(out->v, out->n, alloc);
        memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
        out->v[out->n].key = xstrdup((const char *)k);
        out->v[out->n].value = xstrdup((const char *)v);
        out->n++;
        p = z + 1;
    }
    return 0;
bad:
    kvlist_free(out);
    return -1;
}

/* What follows the config in the optional data: xyl's data/ keys, or
 * nothing we know (written by someone else: ignored, as xl ignores ours). */
static void read_extension(const unsigned char *p, size_t n, const char *what,
                           struct xyl_kvlist *data)
{
    uint32_t elen;

    if (n < XYL_EXT_TAG_LEN + sizeof(elen) || memcmp(p, XYL_EXT_TAG, XYL_EXT_TAG_LEN))
        return;
    memcpy(&elen, p + XYL_EXT_TAG_LEN, sizeof(elen));
    p += XYL_EXT_TAG_LEN + sizeof(elen);
    n -= XYL_EXT_TAG_LEN + sizeof(elen);
    if (elen > n || savefile_parse_data(p, elen, data))
        fprintf(stderr, "xyl: %s: ignoring its malformed xenstore data keys; "
                "the guest comes back without them\n", what);
}

const char *savefile_check_header(const struct xl_savefile_header *h)
{
    if (memcmp(h->magic, xl_savefile_magic, sizeof(h->magic)))
        return "not an xl/xyl save file (wrong magic)";
    if (h->byteorder != XL_SAVEFILE_BYTEORDER)
        return "saved on a host of the other byte order";
    if (h->mandatory_flags & ~XL_MANDATORY_FLAG_ALL)
        return "written by a newer xl (unknown mandatory flags)";
    if (h->optional_data_len > MAX_OPTDATA)
        return "corrupt header (optional data too long)";
    return NULL;
}

int savefile_read_header(int fd, const char *what, char **json, int *stream_version,
                         struct xyl_kvlist *data)
{
    struct xl_savefile_header h;
    const char *bad;
    unsigned char *opt = NULL;
    uint32_t clen;
    int r;

    *json = NULL;
    if (data) {
        data->v = NULL;
        data->n = 0;
    }
    r = fd_read_exact(fd, &h, sizeof(h));
    if (r) {
        fprintf(stderr, "xyl: %s: %s\n", what,
                r > 0 ? "too short for a save file" : strerror(errno));
        return -1;
    }
    bad = savefile_check_header(&h);
    if (bad) {
        fprintf(stderr, "xyl: %s: %s\n", what, bad);
        return -1;
    }
    if (h.optional_data_len) {
        opt = xmalloc(h.optional_data_len);
        r = fd_read_exact(fd, opt, h.optional_data_len);
        if (r) {
            fprintf(stderr, "xyl: %s: %s\n", what, r > 0 ? "truncated header" : strerror(errno));
            goto fail;
        }
    }
    if (h.optional_data_len < sizeof(clen)) {
        fprintf(stderr, "xyl: %s: holds no domain configuration (saved without one); "
                "restore it with 'xl restore CONFIG FILE'\n", what);
        goto fail;
    }
    memcpy(&clen, opt, sizeof(clen));
    if (clen == 0 || clen > h.optional_data_len - sizeof(clen)) {
        fprintf(stderr, "xyl: %s: truncated configuration in the header\n", what);
        goto fail;
    }
    if (!(h.mandatory_flags & XL_MANDATORY_FLAG_JSON)) {
        fprintf(stderr, "xyl: %s: the configuration is in xl.cfg text (an xl before 4.5 saved it); "
                "restore it with 'xl restore'\n", what);
        goto fail;
    }
    *json = xstrndup((const char *)opt + sizeof(clen), clen);   /* NUL-terminated either way */
    *stream_version = (h.mandatory_flags & XL_MANDATORY_FLAG_STREAMv2) ? 2 : 1;
    if (data)
        read_extension(opt + sizeof(clen) + clen, h.optional_data_len - sizeof(clen) - clen,
                       what, data);
    free(opt);
    return 0;
fail:
    free(opt);
    return -1;
}

static void *pump_main(void *arg)
{
    struct pump *p = arg;
    size_t bufsz = 1 << 20;
    char *buf = xmalloc(bufsz);
    ssize_t r;

    /* splice moves pages from the pipe to the output inside the kernel (no
     * copy through here); where the output does not take it, read/write */
    for (;;) {
        r = splice(p->in, NULL, p->out, NULL, bufsz, SPLICE_F_MOVE | SPLICE_F_MORE);
        if (r > 0) {
            __atomic_add_fetch(&p->bytes, (uint64_t)r, __ATOMIC_RELAXED);
            continue;
        }
        if (r == 0)
            goto done;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {          /* a non-blocking output is full */
            struct pollfd pfd = { p->out, POLLOUT, 0 };
            poll(&pfd, 1, -1);
            continue;
        }
        if (errno == EINVAL || errno == ENOSYS)
            break;                      /* not splice-able: copy below */
        p->err = errno;
        p->failed = "write";
        goto done;
    }
    for (;;) {
        r = read(p->in, buf, bufsz);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            p->err = errno;
            p->failed = "read";
            break;
        }
        if (r == 0)
            break;
        if (fd_write_all(p->out, buf, (size_t)r)) {
            p->err = errno;
            p->failed = "write";
            break;
        }
        __atomic_add_fetch(&p->bytes, (uint64_t)r, __ATOMIC_RELAXED);
    }
done:
    free(buf);
    /* on a failed write, the writer (libxl's helper) now gets EPIPE
     * instead of blocking on a full pipe */
    close(p->in);
    return NULL;
}

int pump_start(struct pump *p, int in, int out)
{
    int e;

    memset(p, 0, sizeof(*p));
    p->in = in;
    p->out = out;
    e = pthread_create(&p->th, NULL, pump_main, p);
    if (e) {
        errno = e;
        return -1;
    }
    p->started = true;
    return 0;
}

uint64_t pump_bytes(struct pump *p)
{
    return __atomic_load_n(&p->bytes, __ATOMIC_RELAXED);
}

int pump_join(struct pump *p)
{
    if (!p->started)
        return -1;
    pthread_join(p->th, NULL);
    p->started = false;
    return p->failed ? -1 : 0;
}
