/*
 * xlcfg.h - conversion between guest definitions and xl.cfg files.
 *
 * Export writes every value xl needs to build the same libxl configuration
 * (including the derived UUID and MACs); import reads xl.cfg with
 * libxlutil's own parser (xlu_cfg_*) and writes YAML.
 */
#ifndef XYL_XLCFG_H
#define XYL_XLCFG_H

#include "base/diag.h"
#include "model/guest.h"
#include "base/util.h"

void xlcfg_export(const struct xyl_guest *g, struct strbuf *out);

/* Returns 0, or -1 with diagnostics.  Keys xyl cannot represent are
 * reported as errors unless lossy, then as warnings. */
int xlcfg_import(const char *file, const char *text, size_t len, int lossy,
                 struct strbuf *yaml, struct diags *d);

/* YAML scalar, plain when unambiguous, else double-quoted. */
void yaml_scalar(struct strbuf *sb, const char *s);

#endif
