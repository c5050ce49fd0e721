/*
 * fake_devs.h - a daemon's device table for the backends' tests: both
 * fakes (xenstore, Xen) reset and the table zeroed with its kind and ops,
 * ready for the test's own knobs and pv_devs_open().
 */
#ifndef XYL_FAKE_DEVS_H
#define XYL_FAKE_DEVS_H

#include <string.h>

#include "pv-drivers/common/pv_dev.h"
#include "fake_xs.h"
#include "fake_xen.h"

static inline void fake_devs_init(struct pv_devs *s, const struct xb_kind *kind,
                                  const struct pv_dev_ops *ops)
{
    fake_xs_reset();
    fake_xen_reset();
    memset(s, 0, sizeof(*s));
    s->kind = kind;
    s->ops = ops;
}

#endif
