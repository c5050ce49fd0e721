/*
 * fake_hpxs.h - xenstore as a table for the hotplug helpers' tests
 * (test_vif_bridge, test_block): struct hp_xs over paths and values, with
 * directory listing and writes that can be made to fail.
 */
#ifndef XYL_FAKE_HPXS_H
#define XYL_FAKE_HPXS_H

#include "pv-drivers/hotplug/hp_util.h"

extern const struct hp_xs hpxs_tab;
extern int hpxs_fail_writes;        /* nonzero: every write fails */

void hpxs_reset(void);
/* set a node (asserts there is room) */
void hpxs_put(const char *path, const char *value);
/* a node's value, or NULL */
const char *hpxs_val(const char *path);

#endif
