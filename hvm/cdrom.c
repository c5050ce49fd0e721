/*
 * cdrom.c - the medium of an HVM guest's CD-ROM drive (see cdrom.h; the
 * command is toolstack/cmd/cd.c).
 */
#include "hvm/cdrom.h"
#include "base/util.h"
#include "model/schema.h"
#include "model/schema_check.h"

#include <stdlib.h>
#include <string.h>

struct xyl_disk *hvm_cdrom_medium(struct xyl_guest *g, const char *file, const char *vdev,
                                  const char *target, struct diags *d)
{
    struct xyl_load ld = { d, file, g };
    struct ynode node;
    struct xyl_disk *dk;
    char *spec;
    int r;

    /* the same disk spec xl builds, read by libxlutil like any disk item */
    spec = xasprintf("vdev=%s, access=ro, devtype=cdrom, target=%s", vdev, target);
    memset(&node, 0, sizeof(node));
    node.kind = Y_SCALAR;
    node.mark.line = node.mark.col = 1;
    node.str = spec;
    node.len = strlen(spec);
    dk = disk_new_item(g);
    r = disk_parse_spec(&ld, &node, dk);
    free(spec);
    return r || d->errors ? NULL : dk;
}
