/*
 * xl_side.h - the libxlutil side of the benchmark: one xl.cfg text to a
 * libxl_domain_config and its JSON, doing the work xl's parse_config_data()
 * does for the keys xyl exports (see xl_side.c).
 */
#ifndef XYL_BENCH_XL_SIDE_H
#define XYL_BENCH_XL_SIDE_H

#include <stddef.h>

#include <libxl.h>

/* Parse cfg (len bytes) into dc (initialised here; the caller disposes).
 * Returns 0, or -1 after printing why. */
int xl_parse(const char *cfg, size_t len, libxl_domain_config *dc);

/* xl_parse() + libxl_domain_config_to_json(); returns malloc'ed JSON or NULL. */
char *xl_to_json(const char *cfg, size_t len);

/* Only xlu_cfg_init + xlu_cfg_readdata + xlu_cfg_destroy (for the breakdown). */
int xl_readdata_only(const char *cfg, size_t len);

/* Number of key lookups xl_parse() makes for a guest of this xl type. */
int xl_lookup_count(const char *type);

#endif
