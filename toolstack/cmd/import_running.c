/*
 * xyl import-running [-o FILE] NAME|ID - adopt a guest that xl (or anything
 * else on libxl) created: its libxl configuration as a YAML definition
 * (domain/adopt.c).  With -o the file is written and the running domain is
 * recorded as xyl's guest, so `xyl plan` on its folder finds it unchanged;
 * nothing restarts.
 */
#include "cli/command.h"
#include "domain/adopt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* the YAML to a new file (an existing one is never overwritten) */
static int write_new(const char *file, const struct strbuf *y)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
    ssize_t n;

    if (fd < 0) {
        fprintf(stderr, "xyl: cannot create %s: %s\n", file, strerror(errno));
        return -1;
    }
    n = write(fd, y->buf, y->len);
    if (n != (ssize_t)y->len) {
        fprintf(stderr, "xyl: cannot write %s: %s\n", file, n < 0 ? strerror(errno) : "short write");
        close(fd);
        unlink(file);
        return -1;
    }
    if (close(fd)) {
        fprintf(stderr, "xyl: cannot write %s: %s\n", file, strerror(errno));
        unlink(file);
        return -1;
    }
    return 0;
}

int cmd_import_running(const struct cmd_args *a, const struct xyl_opts *o)
{
    const char *out = arg_str(a, "o", NULL);
    struct xyl_xen x;
    struct diags d = { 0 };
    struct strbuf y = STRBUF_INIT;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0 &&
        adopt_running(&x, domid, &y, &d) == 0) {
        if (!out) {
            fputs(sb_str(&y), stdout);
            rc = XYL_EXIT_OK;
        } else if (write_new(out, &y) == 0 && adopt_record(domid, out) == 0) {
            printf("adopted %s (domid %u) as %s\n", a->pos[0], domid, out);
            rc = XYL_EXIT_OK;
        }
    }
    diags_print(&d, stderr);
    diags_free(&d);
    sb_free(&y);
    xen_close(&x);
    return rc;
}
