/*
 * cloudinit.c - the NoCloud seed image (cloudinit.h): mkfs.fat makes an
 * empty FAT filesystem labelled cidata in a new file, mcopy puts the
 * files in from a private temporary folder.
 */
#include "images/cloudinit.h"
#include "images/images.h"
#include "base/util.h"
#include "model/guest.h"

#include <libxl_utils.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1 MiB of FAT12: the three files are a few KiB; cloud-init's limit for
 * user-data is far below it */
#define SEED_KIB "1024"
/* 2048-byte sectors: an HVM guest reads the seed from a CD, whose blocks are
 * 2048 bytes, and Linux mounts no FAT whose sectors are smaller than the
 * device's blocks; on a disk (PV, PVH) 2048 is as good as 512 */
#define SEED_SECTOR "2048"

char *cloudinit_meta_data(const char *uuid, const char *name)
{
    /* a host name has no spaces (RFC 1123), a guest name may:
     * "web server" becomes web-server */
    char *host = xstrdup(name), *p, *m;
    for (p = host; *p; p++)
        if (*p == ' ')
            *p = '-';
    m = xasprintf("instance-id: %s\nlocal-hostname: %s\n", uuid, host);
    free(host);
    return m;
}

void cloudinit_seed_hash(const struct cloudinit_seed *s, char *hex)
{
    struct strbuf sb = STRBUF_INIT;
    const char *parts[] = { "user-data", s->user_data, "meta-data", s->meta_data,
                            "network-config", s->network_config };
    size_t i;

    /* "name NUL", then "+content NUL" or "-" when the file is absent */
    for (i = 0; i < ARRAY_SIZE(parts); i += 2) {
        sb_add(&sb, parts[i], strlen(parts[i]) + 1);
        sb_addc(&sb, parts[i + 1] ? '+' : '-');
        if (parts[i + 1])
            sb_add(&sb, parts[i + 1], strlen(parts[i + 1]) + 1);
    }
    sha256_hex(sb.buf, sb.len, hex);
    sb_free(&sb);
}

static int write_text(const char *dir, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), rc = -1;
    size_t len = strlen(text);

    if (fd < 0 || write(fd, text, len) != (ssize_t)len)
        fprintf(stderr, "xyl: cannot write %s: %s\n", p, strerror(errno));
    else
        rc = 0;
    if (fd >= 0 && close(fd) && !rc) {
        fprintf(stderr, "xyl: cannot write %s: %s\n", p, strerror(errno));
        rc = -1;
    }
    free(p);
    return rc;
}

static int copy_in(const char *image, const char *dir, const char *name)
{
    char *src = xasprintf("%s/%s", dir, name), *dst = xasprintf("::%s", name);
    const char *argv[] = { "mcopy", "-i", image, src, dst, NULL };
    int rc = run_program_quiet((char *const *)argv, "mtools");

    free(src);
    free(dst);
    return rc;
}

int cloudinit_seed_make(const char *path, const struct cloudinit_seed *s)
{
    const char *mkfs[] = { "mkfs.fat", "-C", "-S", SEED_SECTOR, "-n", CLOUDINIT_LABEL,
                           (char *)path, SEED_KIB, NULL };
    char tmp[] = "/tmp/xyl-cidata-XXXXXX";
    const char *names[] = { "user-data", "meta-data", "network-config" };
    const char *texts[] = { s->user_data, s->meta_data, s->network_config };
    int rc = -1, made = 0;
    size_t i;

    if (!access(path, F_OK)) {
        fprintf(stderr, "xyl: cannot make the cloud-init seed %s: it exists\n", path);
        return -1;
    }
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "xyl: cannot make a temporary folder: %s\n", strerror(errno));
        return -1;
    }
    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (texts[i] && write_text(tmp, names[i], texts[i]))
            goto out;
    /* -C creates the file itself (O_EXCL) */
    if (run_program_quiet((char *const *)mkfs, "dosfstools"))
        goto out;
    made = 1;
    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (texts[i] && copy_in(path, tmp, names[i]))
            goto out;
    rc = 0;
out:
    if (rc && made)
        unlink(path);
    for (i = 0; i < ARRAY_SIZE(names); i++) {
        char *p = xasprintf("%s/%s", tmp, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmp);
    return rc;
}

/* user-data and network-config are small: cloud-init reads far less */
#define DOC_MAX (1024 * 1024)

static char *doc_text(const struct xyl_doc *doc, const char *header)
{
    char *t;

    if (doc->text)
        return xasprintf("%s%s\n", header, doc->text);
    if (!doc->path)
        return NULL;
    t = read_file(doc->path, DOC_MAX, NULL);
    if (!t)
        fprintf(stderr, "xyl: cannot read cloud-init file %s: %s\n", doc->path, strerror(errno));
    return t;
}

int cloudinit_guest_seed(const struct xyl_guest *g, struct cloudinit_seed *s)
{
    char uuid[40];
    const struct xyl_cloudinit *ci = &g->cloud_init;

    memset(s, 0, sizeof(*s));
    snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(g->uuid));
    s->meta_data = cloudinit_meta_data(uuid, g->name);
    s->user_data = doc_text(&ci->user_data, "#cloud-config\n");
    if (!s->user_data)
        goto fail;
    if ((ci->network_config.path || ci->network_config.text) &&
        !(s->network_config = doc_text(&ci->network_config, "")))
        goto fail;
    return 0;
fail:
    cloudinit_seed_free(s);
    return -1;
}

void cloudinit_seed_free(struct cloudinit_seed *s)
{
    free((char *)s->user_data);
    free((char *)s->meta_data);
    free((char *)s->network_config);
    memset(s, 0, sizeof(*s));
}

int cloudinit_guest_seed_make(const struct xyl_guest *g, const char *path)
{
    struct cloudinit_seed s;
    char *tmp = xasprintf("%s.new", path);
    int rc = -1;

    if (cloudinit_guest_seed(g, &s))
        goto out;
    unlink(tmp);                /* a leftover of an interrupted run */
    if (cloudinit_seed_make(tmp, &s))
        goto out;
    if (rename(tmp, path)) {
        fprintf(stderr, "xyl: cannot rename %s to %s: %s\n", tmp, path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    cloudinit_seed_free(&s);
    free(tmp);
    return rc;
}
