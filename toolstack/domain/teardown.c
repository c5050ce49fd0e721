/*
 * teardown.c - destroying a domain and everything xyl added to it, in one
 * place (see teardown.h for the steps and who calls it).
 */
#include "domain/teardown.h"
#include "domain/meta.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

#include <stdio.h>
#include <unistd.h>

#define RELEASE_POLLS   100     /* TEARDOWN_WAIT: 100 x 100 ms */
#define RELEASE_POLL_US (100 * 1000)

int domain_teardown(struct xyl_xen *x, uint32_t domid, const char *name, unsigned flags)
{
    libxl_dominfo info;
    bool exists;
    int i, rc = 0;

    libxl_dominfo_init(&info);
    exists = libxl_domain_info(x->ctx, &info, domid) == 0;     /* its UUID, for the record */
    if (!exists && !(flags & TEARDOWN_GONE_OK)) {
        if (!(flags & TEARDOWN_QUIET))
            fprintf(stderr, "xyl: %s: there is no domain %u to destroy\n", name, domid);
        rc = -1;
        goto out;
    }
    if (exists && libxl_domain_destroy(x->ctx, domid, NULL)) {
        if (!(flags & TEARDOWN_QUIET))
            fprintf(stderr, "xyl: %s: libxl could not destroy domain %u\n", name, domid);
        rc = -1;
        goto out;
    }
    xyl_vbd_remove_all(domid);      /* backend: xyl disks */
    xyl_vif_remove_all(domid);      /* and NICs */
    if (exists && !(flags & TEARDOWN_KEEP_RECORD))
        meta_remove(&info.uuid);
    for (i = 0; (flags & TEARDOWN_WAIT) && i < RELEASE_POLLS &&
                libxl_domain_info(x->ctx, NULL, domid) == 0; i++)
        usleep(RELEASE_POLL_US);
out:
    libxl_dominfo_dispose(&info);
    return rc;
}
