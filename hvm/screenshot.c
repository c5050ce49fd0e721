/*
 * screenshot.c - xyl screenshot's work (hvm/screenshot.h).  QEMU writes
 * the screen as a PPM into a folder only root can enter (mkdtemp, 0700:
 * Debian's qemu-xen runs as root), the PPM is streamed row by row through
 * libpng into a temporary file beside the target, and link() (no -f) or
 * rename() (-f) puts it in place, so an existing file is never touched
 * without -f and a failure or Ctrl-C leaves neither a half PNG nor the PPM.
 */
#include "hvm/screenshot.h"
#include "hvm/qmp.h"
#include "base/interrupt.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The next number of a PPM header: whitespace and # comments skipped. */
static long ppm_number(FILE *in)
{
    long v = 0;
    int c, digits = 0;

    for (;;) {
        c = getc(in);
        if (c == '#')
            while ((c = getc(in)) != EOF && c != '\n')
                ;
        else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
    }
    while (c >= '0' && c <= '9' && digits < 9) {
        v = v * 10 + (c - '0');
        digits++;
        c = getc(in);
    }
    /* exactly one whitespace byte ends the number (and the header) */
    if (!digits || !(c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        return -1;
    return v;
}

static void png_error_fn(png_structp p, png_const_charp msg)
{
    fprintf(stderr, "xyl: cannot write the PNG: %s\n", msg);
    png_longjmp(p, 1);
}

static void png_warning_fn(png_structp p, png_const_charp msg)
{
    (void)p;
    (void)msg;      /* libpng's warnings are about what it can fix itself */
}

int ppm_to_png(FILE *in, FILE *out, const char *src, struct shot_info *si)
{
    png_structp p = NULL;
    png_infop info = NULL;
    png_bytep volatile row = NULL;
    unsigned char first[3];
    long w, h, maxval, y;
    volatile int rc = -1;      /* set after setjmp */

    if (getc(in) != 'P' || getc(in) != '6') {
        fprintf(stderr, "xyl: %s is not a binary PPM (P6)\n", src);
        return -1;
    }
    w = ppm_number(in);
    h = ppm_number(in);
    maxval = ppm_number(in);
    if (w < 1 || h < 1 || w > SHOT_MAX_DIM || h > SHOT_MAX_DIM) {
        fprintf(stderr, "xyl: %s: bad PPM size (1 to %d pixels each way)\n", src, SHOT_MAX_DIM);
        return -1;
    }
    if (maxval != 255) {
        fprintf(stderr, "xyl: %s: only 8-bit PPMs (maxval 255) are read\n", src);
        return -1;
    }
    p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_error_fn, png_warning_fn);
    if (!p || !(info = png_create_info_struct(p))) {
        fprintf(stderr, "xyl: libpng could not start\n");
        goto out;
    }
    row = xmalloc((size_t)w * 3);
    si->width = w;
    si->height = h;
    si->blank = true;
    if (setjmp(png_jmpbuf(p)))
        goto out;               /* the error was printed by png_error_fn */
    png_init_io(p, out);
    png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(p, info);
    for (y = 0; y < h; y++) {
        if (fread(row, 3, (size_t)w, in) != (size_t)w) {
            fprintf(stderr, "xyl: %s is truncated (%ld of %ld rows)\n", src, y, h);
            goto out;
        }
        if (y == 0)
            memcpy(first, row, 3);
        for (long x = 0; si->blank && x < w; x++)
            if (memcmp(row + x * 3, first, 3))
                si->blank = false;
        png_write_row(p, row);
    }
    png_write_end(p, info);
    if (fflush(out)) {
        fprintf(stderr, "xyl: cannot write the PNG: %s\n", strerror(errno));
        goto out;
    }
    rc = 0;
out:
    png_destroy_write_struct(&p, &info);
    free(row);
    return rc;
}

/* dest's folder, for the temporary file (caller frees) */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return xstrdup(".");
    return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

int ppm_file_to_png(const char *ppm, const char *dest, bool force, struct shot_info *info)
{
    char *dir = dir_of(dest), *tmp = xasprintf("%s/.xyl-screenshot-XXXXXX", dir);
    FILE *in = NULL, *out = NULL;
    int fd, rc = -1;

    in = fopen(ppm, "rbe");
    if (!in) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", ppm, strerror(errno));
        goto out;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot write in %s: %s\n", dir, strerror(errno));
        goto out;
    }
    fchmod(fd, 0644);
    out = fdopen(fd, "wb");
    if (!out) {
        close(fd);
        goto drop;
    }
    if (ppm_to_png(in, out, ppm, info) || fsync(fileno(out))) {
        goto drop;
    }
    if (fclose(out)) {
        out = NULL;
        fprintf(stderr, "xyl: cannot write %s: %s\n", dest, strerror(errno));
        goto drop;
    }
    out = NULL;
    if (interrupt_check("screenshot not written"))
        goto drop;
    if (force ? rename(tmp, dest) : link(tmp, dest)) {
        if (errno == EEXIST)
            fprintf(stderr, "xyl: %s exists (-f replaces it)\n", dest);
        else
            fprintf(stderr, "xyl: cannot write %s: %s\n", dest, strerror(errno));
        goto drop;
    }
    if (!force)
        unlink(tmp);
    rc = 0;
    goto out;
drop:
    if (out)
        fclose(out);
    out = NULL;
    unlink(tmp);
out:
    if (in)
        fclose(in);
    free(tmp);
    free(dir);
    return rc;
}

int hvm_screenshot(uint32_t domid, const char *name, const char *dest, bool force,
                   struct shot_info *info)
{
    char dir[] = "/tmp/xyl-screenshot-XXXXXX";
    char *sock, *ppm = NULL, *who;
    struct stat st;
    struct qmp q;
    int rc = -1;

    /* refused before QEMU is asked: the link() at the end is the real guard */
    if (!force && !lstat(dest, &st)) {
        fprintf(stderr, "xyl: %s exists (-f replaces it)\n", dest);
        return -1;
    }
    if (!mkdtemp(dir)) {
        fprintf(stderr, "xyl: cannot make a folder in /tmp: %s\n", strerror(errno));
        return -1;
    }
    sock = qmp_socket_path(domid);
    who = xasprintf("the device model of %s", name);
    if (qmp_open(&q, sock, who, QMP_TIMEOUT_MS))
        goto out;
    ppm = xasprintf("%s/screen.ppm", dir);
    rc = qmp_screendump(&q, ppm);
    qmp_close(&q);
    if (!rc)
        rc = ppm_file_to_png(ppm, dest, force, info);
out:
    if (ppm)
        unlink(ppm);
    rmdir(dir);
    free(ppm);
    free(who);
    free(sock);
    return rc;
}
