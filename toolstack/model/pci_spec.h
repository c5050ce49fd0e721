/*
 * pci_spec.h - a `pci:` item read as xl reads it, without tripping
 * libxlutil 4.17's BDF parser on hostile text.
 */
#ifndef XYL_MODEL_PCI_SPEC_H
#define XYL_MODEL_PCI_SPEC_H

#include <stdbool.h>

#include <libxl.h>
#include <libxlutil.h>

/* true when libxlutil 4.17's parse_bdf() would read past BDF text that
 * lacks the '.' before the function ("0:0", "0:0:0,name=x"), see
 * pci_spec.c */
bool pci_bdf_trips_libxlutil(const char *bdf);

/* xlu_pci_parse_spec_string(), but ERROR_INVAL (as libxlutil answers any
 * malformed BDF) for a spec whose positional BDF or "bdf=" value would trip
 * it; its result otherwise */
int pci_spec_parse(XLU_Config *cfg, libxl_device_pci *pci, const char *spec);

#endif
