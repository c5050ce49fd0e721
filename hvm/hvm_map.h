/*
 * hvm_map.h - what only HVM guests map into libxl's build info (the rest of
 * the mapping: toolstack/xen/libxl_map.h).
 */
#ifndef XYL_HVM_MAP_H
#define XYL_HVM_MAP_H

#include <libxl.h>

#include "model/guest.h"

/* firmware: of an HVM guest: bios, seabios, rombios, uefi/ovmf, or a path */
void hvm_map_firmware(const char *firmware, libxl_domain_build_info *b);

/* the hvm: keys and the boot order (b is of type HVM) */
void hvm_map_build_info(const struct xyl_guest *g, libxl_domain_build_info *b);

#endif
