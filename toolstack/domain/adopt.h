/*
 * adopt.h - a running domain (created by xl, or anything else on libxl)
 * turned into a YAML guest definition: `xyl import-running NAME|ID`.
 *
 * The definition is built from libxl_retrieve_domain_configuration(), so
 * `xyl -N create` of it gives back that configuration in every part xyl's
 * schema holds; what it cannot hold (vfbs, vTPMs, channels, ...) is
 * refused by name rather than dropped.
 */
#ifndef XYL_ADOPT_H
#define XYL_ADOPT_H

#include <stdint.h>

#include <libxl.h>

#include "base/diag.h"
#include "base/util.h"
#include "xen/xen.h"

/* dc -> YAML (appended to yaml).  0, or -1 with diagnostics naming what
 * xyl cannot represent (file is what they name: the domain). */
int adopt_config_to_yaml(const libxl_domain_config *dc, const char *what,
                         struct strbuf *yaml, struct diags *d);

/* Retrieve domid's configuration and write its YAML.  0, or -1 (printed
 * or in d). */
int adopt_running(struct xyl_xen *x, uint32_t domid, struct strbuf *yaml, struct diags *d);

/* After the YAML was written to file: load it, and record the running
 * domain as xyl's guest (meta.h), so plan and the monitor know it.  Nothing
 * restarts.  0, or -1 (printed). */
int adopt_record(uint32_t domid, const char *file);

#endif
