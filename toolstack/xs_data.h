/*
 * xs_data.h - writing a guest's `xenstore:` keys under its data/ tree.
 */
#ifndef XYL_XS_DATA_H
#define XYL_XS_DATA_H

#include <stdint.h>

#include "guest.h"

/* All keys in one transaction (retried on EAGAIN). Returns 0 or -1 after
 * printing one line. */
int xs_write_guest_data(uint32_t domid, const struct xyl_kvlist *kv);

#endif
